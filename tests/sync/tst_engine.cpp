// The engine's rules, each in virtual time against the real simulator core.
#include "EngineRig.h"
#include "RegionLane.h"

#include <QSignalSpy>
#include <QTest>

#include <algorithm>

using namespace icp;

namespace {
const QString kApse1 = QStringLiteral("ap-southeast-1");
const QString kUse1 = QStringLiteral("us-east-1");

Scenario seedPeak()
{
    QString error;
    auto sc = Scenario::load(QStringLiteral("seed-peak"), &error);
    if (!sc)
        qFatal("%s", qPrintable(error));
    return *sc;
}

// A quiet copy of seed-peak: no timeline, so only what a test ingests happens.
Scenario quiet()
{
    Scenario sc = seedPeak();
    sc.timeline.clear();
    return sc;
}

qint64 p99(QList<qint64> v)
{
    if (v.isEmpty())
        return 0;
    std::sort(v.begin(), v.end());
    return v[qsizetype(0.99 * double(v.size() - 1) + 0.5)];
}

void postFault(EngineRig &rig, const QString &region, const Json &fault)
{
    bool posted = false;
    rig.core.handle(region, HttpRequest{"POST", QUrl(QStringLiteral("http://%1.sim.invalid/sim/v1/faults").arg(region)), {},
                                        dumpJson(fault), 1000},
                    [&](const HttpResponse &r) { posted = r.status == 200; });
    rig.clock.advanceBy(50);
    if (!posted)
        qFatal("fault not accepted");
}

bool runIdle(EngineRig &rig, qint64 forMs)
{
    return rig.clock.runUntil([&]() { return rig.engine->isIdle(); }, rig.clock.nowMs() + forMs);
}
} // namespace

class TestEngine : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void seedPeakConvergesWithFewConflicts_data();
    void seedPeakConvergesWithFewConflicts();
    void coalescesToTheNewest();
    void splitsLargeBatches();
    void oneWriterPerGroup();
    void rebasesAfterConflict();
    void pauseAndResume();
    void newTokenOn401ThenBlocksOnRevocation();
    void rejectedGoesToDeadLetters();
    void resyncRequeuesWhatTheIcpLost();
    void resumesUnfinishedBatchWithSameKey();
    void noRetryOn403NamesTheScope();
    void honoursRetryAfter();
    void settleLearningHoldsUntilRecomputesLand_data();
    void settleLearningHoldsUntilRecomputesLand();
    void reconcilerConflictRebasesWithoutReread();
    void deadLettersTooOldChanges();
    void retriesAndDiscardsDeadLetters();
};

void TestEngine::seedPeakConvergesWithFewConflicts_data()
{
    QTest::addColumn<quint64>("seed");
    for (quint64 s : {1, 2})
        QTest::addRow("seed %llu", s) << s;
}

void TestEngine::seedPeakConvergesWithFewConflicts()
{
    QFETCH(quint64, seed);
    const Scenario sc = seedPeak();
    EngineRig rig(sc, seed);
    sim::ScenarioFeed feed(sc, seed, rig.clock);
    QHash<QString, OutboxChange> newest;
    rig.core.start();
    feed.start([&](const TimelineEvent &ev) {
        const OutboxChange c{ev.change, ev.region, ev.skillGroupId};
        newest.insert(c.change.agentId, c);
        rig.engine->ingest({c});
    });
    rig.clock.advanceTo(sc.startTimeMs + sc.durationMs);
    QVERIFY(rig.clock.runUntil([&]() { return feed.isFinished() && rig.engine->isIdle(); },
                               sc.startTimeMs + sc.durationMs + 60000));
    int notHeld = 0;
    for (const auto &c : std::as_const(newest))
        notHeld += rig.holds(c) ? 0 : 1;
    for (const QString &region : {kApse1, kUse1}) {
        const StrategyCounters c = rig.engine->counters(region);
        const sim::SimCounters *s = rig.core.counters(region);
        qInfo("%s: ingested %lld applied %lld superseded %lld dead %lld writes %lld 409s %lld (%.3f per applied, %.0f%% of writes) "
              "429s %lld requests %lld p99 %lld ms",
              qPrintable(region), c.ingested, c.applied, c.superseded, c.deadLetters, c.writes, c.conflicts409,
              double(c.conflicts409) / double(qMax<qint64>(1, c.applied)),
              100.0 * double(c.conflicts409) / double(qMax<qint64>(1, c.writes)), c.throttled429, c.requests,
              p99(c.stalenessMs));
        QCOMPARE(c.deadLetters, 0);
        QCOMPARE(s->throttled429, 0);
        // Staleness p99 is reported above; its target (< 2 s) is a benchmark figure, not asserted here.
    }
    QCOMPARE(notHeld, 0);
    const StrategyCounters a = rig.engine->counters(kApse1);
    QVERIFY2(double(a.conflicts409) / double(a.applied) < 0.08, "ap-southeast-1 409s per applied change");
}

