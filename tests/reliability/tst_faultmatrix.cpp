// The fault matrix: one row per fault the simulator can inject, over real loopback HTTP (SimHost on its own
// thread, NetworkTransport, SyncEngine on the test thread's event loop and the system clock). Each row syncs a
// first round of changes cleanly, injects its fault through POST /sim/v1/faults, feeds a second round, and
// asserts: the failure is counted under its category (errors_by_category) and shown in the snapshot (the region's
// lastError, or the Blocked state with a message naming the fix), the engine converges once the fault clears
// (by itself, or after DELETE /sim/v1/faults and Resume where a person has to act), and nothing is lost.
#include "ReliabilityRig.h"

#include "NetworkTransport.h"
#include "SimHost.h"
#include "SyncEngine.h"

#include <QTemporaryDir>

using namespace icp;
using namespace icp::reliability;

namespace {

const QString kRegion = QStringLiteral("ap-southeast-1");
const QString kWritePath = QStringLiteral("/api/v1/icp/skillgroups/*/capacity:bulk");

QByteArray fault(const QString &action, int count = 1, int status = 0, int retryAfterS = -1, qint64 forMs = 0,
                 const QString &path = kWritePath)
{
    QJsonObject o{{QStringLiteral("action"), action}, {QStringLiteral("path"), path},
                  {QStringLiteral("count"), count}};
    if (status)
        o.insert(QStringLiteral("status"), status);
    if (retryAfterS >= 0)
        o.insert(QStringLiteral("retryAfterS"), retryAfterS);
    if (forMs)
        o.insert(QStringLiteral("forMs"), forMs);
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

// The test's own HTTP calls to the simulator's hooks, waited for.
int hook(const QByteArray &method, const QUrl &base, const QString &path, const QByteArray &body = {})
{
    QNetworkAccessManager nam;
    QUrl u = base;
    u.setPath(path);
    QNetworkRequest req(u);
    req.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    std::unique_ptr<QNetworkReply> reply(nam.sendCustomRequest(req, method, body));
    QSignalSpy finished(reply.get(), &QNetworkReply::finished);
    if (!finished.wait(10000))
        return 0;
    return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
}

enum class Clears : quint8 { ByItself, AfterOperator };

} // namespace

Q_DECLARE_METATYPE(Clears)

class TestFaultMatrix : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void faultIsCategorisedAndEngineConverges_data();
    void faultIsCategorisedAndEngineConverges();

private:
    std::optional<Scenario> m_scenario;
};

void TestFaultMatrix::initTestCase()
{
    QString error;
    m_scenario = Scenario::load(dataFile(QStringLiteral("faults-small.json")), &error);
    QVERIFY2(m_scenario, qPrintable(error));
    QCOMPARE(m_scenario->agents.size(), 20);
}

