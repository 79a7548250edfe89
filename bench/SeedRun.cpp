#include "SeedRun.h"

#include "IcpClient.h"
#include "InProcessEventSource.h"
#include "InProcessTransport.h"
#include "IngestBatcher.h"
#include "PerChangeStrategy.h"
#include "ScenarioFeed.h"
#include "SeedStrategy.h"
#include "SyncEngine.h"

#include <QTemporaryDir>

#include <algorithm>
#include <memory>

namespace icp::bench {

namespace {
// A simulator in virtual time and one client per region into it, through the in-process transport.
struct Rig
{
    VirtualClock clock;
    sim::SimCore core;
    sim::InProcessTransport transport;
    QObject owner;
    QHash<QString, IcpClient *> clients;
    QTemporaryDir dir; // the engine's outbox

    Rig(const Scenario &sc, quint64 seed)
        : clock(sc.startTimeMs)
        , core(sc, seed, clock)
        , transport(core)
    {
        for (const auto &r : sc.regions) {
            const QUrl base = sim::InProcessTransport::baseUrl(r.id);
            const OAuthClientSpec cred = r.clients.value(0);
            clients.insert(r.id, new IcpClient(Region{r.id, r.displayName, base, base, base},
                                               RegionCredentials{cred.clientId, cred.clientSecret}, transport, clock,
                                               &owner));
        }
    }
};

// The baseline of `icp-bench scale`: takes every change and sends nothing, so that a run with it costs what the
// simulator, the feed and the harness cost without a strategy.
class NullStrategy final : public SyncStrategy
{
public:
    explicit NullStrategy(QStringList regions) : m_regions(std::move(regions)) {}
    QString name() const override { return QStringLiteral("null"); }
    void ingest(const QList<OutboxChange> &changes) override
    {
        for (const auto &c : changes)
            ++m_counters[c.region].ingested;
    }
    bool isIdle() const override { return true; }
    StrategyCounters counters(const QString &region) const override { return m_counters.value(region); }
    QStringList regions() const override { return m_regions; }

private:
    QStringList m_regions;
    QHash<QString, StrategyCounters> m_counters;
};

std::unique_ptr<SyncStrategy> makeStrategy(const QString &name, Rig &rig, quint64 seed, const Scenario &sc,
                                           const EngineConfig &config, QString *error)
{
    if (name == QLatin1String("engine")) {
        QList<EngineRegion> regions;
        for (const auto &r : sc.regions) {
            const QUrl base = sim::InProcessTransport::baseUrl(r.id);
            const OAuthClientSpec cred = r.clients.value(0);
            regions << EngineRegion{Region{r.id, r.displayName, base, base, base},
                                    RegionCredentials{cred.clientId, cred.clientSecret}};
        }
        auto engine = std::make_unique<SyncEngine>(config, regions, rig.dir.filePath(QStringLiteral("outbox.db")),
                                                   rig.transport, rig.clock, seed);
        if (!engine->open(error))
            return nullptr;
        for (const auto &r : sc.regions) {
            auto *source = new sim::InProcessEventSource(rig.core, r.id, &rig.owner);
            engine->attachEventSource(source);
            source->start();
        }
        return engine;
    }
    if (name == QLatin1String("seed"))
        return std::make_unique<SeedStrategy>(rig.clients, rig.clock, seed);
    if (name == QLatin1String("null"))
        return std::make_unique<NullStrategy>(sc.regionIds());
    if (name == QLatin1String("jitter"))
        return std::make_unique<PerChangeStrategy>(rig.clients, rig.clock, seed, PerChangeStrategyOptions::jitter());
    if (name == QLatin1String("cxascode"))
        return std::make_unique<PerChangeStrategy>(rig.clients, rig.clock, seed, PerChangeStrategyOptions::cxAsCode());
    return nullptr;
}
} // namespace

QHash<QString, WriteShare> runSeedClient(const Scenario &sc, quint64 seed, int gapMs)
{
    Rig rig(sc, seed);
    SeedStrategy seedClient(rig.clients, rig.clock, seed, SeedStrategyOptions{gapMs, 500, 3});
    sim::ScenarioFeed feed(sc, seed, rig.clock);
    rig.core.start();
    feed.start([&](const TimelineEvent &ev) { seedClient.ingest({OutboxChange{ev.change, ev.region, ev.skillGroupId}}); });
    rig.clock.advanceTo(sc.startTimeMs + sc.durationMs);
    QHash<QString, WriteShare> out;
    for (const auto &r : sc.regions) {
        const sim::SimCounters *c = rig.core.counters(r.id);
        out.insert(r.id, WriteShare{c->writes, c->conflicts409});
    }
    return out;
}

QStringList comparisonStrategies()
{
    return {QStringLiteral("seed"), QStringLiteral("cxascode"), QStringLiteral("jitter"), QStringLiteral("engine")};
}

bool StrategyRun::converged() const
{
    if (!ok() || !idle)
        return false;
    for (int n : notConverged)
        if (n > 0)
            return false;
    return true;
}

StrategyRun runStrategy(const Scenario &sc, quint64 seed, const QString &name, qint64 graceMs,
                        const EngineConfig &engineConfig, qint64 ingestBatchMs)
{
    StrategyRun run;
    run.strategy = name;
    run.seed = seed;
    Rig rig(sc, seed);
    QString error;
    std::unique_ptr<SyncStrategy> strategy = makeStrategy(name, rig, seed, sc, engineConfig, &error);
    if (!strategy) {
        run.error = error.isEmpty() ? QStringLiteral("unknown strategy \"%1\"; known: %2").arg(name, comparisonStrategies().join(QStringLiteral(", ")))
                                    : error;
        return run;
    }
    sim::ScenarioFeed feed(sc, seed, rig.clock);
    const qint64 t0 = rig.clock.nowMs();
    // The newest change fed per agent, with where it goes: what the ICP must hold at the end.
    QHash<QString, TimelineEvent> newest;
    // In windows of ingestBatchMs, as the console's feed hands changes over (IngestBatcher::kFeedWindowMs).
    IngestBatcher batcher(rig.clock, ingestBatchMs, [&](const QList<OutboxChange> &changes) { strategy->ingest(changes); });
    rig.core.start();
    feed.start([&](const TimelineEvent &ev) {
        ++run.changesFed;
        run.lastChangeAtMs = rig.clock.nowMs() - t0;
        newest.insert(ev.change.agentId, ev);
        if (ingestBatchMs <= 0) {
            strategy->ingest({OutboxChange{ev.change, ev.region, ev.skillGroupId}});
            return;
        }
        batcher.add(OutboxChange{ev.change, ev.region, ev.skillGroupId});
    });
    rig.clock.advanceTo(t0 + sc.durationMs);
    run.idle = rig.clock.runUntil([&]() { return feed.isFinished() && batcher.pending() == 0 && strategy->isIdle(); },
                                  t0 + sc.durationMs + qMax<qint64>(0, graceMs));
    if (!run.idle)
        rig.clock.advanceTo(t0 + sc.durationMs + qMax<qint64>(0, graceMs));
    run.endedAtMs = rig.clock.nowMs() - t0;

    for (const auto &r : sc.regions) {
        run.perRegion.insert(r.id, strategy->counters(r.id));
        run.sim.insert(r.id, *rig.core.counters(r.id));
        run.notConverged.insert(r.id, 0);
    }
    for (const TimelineEvent &ev : std::as_const(newest)) {
        const sim::GroupState *g = rig.core.group(ev.region, ev.skillGroupId);
        const auto m = g ? g->members.constFind(ev.change.agentId) : QHash<QString, sim::MemberState>::const_iterator{};
        const bool held = g && m != g->members.cend()
            && *m == sim::MemberState{ev.change.status, ev.change.capacity, ev.change.sourceTimestampMs};
        if (!held)
            ++run.notConverged[ev.region];
    }
    return run;
}

Scenario seedPeakWithPeak(const Scenario &seedPeak, int agents)
{
    Scenario sc = seedPeak;
    for (int i = 0; i < sc.timeline.size(); ++i) {
        if (sc.timeline[i].kind != TimelineSpec::Kind::Surge)
            continue;
        const double scale = double(agents) / double(qMax(1, sc.timeline[i].agents));
        sc.timeline[i].agents = agents;
        // The churn entry right after the surge is the peak's.
        if (i + 1 < sc.timeline.size() && sc.timeline[i + 1].kind == TimelineSpec::Kind::Churn)
            sc.timeline[i + 1].ratePerS *= scale;
        break;
    }
    return sc;
}

double median(QList<double> v)
{
    if (v.isEmpty())
        return 0;
    std::sort(v.begin(), v.end());
    const qsizetype n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
}

} // namespace icp::bench