void TestEngine::coalescesToTheNewest()
{
    EngineRig rig(quiet(), 1);
    const QString agent = QStringLiteral("use1-g1-a0001");
    const OutboxChange c1 = rig.change(agent, AgentStatus::Available, 2);
    const OutboxChange c2 = rig.change(agent, AgentStatus::OnCall, 2, 5);
    const OutboxChange c3 = rig.change(agent, AgentStatus::Break, 2, 10);
    rig.engine->ingest({c1});
    rig.engine->ingest({c3, c2}); // c2 arrives late: stale
    QVERIFY(runIdle(rig, 10000));
    QVERIFY(rig.holds(c3));
    QCOMPARE(rig.core.counters(kUse1)->writesApplied, 1);
    QCOMPARE(rig.engine->counters(kUse1).stale, 1);
    QCOMPARE(rig.engine->counters(kUse1).superseded, 1);
}

void TestEngine::splitsLargeBatches()
{
    EngineConfig cfg;
    cfg.batchMax = 30;
    cfg.settleLearning = false;
    EngineRig rig(quiet(), 1, cfg);
    QList<OutboxChange> changes;
    for (int i = 1; i <= 75; ++i)
        changes << rig.change(QStringLiteral("use1-g1-a%1").arg(i, 4, 10, QLatin1Char('0')), AgentStatus::Available, 3);
    rig.engine->ingest(changes);
    QVERIFY(runIdle(rig, 20000));
    QCOMPARE(rig.core.counters(kUse1)->writesApplied, 3); // 30 + 30 + 15
    for (const auto &c : changes)
        QVERIFY(rig.holds(c));
}

void TestEngine::oneWriterPerGroup()
{
    EngineRig rig(quiet(), 1);
    // Slow answers: changes keep arriving while a write is in flight.
    Json fault{{"action", "latency"}, {"latencyMs", 2000}, {"path", "/api/v1/icp/skillgroups/*/capacity:bulk"}, {"count", 50}};
    bool posted = false;
    rig.core.handle(kUse1, HttpRequest{"POST", QUrl(QStringLiteral("http://us-east-1.sim.invalid/sim/v1/faults")), {},
                                       dumpJson(fault), 1000},
                    [&](const HttpResponse &r) { posted = r.status == 200; });
    rig.clock.advanceBy(100);
    QVERIFY(posted);
    int maxInFlight = 0;
    QObject probe;
    std::function<void()> sample = [&]() {
        for (const auto &b : rig.engine->snapshot().batches)
            if (b.skillGroupId == QLatin1String("use1-sg-1") && b.state == WriterState::InFlight)
                maxInFlight = qMax(maxInFlight, 1);
        rig.clock.callAfter(50, &probe, sample);
    };
    sample();
    QList<OutboxChange> all;
    for (int i = 1; i <= 20; ++i) {
        all << rig.change(QStringLiteral("use1-g1-a%1").arg(i, 4, 10, QLatin1Char('0')), AgentStatus::Available, 1);
        rig.engine->ingest({all.last()});
        rig.clock.advanceBy(300);
    }
    QVERIFY(runIdle(rig, 60000));
    // 20 changes over 6 s with 2 s writes: each write carried what arrived during the previous one.
    QVERIFY2(rig.core.counters(kUse1)->writesApplied <= 5, qPrintable(QString::number(rig.core.counters(kUse1)->writesApplied)));
    QCOMPARE(rig.core.counters(kUse1)->conflicts409, 0);
    for (const auto &c : all)
        QVERIFY(rig.holds(c));
}