void TestFaultMatrix::faultIsCategorisedAndEngineConverges_data()
{
    QTest::addColumn<QByteArrayList>("faults");
    QTest::addColumn<QString>("category");     // errorCategoryName counted; empty: no failure expected
    QTest::addColumn<QString>("shown");        // text the snapshot must show (lastError or the block message)
    QTest::addColumn<Clears>("clears");
    QTest::addColumn<int>("timeoutMs"); // the transfer timeout: short where the row waits for it, else ample

    const QString p503 = QStringLiteral("unavailable");
    QTest::newRow("409 storm") << QByteArrayList{fault(QStringLiteral("status"), 8, 409)} << QStringLiteral("conflict")
                               << QString() << Clears::ByItself << 3000;
    QTest::newRow("429 with Retry-After") << QByteArrayList{fault(QStringLiteral("status"), 3, 429, 1)}
                                          << QStringLiteral("rate_limited") << QStringLiteral("429") << Clears::ByItself << 3000;
    QTest::newRow("500") << QByteArrayList{fault(QStringLiteral("status"), 3, 500)} << QStringLiteral("server_error")
                         << QStringLiteral("500") << Clears::ByItself << 3000;
    QTest::newRow("502") << QByteArrayList{fault(QStringLiteral("status"), 3, 502)} << QStringLiteral("server_error")
                         << QStringLiteral("502") << Clears::ByItself << 3000;
    QTest::newRow("503 with Retry-After") << QByteArrayList{fault(QStringLiteral("status"), 3, 503, 1)} << p503
                                          << QStringLiteral("503") << Clears::ByItself << 3000;
    QTest::newRow("504") << QByteArrayList{fault(QStringLiteral("status"), 3, 504)} << QStringLiteral("server_error")
                         << QStringLiteral("504") << Clears::ByItself << 3000;
    QTest::newRow("stalled response") << QByteArrayList{fault(QStringLiteral("stall"), 2)} << QStringLiteral("timeout")
                                      << QStringLiteral("timeout") << Clears::ByItself << 400;
    // Qt resends once by itself after a reset, so three resets give at least one visible failure.
    QTest::newRow("connection reset") << QByteArrayList{fault(QStringLiteral("reset"), 3)}
                                      << QStringLiteral("connection_reset") << QStringLiteral("connection_reset")
                                      << Clears::ByItself << 3000;
    QTest::newRow("connection refused (region down 1.5 s)")
        << QByteArrayList{fault(QStringLiteral("down"), 1, 0, -1, 1500, QStringLiteral("*"))}
        << QStringLiteral("connection_refused") << QStringLiteral("connection_refused") << Clears::ByItself << 3000;
    QTest::newRow("truncated body") << QByteArrayList{fault(QStringLiteral("truncate"), 2)}
                                    << QStringLiteral("malformed_response") << QStringLiteral("truncated")
                                    << Clears::ByItself << 3000;
    QTest::newRow("malformed JSON") << QByteArrayList{fault(QStringLiteral("malformed"), 2)}
                                    << QStringLiteral("malformed_response") << QStringLiteral("unexpected answer")
                                    << Clears::ByItself << 3000;
    QTest::newRow("oversized body (9 MiB > 8 MiB limit)") << QByteArrayList{fault(QStringLiteral("oversized"), 1)}
                                                          << QStringLiteral("malformed_response")
                                                          << QStringLiteral("larger than") << Clears::ByItself << 3000;
    QTest::newRow("valid JSON of the wrong shape") << QByteArrayList{fault(QStringLiteral("wrongShape"), 2)}
                                                   << QStringLiteral("malformed_response")
                                                   << QStringLiteral("unexpected answer") << Clears::ByItself << 3000;
    // The client fetches a new token on the 401 and resends once: no failure reaches the engine.
    QTest::newRow("token expiry mid-run") << QByteArrayList{fault(QStringLiteral("expireTokens"), 1, 0, -1, 0, QStringLiteral("*"))}
                                          << QString() << QString() << Clears::ByItself << 3000;
    QTest::newRow("token revoked") << QByteArrayList{fault(QStringLiteral("revokeTokens"), 1000, 0, -1, 0, QStringLiteral("*"))}
                                   << QStringLiteral("unauthorized") << QStringLiteral("client id and secret")
                                   << Clears::AfterOperator << 3000;
    QTest::newRow("missing scope") << QByteArrayList{fault(QStringLiteral("status"), 1000, 403)}
                                   << QStringLiteral("forbidden") << QStringLiteral("missing scope admin:icp:write")
                                   << Clears::AfterOperator << 3000;
}

