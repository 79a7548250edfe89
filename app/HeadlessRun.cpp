#include "HeadlessRun.h"

#include "IcpClient.h"
#include "JsonCodec.h"
#include "NetworkTransport.h"
#include "ScenarioFeed.h"
#include "SeedStrategy.h"
#include "SimHost.h"

#include <QFile>
#include <QTextStream>
#include <QTimer>

#include <algorithm>
#include <cstdio>

namespace icp {

namespace {
qint64 percentile(QList<qint64> v, double p)
{
    if (v.isEmpty())
        return 0;
    std::sort(v.begin(), v.end());
    const qsizetype idx = qBound<qsizetype>(0, qsizetype(p * double(v.size() - 1) + 0.5), v.size() - 1);
    return v[idx];
}

void printLine(const QString &s)
{
    std::fputs(qPrintable(s + QLatin1Char('\n')), stdout);
    std::fflush(stdout);
}
} // namespace

struct HeadlessRun::Private
{
    Scenario scenario;
    HeadlessOptions options;
    SystemClock clock;
    std::unique_ptr<sim::SimHost> host;
    NetworkTransport *transport = nullptr;
    QHash<QString, IcpClient *> clients;
    std::unique_ptr<SeedStrategy> strategy;
    std::unique_ptr<sim::ScenarioFeed> feed;
    QHash<QString, AgentAvailability> newest; // newest accepted change per agent
    QHash<QString, QString> agentRegion;
    qint64 startedAtMs = 0;
    QTimer progress;
    QHash<QString, QByteArray> simStates; // region -> GET /sim/v1/state body
};

HeadlessRun::HeadlessRun(Scenario scenario, HeadlessOptions options, QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>())
{
    d->scenario = std::move(scenario);
    d->options = std::move(options);
}

HeadlessRun::~HeadlessRun() = default;

void HeadlessRun::start()
{
    if (d->options.strategy != QLatin1String("seed")) {
        printLine(QStringLiteral("icp-console: strategy \"%1\" is not available yet; this build has: seed (the field client)")
                      .arg(d->options.strategy));
        QTimer::singleShot(0, this, [this]() { Q_EMIT finished(2); });
        return;
    }
    sim::SimHostOptions hostOptions;
    hostOptions.seed = d->options.seed;
    d->host = std::make_unique<sim::SimHost>(d->scenario, hostOptions);
    QString error;
    if (!d->host->startAndWait(&error)) {
        printLine(QStringLiteral("icp-console: embedded simulator failed to start: ") + error);
        QTimer::singleShot(0, this, [this]() { Q_EMIT finished(2); });
        return;
    }
    d->transport = new NetworkTransport(this);
    const auto urls = d->host->baseUrls();
    for (const auto &r : d->scenario.regions) {
        const QUrl base = urls.value(r.id);
        printLine(QStringLiteral("%1 %2 (embedded simulator)").arg(r.id, base.toString()));
        const OAuthClientSpec client = r.clients.value(0);
        d->clients.insert(r.id, new IcpClient(Region{r.id, r.displayName, base, base, base},
                                              RegionCredentials{client.clientId, client.clientSecret}, *d->transport,
                                              d->clock, this));
    }
    for (const auto &a : d->scenario.agents)
        d->agentRegion.insert(a.id, a.region);
    d->strategy = std::make_unique<SeedStrategy>(d->clients, d->clock, d->options.seed);
    d->feed = std::make_unique<sim::ScenarioFeed>(d->scenario, d->options.seed, d->clock);
    d->startedAtMs = d->clock.nowMs();
    d->feed->start([this](const TimelineEvent &ev) {
        d->newest.insert(ev.change.agentId, ev.change);
        d->strategy->ingest({OutboxChange{ev.change, ev.region, ev.skillGroupId}});
    });

    connect(&d->progress, &QTimer::timeout, this, [this]() {
        const qint64 elapsedS = (d->clock.nowMs() - d->startedAtMs) / 1000;
        QStringList parts;
        for (const auto &r : d->scenario.regions) {
            const StrategyCounters &c = d->strategy->counters(r.id);
            parts << QStringLiteral("%1 queue=%2 applied=%3 lost=%4 409=%5 429=%6 p99=%7ms")
                         .arg(r.id)
                         .arg(c.ingested - c.applied - c.dropped)
                         .arg(c.applied)
                         .arg(c.dropped)
                         .arg(c.conflicts409)
                         .arg(c.throttled429)
                         .arg(percentile(c.stalenessMs, 0.99));
        }
        printLine(QStringLiteral("[%1s] ").arg(elapsedS, 3) + parts.join(QStringLiteral(" | ")));
        const bool timelineOver = d->feed->isFinished() && elapsedS * 1000 >= d->scenario.durationMs;
        const bool deadline = d->options.durationS > 0
            ? elapsedS >= d->options.durationS
            : elapsedS * 1000 >= d->scenario.durationMs + d->options.graceS * 1000;
        if ((timelineOver && d->strategy->isIdle()) || deadline) {
            d->progress.stop();
            finishRun();
        }
    });
    d->progress.start(1000);
}

void HeadlessRun::finishRun()
{
    // Converged = what the simulator's ICP holds equals the newest accepted change of every agent.
    auto pending = std::make_shared<int>(int(d->scenario.regions.size()));
    for (const auto &r : d->scenario.regions) {
        HttpRequest req;
        req.method = "GET";
        QUrl u = d->host->baseUrls().value(r.id);
        u.setPath(QStringLiteral("/sim/v1/state"));
        req.url = u;
        d->transport->send(req, [this, pending, region = r.id](const HttpResponse &resp) {
            d->simStates.insert(region, resp.body);
            if (--*pending == 0)
                writeSummary();
        });
    }
}

void HeadlessRun::writeSummary()
{
    Json perRegion = Json::object();
    qint64 tIngested = 0, tApplied = 0, tLost = 0, tWrites = 0, t409 = 0, t429 = 0, t5xx = 0, tRequests = 0;
    QList<qint64> allStaleness;
    int notConverged = 0;
    for (const auto &r : d->scenario.regions) {
        const StrategyCounters &c = d->strategy->counters(r.id);
        const IcpClient *client = d->clients.value(r.id);
        // Members as the simulator's ICP holds them.
        QHash<QString, std::tuple<QString, int, QString>> held;
        DecodeError err;
        if (auto state = parseJson(d->simStates.value(r.id), err); state && state->is_object()) {
            const Json &groups = (*state)["groups"];
            for (auto g = groups.begin(); g != groups.end(); ++g)
                for (auto m = (*g)["members"].begin(); m != (*g)["members"].end(); ++m)
                    held.insert(toQString(m.key()), {toQString((*m)["status"].get<std::string>()), (*m)["capacity"].get<int>(),
                                                    toQString((*m)["sourceTimestamp"].get<std::string>())});
        }
        int regionNotConverged = 0;
        for (auto it = d->newest.cbegin(); it != d->newest.cend(); ++it) {
            if (d->agentRegion.value(it.key()) != r.id)
                continue;
            const auto h = held.value(it.key());
            if (std::get<0>(h) != agentStatusName(it->status) || std::get<1>(h) != it->capacity
                || std::get<2>(h) != formatTimestamp(it->sourceTimestampMs))
                ++regionNotConverged;
        }
        notConverged += regionNotConverged;
        const qint64 lost = c.ingested - c.applied;
        allStaleness += c.stalenessMs;
        perRegion[toStd(r.id)] = Json{{"changes_ingested", c.ingested}, {"changes_applied", c.applied},
                                      {"changes_superseded", 0}, {"changes_stale", 0}, {"changes_lost", lost},
                                      {"dead_letters", 0}, {"requests_total", client->requestsSent()},
                                      {"writes", c.writes}, {"conflicts_409", c.conflicts409},
                                      {"throttled_429", c.throttled429}, {"errors_5xx", 0},
                                      {"staleness_ms_p50", percentile(c.stalenessMs, 0.5)},
                                      {"staleness_ms_p99", percentile(c.stalenessMs, 0.99)},
                                      {"staleness_ms_max", percentile(c.stalenessMs, 1.0)},
                                      {"agents_not_converged", regionNotConverged},
                                      {"converged", regionNotConverged == 0}};
        tIngested += c.ingested;
        tApplied += c.applied;
        tLost += lost;
        tWrites += c.writes;
        t409 += c.conflicts409;
        t429 += c.throttled429;
        tRequests += client->requestsSent();
    }
    const bool converged = notConverged == 0;
    Json summary{{"scenario", toStd(d->scenario.name)}, {"strategy", toStd(d->options.strategy)},
                 {"seed", d->options.seed}, {"duration_s", double(d->clock.nowMs() - d->startedAtMs) / 1000.0},
                 {"changes_ingested", tIngested}, {"changes_applied", tApplied}, {"changes_superseded", 0},
                 {"changes_stale", 0}, {"changes_lost", tLost}, {"dead_letters", 0}, {"requests_total", tRequests},
                 {"writes", tWrites}, {"conflicts_409", t409}, {"throttled_429", t429}, {"errors_5xx", t5xx},
                 {"staleness_ms_p50", percentile(allStaleness, 0.5)},
                 {"staleness_ms_p99", percentile(allStaleness, 0.99)},
                 {"staleness_ms_max", percentile(allStaleness, 1.0)}, {"converged", converged},
                 {"per_region", std::move(perRegion)}};
    printLine(QStringLiteral("summary: ") + QString::fromUtf8(dumpJson(summary)));
    if (!d->options.summaryJsonPath.isEmpty()) {
        QFile f(d->options.summaryJsonPath);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(QByteArray(summary.dump(2).c_str()) + '\n') < 0)
            printLine(QStringLiteral("icp-console: cannot write summary %1: %2").arg(d->options.summaryJsonPath, f.errorString()));
    }
    d->host->stop();
    Q_EMIT finished(converged && tLost == 0 ? 0 : 3);
}

} // namespace icp