void TestEngine::rebasesAfterConflict()
{
    EngineConfig cfg;
    cfg.settleLearning = false;
    EngineRig rig(quiet(), 1, cfg, /*withEvents=*/false);
    // First write learns the version; then a foreign writer bumps it behind the engine's back.
    const OutboxChange c1 = rig.change(QStringLiteral("use1-g2-a0001"), AgentStatus::Available, 1);
    rig.engine->ingest({c1});
    QVERIFY(runIdle(rig, 10000));
    rig.core.handle(kUse1, HttpRequest{"POST", QUrl(QStringLiteral("http://us-east-1.sim.invalid/sim/v1/faults")), {}, QByteArray("{}"), 1000},
                    [](const HttpResponse &) {});
    // A foreign write: post straight to the ICP with the current version from another client's view.
    const sim::GroupState *g = rig.core.group(kUse1, QStringLiteral("use1-sg-2"));
    const qint64 before = g->version;
    IcpClient other(Region{kUse1, kUse1, sim::InProcessTransport::baseUrl(kUse1), sim::InProcessTransport::baseUrl(kUse1),
                           sim::InProcessTransport::baseUrl(kUse1)},
                    RegionCredentials{rig.scenario.regions[1].clients[0].clientId, rig.scenario.regions[1].clients[0].clientSecret},
                    rig.transport, rig.clock);
    bool foreignDone = false;
    other.postBulk(QStringLiteral("use1-sg-2"),
                   BulkCapacityRequest{before, {AgentAvailability{QStringLiteral("use1-g2-a0002"), AgentStatus::Break, 1, rig.clock.nowMs()}}},
                   "foreign-1", [&](ApiResult<BulkCapacityResponse> r) { foreignDone = r.ok(); });
    QVERIFY(rig.clock.runUntil([&]() { return foreignDone; }, rig.clock.nowMs() + 5000));
    const OutboxChange c2 = rig.change(QStringLiteral("use1-g2-a0003"), AgentStatus::Available, 1);
    rig.engine->ingest({c2});
    QVERIFY(runIdle(rig, 20000));
    QVERIFY(rig.holds(c2));
    QCOMPARE(rig.core.counters(kUse1)->conflicts409, 1);
    const EngineSnapshot s = rig.engine->snapshot();
    QCOMPARE(s.recentConflicts.size(), 1);
    const ConflictRecord &rec = s.recentConflicts.first();
    QCOMPARE(rec.expectedVersion, before);
    QCOMPARE(rec.currentVersion, before + 1);
    QVERIFY(!rec.correlationId.isEmpty());
    QVERIFY(rec.responseBody.contains("CONFLICT"));
    QVERIFY2(rec.resolution.startsWith(QLatin1String("applied at attempt 2")), qPrintable(rec.resolution));
    QCOMPARE(rec.serverAfterReread.size(), 1);
    QVERIFY(rec.reread); // a writer that is not a recompute actor may have changed members: read them
    // The region card's counts and the plain-words diagnosis name the foreign writer.
    QCOMPARE(s.regions[1].conflictsLastMinute, 1);
    QCOMPARE(s.regions[0].conflictsLastMinute, 0);
    QVERIFY2(s.regions[1].diagnosis.contains(QLatin1String("100% of 1 recent conflicts follow a change by icp-console-use1")),
             qPrintable(s.regions[1].diagnosis));
    QVERIFY(s.regions[0].diagnosis.isEmpty());
    rig.clock.advanceBy(61000);
    QCOMPARE(rig.engine->snapshot().regions[1].conflictsLastMinute, 0); // a minute later it has left the window
}