void TestFaultMatrix::faultIsCategorisedAndEngineConverges()
{
    QFETCH(QByteArrayList, faults);
    QFETCH(QString, category);
    QFETCH(QString, shown);
    QFETCH(Clears, clears);
    QFETCH(int, timeoutMs);

    sim::SimHostOptions hostOptions;
    hostOptions.core.runTimeline = false;
    sim::SimHost host(*m_scenario, hostOptions);
    QString error;
    QVERIFY2(host.startAndWait(&error), qPrintable(error));
    const QUrl base = host.baseUrls().value(kRegion);

    EngineConfig cfg;
    cfg.quietGatherMs = 20;
    cfg.churnGatherMs = 50;
    cfg.settleLearning = false;
    cfg.backoff = BackoffPolicy{20, 300};
    cfg.conflictBackoff = BackoffPolicy{10, 50};
    cfg.requestTimeoutMs = timeoutMs;
    cfg.breaker = CircuitBreakerPolicy{5, 300};
    cfg.maxAttempts = 50;
    const OAuthClientSpec client = m_scenario->regions.first().clients.first();
    const QList<EngineRegion> regions{{Region{kRegion, kRegion, base, base, base},
                                       RegionCredentials{client.clientId, client.clientSecret}}};
    QTemporaryDir dir;
    SystemClock clock;
    NetworkTransport transport;
    SyncEngine engine(cfg, regions, dir.filePath(QStringLiteral("outbox.db")), transport, clock, 1);
    QVERIFY2(engine.open(&error), qPrintable(error));

    QHash<QString, AgentAvailability> newest;
    auto feed = [&](AgentStatus status, int capacity) {
        QList<OutboxChange> changes;
        const qint64 ts = clock.nowMs();
        for (const Agent &a : m_scenario->agents) {
            const AgentAvailability av{a.id, status, capacity, ts};
            newest.insert(a.id, av);
            changes << OutboxChange{av, a.region, a.skillGroupId};
        }
        engine.ingest(changes);
    };
    auto outboxSettled = [&]() {
        const OutboxCounters c = engine.outboxRef().counters();
        return engine.isIdle() && c.pending == 0 && c.inFlight == 0;
    };

    // Round 1, no fault: tokens, versions and connections are warm, so round 2's first request is a write.
    feed(AgentStatus::Available, 1);
    QTRY_VERIFY_WITH_TIMEOUT(outboxSettled(), 15000);
    const StrategyCounters before = engine.counters(kRegion);
    const qint64 tokensBefore = engine.client(kRegion)->tokenRequests();

    for (const QByteArray &f : faults)
        QCOMPARE(hook("POST", base, QStringLiteral("/sim/v1/faults"), f), 200);
    feed(AgentStatus::Available, 2);

    if (clears == Clears::AfterOperator) {
        auto blocked = [&]() {
            const EngineSnapshot s = engine.snapshot();
            return s.regions.value(0).state == RegionSyncState::Blocked;
        };
        QTRY_VERIFY_WITH_TIMEOUT(blocked(), 15000);
        const EngineSnapshot s = engine.snapshot();
        QVERIFY2(s.regions.value(0).lastError.contains(shown), qPrintable(s.regions.value(0).lastError));
        QVERIFY2(s.regions.value(0).lastError.startsWith(kRegion), qPrintable(s.regions.value(0).lastError));
        // No loop: a blocked region sends nothing until a person acts. Let the event loop run for a while.
        const qint64 requestsAtBlock = engine.counters(kRegion).requests;
        const qint64 tokensAtBlock = engine.client(kRegion)->tokenRequests();
        QTest::qWait(1000);
        QCOMPARE(engine.counters(kRegion).requests, requestsAtBlock);
        QCOMPARE(engine.client(kRegion)->tokenRequests(), tokensAtBlock);
        QVERIFY(!outboxSettled());
        // The person fixes the cause (here: the simulator forgets the fault) and presses Resume.
        QCOMPARE(hook("DELETE", base, QStringLiteral("/sim/v1/faults")), 200);
        engine.resume();
    }
    QTRY_VERIFY_WITH_TIMEOUT(outboxSettled(), 20000);

    const StrategyCounters after = engine.counters(kRegion);
    const qint64 failures = after.errorsByCategory.value(category) - before.errorsByCategory.value(category);
    if (category.isEmpty()) {
        qint64 any = 0;
        for (auto v : after.errorsByCategory)
            any += v;
        QCOMPARE(any, qint64(0));
        QVERIFY2(engine.client(kRegion)->tokenRequests() > tokensBefore, "no new token after expiry");
    } else {
        QVERIFY2(failures >= 1, qPrintable(QStringLiteral("no %1 failure counted").arg(category)));
    }
    const EngineSnapshot snap = engine.snapshot();
    if (!shown.isEmpty())
        QVERIFY2(snap.regions.value(0).lastError.contains(shown), qPrintable(snap.regions.value(0).lastError));
    if (category == QLatin1String("conflict")) {
        QVERIFY(after.conflicts409 - before.conflicts409 >= 8);
        QVERIFY(snap.recentConflicts.size() >= 8); // each one in the conflict inspector
    }

    // Nothing lost: the ICP holds every newest change, nothing is dead-lettered, the counters balance.
    const OutboxCounters oc = engine.outboxRef().counters();
    QCOMPARE(oc.deadLettersOpen, qint64(0));
    QCOMPARE(after.ingested - after.applied - after.superseded - after.stale - after.deadLetters, qint64(0));
    const QJsonObject groups = simRegionState(base)[QStringLiteral("groups")].toObject();
    int held = 0;
    for (const auto &g : groups) {
        const QJsonObject members = g.toObject()[QStringLiteral("members")].toObject();
        for (auto m = members.begin(); m != members.end(); ++m) {
            const AgentAvailability want = newest.value(m.key());
            const QJsonObject got = m.value().toObject();
            QCOMPARE(got[QStringLiteral("capacity")].toInt(), want.capacity);
            QCOMPARE(got[QStringLiteral("sourceTimestamp")].toString(), formatTimestamp(want.sourceTimestampMs));
            ++held;
        }
    }
    QCOMPARE(held, 20);
    QJsonObject counts;
    for (auto it = after.errorsByCategory.cbegin(); it != after.errorsByCategory.cend(); ++it)
        counts.insert(it.key(), it.value());
    qInfo("%s: errors %s; requests %lld; lastError \"%s\"; region state %s", QTest::currentDataTag(),
          QJsonDocument(counts).toJson(QJsonDocument::Compact).constData(), qlonglong(after.requests - before.requests),
          qPrintable(snap.regions.value(0).lastError), qPrintable(regionSyncStateName(snap.regions.value(0).state)));
    host.stop();
}

QTEST_GUILESS_MAIN(TestFaultMatrix)
#include "tst_faultmatrix.moc"