void TestEngine::pauseAndResume()
{
    EngineRig rig(quiet(), 1);
    rig.engine->pause();
    const OutboxChange c = rig.change(QStringLiteral("use1-g1-a0005"), AgentStatus::Available, 2);
    rig.engine->ingest({c});
    rig.clock.advanceBy(5000);
    QCOMPARE(rig.core.counters(kUse1)->writes, 0);
    QVERIFY(rig.engine->isPaused(kUse1));
    rig.engine->resume();
    QVERIFY(runIdle(rig, 10000));
    QVERIFY(rig.holds(c));
}

void TestEngine::newTokenOn401ThenBlocksOnRevocation()
{
    EngineRig rig(quiet(), 1);
    const OutboxChange c1 = rig.change(QStringLiteral("use1-g1-a0007"), AgentStatus::Available, 2);
    rig.engine->ingest({c1});
    QVERIFY(runIdle(rig, 10000));
    auto fault = [&](const char *json) {
        rig.core.handle(kUse1, HttpRequest{"POST", QUrl(QStringLiteral("http://us-east-1.sim.invalid/sim/v1/faults")), {},
                                           QByteArray(json), 1000}, [](const HttpResponse &) {});
        rig.clock.advanceBy(100);
    };
    fault(R"({"action":"expireTokens"})");
    const OutboxChange c2 = rig.change(QStringLiteral("use1-g1-a0008"), AgentStatus::Available, 2);
    rig.engine->ingest({c2});
    QVERIFY(runIdle(rig, 10000));
    QVERIFY(rig.holds(c2)); // a new token, then the write
    QCOMPARE(rig.core.counters(kUse1)->tokensIssued, 2);

    fault(R"({"action":"revokeTokens","count":1000})");
    const qint64 requestsBefore = rig.core.counters(kUse1)->requests;
    const OutboxChange c3 = rig.change(QStringLiteral("use1-g1-a0009"), AgentStatus::Available, 2);
    rig.engine->ingest({c3});
    rig.clock.advanceBy(30000);
    const EngineSnapshot s = rig.engine->snapshot();
    const RegionStatus &r = s.regions[1];
    QCOMPARE(r.region, kUse1);
    QCOMPARE(r.state, RegionSyncState::Blocked);
    QVERIFY2(r.lastError.contains(QLatin1String("401")), qPrintable(r.lastError));
    // No retry loop: a blocked region sends nothing more.
    QVERIFY(rig.core.counters(kUse1)->requests - requestsBefore <= 1);
    QVERIFY(!rig.holds(c3));
    QCOMPARE(rig.engine->outboxRef().counters().pending, 1); // nothing lost
}

void TestEngine::rejectedGoesToDeadLetters()
{
    EngineRig rig(quiet(), 1);
    // An agent the ICP does not know in that group: the item is rejected, the rest of the batch applies.
    const OutboxChange good = rig.change(QStringLiteral("use1-g3-a0001"), AgentStatus::Available, 2);
    OutboxChange bad = rig.change(QStringLiteral("use1-g3-a0002"), AgentStatus::Available, 2);
    bad.change.agentId = QStringLiteral("ghost-agent");
    rig.engine->ingest({good, bad});
    QVERIFY(runIdle(rig, 10000));
    QVERIFY(rig.holds(good));
    const auto dead = rig.engine->outboxRef().deadLetters().list();
    QCOMPARE(dead.size(), 1);
    QCOMPARE(dead.first().change.agentId, QStringLiteral("ghost-agent"));
    QVERIFY(dead.first().reason.contains(QLatin1String("unknown agent")));
}

void TestEngine::resyncRequeuesWhatTheIcpLost()
{
    EngineRig rig(quiet(), 1);
    const OutboxChange c = rig.change(QStringLiteral("use1-g4-a0001"), AgentStatus::Available, 4);
    rig.engine->ingest({c});
    QVERIFY(runIdle(rig, 10000));
    QVERIFY(rig.holds(c));
    // Someone overwrites the member with an older state (an admin restore).
    IcpClient admin(Region{kUse1, kUse1, sim::InProcessTransport::baseUrl(kUse1), sim::InProcessTransport::baseUrl(kUse1),
                           sim::InProcessTransport::baseUrl(kUse1)},
                    RegionCredentials{rig.scenario.regions[1].clients[0].clientId, rig.scenario.regions[1].clients[0].clientSecret},
                    rig.transport, rig.clock);
    const_cast<sim::GroupState *>(rig.core.group(kUse1, QStringLiteral("use1-sg-4")))->members[c.change.agentId] =
        sim::MemberState{AgentStatus::LoggedOut, 0, c.change.sourceTimestampMs - 1000};
    QVERIFY(!rig.holds(c));
    rig.engine->resync(kUse1);
    QVERIFY(rig.clock.runUntil([&]() { return rig.holds(c); }, rig.clock.nowMs() + 20000));
    const EngineSnapshot s = rig.engine->snapshot();
    QCOMPARE(s.regions[1].resyncDone, s.regions[1].resyncTotal);
    QCOMPARE(s.regions[1].resyncTotal, 4);
}

void TestEngine::resumesUnfinishedBatchWithSameKey()
{
    EngineRig rig(quiet(), 1);
    // The answer is lost (reset); the engine is "killed" before it retries; a new engine on the same file
    // resends the same body with the same key, and the ICP applies it once.
    rig.core.handle(kUse1, HttpRequest{"POST", QUrl(QStringLiteral("http://us-east-1.sim.invalid/sim/v1/faults")), {},
                                       QByteArray(R"({"action":"stall","path":"/api/v1/icp/skillgroups/*/capacity:bulk","count":1})"), 1000},
                    [](const HttpResponse &) {});
    rig.clock.advanceBy(100);
    const OutboxChange c = rig.change(QStringLiteral("use1-g1-a0010"), AgentStatus::Available, 2);
    rig.engine->ingest({c});
    rig.clock.advanceBy(2000); // in flight, stalled
    QCOMPARE(rig.engine->outboxRef().unfinishedBatches().size(), 1);
    const QString key = rig.engine->outboxRef().unfinishedBatches().first().idempotencyKey;
    rig.makeEngine(2, EngineConfig{});
    QVERIFY(runIdle(rig, 20000));
    QVERIFY(rig.holds(c));
    const auto effects = rig.core.effectsByIdempotencyKey(kUse1);
    QCOMPARE(effects.value(key), 1);
}

void TestEngine::noRetryOn403NamesTheScope()
{
    Scenario sc = quiet();
    sc.regions[1].clients[0].scopes = QStringList{QStringLiteral("admin:trunk:read")}; // no admin:icp:write
    EngineRig rig(sc, 1);
    const OutboxChange c = rig.change(QStringLiteral("use1-g1-a0011"), AgentStatus::Available, 2);
    rig.engine->ingest({c});
    rig.clock.advanceBy(2000);
    const qint64 requestsAfterFirst = rig.core.counters(kUse1)->requests;
    rig.clock.advanceBy(60000);
    const RegionStatus r = rig.engine->snapshot().regions[1];
    QCOMPARE(r.state, RegionSyncState::Blocked);
    QVERIFY2(r.lastError.contains(QLatin1String("403")) && r.lastError.contains(QLatin1String("admin:icp:write")),
             qPrintable(r.lastError));
    // Refused once, never retried: a minute later nothing more went out.
    QCOMPARE(rig.core.counters(kUse1)->requests, requestsAfterFirst);
    QVERIFY(!rig.holds(c));
    QCOMPARE(rig.engine->outboxRef().counters().pending, 1);
}

void TestEngine::honoursRetryAfter()
{
    EngineRig rig(quiet(), 1);
    // Learn the version first, so the only write after the fault is the throttled one.
    rig.engine->ingest({rig.change(QStringLiteral("use1-g1-a0012"), AgentStatus::Available, 2)});
    QVERIFY(runIdle(rig, 10000));
    postFault(rig, kUse1, Json{{"action", "status"}, {"status", 429}, {"retryAfterS", 4},
                               {"path", "/api/v1/icp/skillgroups/*/capacity:bulk"}, {"count", 1}});
    const qint64 t0 = rig.clock.nowMs();
    const OutboxChange c = rig.change(QStringLiteral("use1-g1-a0013"), AgentStatus::Available, 2);
    rig.engine->ingest({c});
    QVERIFY(rig.clock.runUntil([&]() { return rig.holds(c); }, t0 + 20000));
    const qint64 appliedAfter = rig.clock.nowMs() - t0;
    QCOMPARE(rig.engine->counters(kUse1).throttled429, 1);
    QVERIFY2(appliedAfter >= 4000, qPrintable(QString::number(appliedAfter))); // not before Retry-After
    QVERIFY2(appliedAfter < 6000, qPrintable(QString::number(appliedAfter)));  // and not much later
}

void TestEngine::settleLearningHoldsUntilRecomputesLand_data()
{
    QTest::addColumn<bool>("learning");
    QTest::newRow("learning") << true;
    QTest::newRow("no learning") << false;
}

void TestEngine::settleLearningHoldsUntilRecomputesLand()
{
    QFETCH(bool, learning);
    EngineConfig cfg;
    cfg.settleLearning = learning;
    cfg.churnChangesPerS = 1000; // always the short gather: only the settle hold can wait for the recomputes
    EngineRig rig(quiet(), 3, cfg);
    // Learn the version with one write and let its recompute land.
    rig.engine->ingest({rig.change(QStringLiteral("apse1-g1-a0001"), AgentStatus::Available, 2)});
    QVERIFY(runIdle(rig, 10000));
    rig.clock.advanceBy(2000);
    const qint64 bumpsBefore = rig.core.counters(kApse1)->reconcilerBumps;
    // Five agents go on break: five routing changes (each was logged out or routable), so five recomputes of
    // the group are queued behind them.
    QList<OutboxChange> burst;
    for (int i = 2; i <= 6; ++i)
        burst << rig.change(QStringLiteral("apse1-g1-a%1").arg(i, 4, 10, QLatin1Char('0')), AgentStatus::Break, 2);
    for (const auto &c : burst) { // the platform sees the logins too
        TimelineEvent ev;
        ev.region = c.region;
        ev.skillGroupId = c.skillGroupId;
        ev.change = c.change;
        rig.core.applyPlatformChange(ev);
    }
    rig.engine->ingest(burst);
    bool sawSettling = false;
    qint64 bumpsAtFirstWrite = -1;
    const qint64 writesBefore = rig.core.counters(kApse1)->writes;
    QVERIFY(rig.clock.runUntil([&]() {
        for (const auto &b : rig.engine->snapshot().batches)
            sawSettling |= b.skillGroupId == QLatin1String("apse1-sg-1") && b.state == WriterState::Settling;
        if (bumpsAtFirstWrite < 0 && rig.core.counters(kApse1)->writes > writesBefore)
            bumpsAtFirstWrite = rig.core.counters(kApse1)->reconcilerBumps - bumpsBefore;
        return rig.engine->isIdle() && rig.holds(burst.last());
    }, rig.clock.nowMs() + 20000));
    if (learning) {
        QVERIFY(sawSettling);
        QVERIFY2(bumpsAtFirstWrite >= 5, qPrintable(QStringLiteral("%1 of %2").arg(bumpsAtFirstWrite).arg(rig.core.counters(kApse1)->reconcilerBumps - bumpsBefore))); // held until they landed
        QCOMPARE(rig.engine->counters(kApse1).conflicts409, 0);
    } else {
        QVERIFY(!sawSettling);
        QVERIFY2(bumpsAtFirstWrite < 5, qPrintable(QString::number(bumpsAtFirstWrite))); // left into the storm
    }
}

void TestEngine::reconcilerConflictRebasesWithoutReread()
{
    EngineConfig cfg;
    cfg.settleLearning = false;
    cfg.quietGatherMs = 0;
    EngineRig rig(quiet(), 1, cfg, /*withEvents=*/false);
    rig.engine->ingest({rig.change(QStringLiteral("apse1-g2-a0001"), AgentStatus::Available, 1)});
    QVERIFY(runIdle(rig, 10000));
    rig.clock.advanceBy(2000); // the write's own recompute lands: the engine (without events) still has the old version
    const qint64 gets = rig.core.counters(kApse1)->requests - rig.core.counters(kApse1)->writes;
    const OutboxChange c = rig.change(QStringLiteral("apse1-g2-a0002"), AgentStatus::Available, 1);
    rig.engine->ingest({c});
    QVERIFY(runIdle(rig, 10000));
    QVERIFY(rig.holds(c));
    QCOMPARE(rig.engine->counters(kApse1).conflicts409, 1);
    // The 409 named the reconciler: the writer rebased on its currentVersion without reading the group.
    QCOMPARE(rig.core.counters(kApse1)->requests - rig.core.counters(kApse1)->writes, gets);
    const ConflictRecord rec = rig.engine->snapshot().recentConflicts.value(0);
    QCOMPARE(rec.modifiedBy, QStringLiteral("routing-policy-reconciler"));
    QVERIFY(!rec.reread);
    QVERIFY(rec.serverAfterReread.isEmpty());
    QVERIFY2(rec.resolution.startsWith(QLatin1String("applied at attempt 2")), qPrintable(rec.resolution));
}

void TestEngine::deadLettersTooOldChanges()
{
    EngineConfig cfg;
    cfg.maxAgeMs = 5000;
    EngineRig rig(quiet(), 1, cfg);
    rig.engine->pause(kUse1);
    const OutboxChange c = rig.change(QStringLiteral("use1-g3-a0004"), AgentStatus::Available, 2);
    rig.engine->ingest({c});
    rig.clock.advanceBy(6000); // paused past the maximum age
    rig.engine->resume(kUse1);
    QVERIFY(runIdle(rig, 10000));
    QVERIFY(!rig.holds(c));
    const auto dead = rig.engine->outboxRef().deadLetters().list();
    QCOMPARE(dead.size(), 1);
    QVERIFY2(dead.first().reason.contains(QLatin1String("maximum age")), qPrintable(dead.first().reason));
}

void TestEngine::retriesAndDiscardsDeadLetters()
{
    EngineConfig cfg;
    cfg.maxAgeMs = 5000;
    EngineRig rig(quiet(), 1, cfg);
    rig.engine->pause(kUse1);
    const OutboxChange a = rig.change(QStringLiteral("use1-g3-a0005"), AgentStatus::Available, 2);
    const OutboxChange b = rig.change(QStringLiteral("use1-g3-a0006"), AgentStatus::Available, 3);
    rig.engine->ingest({a, b});
    rig.clock.advanceBy(6000);
    rig.engine->resume(kUse1);
    QVERIFY(runIdle(rig, 10000));
    auto dead = rig.engine->outboxRef().deadLetters().list();
    QCOMPARE(dead.size(), 2);
    const qint64 idA = dead[0].change.agentId == a.change.agentId ? dead[0].id : dead[1].id;
    const qint64 idB = dead[0].change.agentId == a.change.agentId ? dead[1].id : dead[0].id;
    QCOMPARE(rig.engine->retryDeadLetter(idA), DeadLetterRetry::Requeued);
    QVERIFY(rig.engine->discardDeadLetter(idB));
    QVERIFY(runIdle(rig, 10000));
    QVERIFY(rig.holds(a));
    QVERIFY(!rig.holds(b));
    QVERIFY(rig.engine->outboxRef().deadLetters().list().isEmpty());
    QCOMPARE(rig.engine->outboxRef().counters().discarded, 1);
    QCOMPARE(rig.engine->snapshot().outbox.deadLettersOpen, 0);
}

QTEST_GUILESS_MAIN(TestEngine)
#include "tst_engine.moc"
