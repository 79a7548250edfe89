#include "HeadlessRun.h"

#include "EndpointPolicy.h"
#include "FeedCursor.h"
#include "IcpClient.h"
#include "IngestBatcher.h"
#include "JsonCodec.h"
#include "NetworkTransport.h"
#include "PerChangeStrategy.h"
#include "ScenarioFeed.h"
#include "SeedStrategy.h"
#include "SimHost.h"
#include "SseEventSource.h"
#include "StopSignal.h"
#include "SyncEngine.h"

#include <QFile>
#include <QTemporaryDir>
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
    return v[qBound<qsizetype>(0, qsizetype(p * double(v.size() - 1) + 0.5), v.size() - 1)];
}

void printLine(const QString &s)
{
    std::fputs(qPrintable(s + QLatin1Char('\n')), stdout);
    std::fflush(stdout);
}

void printError(const QString &s)
{
    std::fputs(qPrintable(s + QLatin1Char('\n')), stderr);
    std::fflush(stderr);
}

Json countersJson(const StrategyCounters &c, qint64 lost, int notConverged)
{
    Json errors = Json::object();
    for (auto it = c.errorsByCategory.cbegin(); it != c.errorsByCategory.cend(); ++it)
        errors[toStd(it.key())] = it.value();
    return Json{{"errors_by_category", std::move(errors)},{"changes_ingested", c.ingested}, {"changes_applied", c.applied}, {"changes_superseded", c.superseded},
                {"changes_stale", c.stale}, {"changes_lost", lost}, {"dead_letters", c.deadLetters},
                {"requests_total", c.requests}, {"writes", c.writes}, {"conflicts_409", c.conflicts409},
                {"throttled_429", c.throttled429}, {"errors_5xx", c.errors5xx},
                {"staleness_ms_p50", percentile(c.stalenessMs, 0.5)},
                {"staleness_ms_p99", percentile(c.stalenessMs, 0.99)},
                {"staleness_ms_max", percentile(c.stalenessMs, 1.0)},
                {"agents_not_converged", notConverged}, {"converged", notConverged == 0}};
}
} // namespace

struct HeadlessRun::Private
{
    Scenario scenario;
    HeadlessOptions options;
    SystemClock clock;
    QTemporaryDir tempDir;
    std::unique_ptr<sim::SimHost> host;    // the embedded simulator, unless regionUrls are given
    QMap<QString, QUrl> baseUrls;
    std::unique_ptr<FeedCursor> cursor;
    NetworkTransport *transport = nullptr;
    QHash<QString, IcpClient *> clients;   // comparison strategies
    std::unique_ptr<SyncStrategy> strategy;
    std::vector<std::unique_ptr<SseEventSource>> sources; // use the clock: destroyed before it
    SyncEngine *engine = nullptr;          // when the strategy is the engine
    std::unique_ptr<sim::ScenarioFeed> feed;
    std::unique_ptr<IngestBatcher> batcher; // the feed's changes on their way to the outbox
    std::unique_ptr<WfmSources> wfm;       // instead of feed: a replay and/or the ingest endpoint
    qint64 wfmDoneAtMs = -1;               // run time the replay's last line was applied
    QHash<QString, OutboxChange> newest;   // newest change fed per agent
    QHash<QString, QByteArray> simStates;  // region -> GET /sim/v1/state
    qint64 startedAtMs = 0;
    QTimer progress;
    // Per region, for the benchmark: run time of the last change fed, and of the first progress tick after it
    // at which the region had nothing queued or in flight (-1: busy since).
    QHash<QString, qint64> lastChangeAtMs;
    QHash<QString, qint64> settledAtMs;
};

HeadlessRun::HeadlessRun(Scenario scenario, HeadlessOptions options, QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>())
{
    d->scenario = std::move(scenario);
    d->options = std::move(options);
}

HeadlessRun::~HeadlessRun() = default;

QStringList HeadlessRun::strategies()
{
    return {QStringLiteral("engine"), QStringLiteral("seed"), QStringLiteral("jitter"), QStringLiteral("cxascode")};
}

void HeadlessRun::fail(const QString &message)
{
    printError(QStringLiteral("icp-console: ") + message);
    QTimer::singleShot(0, this, [this]() { Q_EMIT finished(2); });
}

void HeadlessRun::start()
{
    const QString name = d->options.strategy;
    if (!strategies().contains(name))
        return fail(QStringLiteral("unknown strategy \"%1\"; choose one of %2").arg(name, strategies().join(QStringLiteral(", "))));
    QString error;
    const bool external = !d->options.regionUrls.isEmpty();
    if (external) {
        for (auto it = d->options.regionUrls.cbegin(); it != d->options.regionUrls.cend(); ++it)
            if (!d->scenario.regionIds().contains(it.key()))
                return fail(QStringLiteral("--region-url names region \"%1\", which scenario \"%2\" does not have (%3)")
                                .arg(it.key(), d->scenario.name, d->scenario.regionIds().join(QStringLiteral(", "))));
        for (const auto &r : d->scenario.regions) {
            if (!d->options.regionUrls.contains(r.id))
                return fail(QStringLiteral("--region-url is given for some regions but not for %1; give one per region "
                                           "of the scenario, or none for the embedded simulator").arg(r.id));
            if (const QString bad = EndpointPolicy::check(r.id, d->options.regionUrls.value(r.id)); !bad.isEmpty())
                return fail(bad);
        }
        d->baseUrls = d->options.regionUrls;
    } else {
        sim::SimHostOptions hostOptions;
        hostOptions.seed = d->options.seed;
        d->host = std::make_unique<sim::SimHost>(d->scenario, hostOptions);
        if (!d->host->startAndWait(&error))
            return fail(QStringLiteral("embedded simulator failed to start: ") + error);
        d->baseUrls = d->host->baseUrls();
    }
    d->transport = new NetworkTransport(this);
    if (d->options.allowInsecureTls) {
        d->transport->setAllowInsecureTls(true);
        printError(QStringLiteral("icp-console: WARNING: --allow-insecure-tls: TLS certificates are NOT checked; anyone "
                                  "on the network path can read the client secrets and tokens. For labs only."));
    }
    QList<EngineRegion> regions;
    for (const auto &r : d->scenario.regions) {
        const QUrl base = d->baseUrls.value(r.id);
        printLine(QStringLiteral("%1 %2 (%3)").arg(r.id, base.toString(),
                                                   external ? QStringLiteral("external") : QStringLiteral("embedded simulator")));
        const OAuthClientSpec client = r.clients.value(0);
        const QString secret = d->options.clientSecrets.value(r.id, client.clientSecret);
        regions << EngineRegion{Region{r.id, r.displayName, base, base, base}, RegionCredentials{client.clientId, secret}};
    }
    if (name == QLatin1String("engine")) {
        const QString db = d->options.dbPath.isEmpty() ? d->tempDir.filePath(QStringLiteral("outbox.db")) : d->options.dbPath;
        auto engine = std::make_unique<SyncEngine>(EngineConfig{}, regions, db, *d->transport, d->clock, d->options.seed);
        if (!engine->open(&error))
            return fail(error);
        for (const auto &r : regions) {
            IcpClient *client = engine->client(r.region.id);
            auto source = std::make_unique<SseEventSource>(
                r.region.id, r.region.icpBaseUrl,
                [client](const QString &rejected, SseEventSource::TokenCallback done) { client->fetchToken(std::move(done), rejected); },
                d->clock);
            source->setAllowInsecureTls(d->options.allowInsecureTls);
            engine->attachEventSource(source.get());
            source->start();
            d->sources.push_back(std::move(source));
        }
        connect(engine.get(), &SyncEngine::regionMessage, this, [](const QString &, const QString &msg) { printLine(msg); });
        d->engine = engine.get();
        d->strategy = std::move(engine);
    } else {
        for (const auto &r : regions)
            d->clients.insert(r.region.id, new IcpClient(r.region, r.credentials, *d->transport, d->clock, this));
        if (name == QLatin1String("seed"))
            d->strategy = std::make_unique<SeedStrategy>(d->clients, d->clock, d->options.seed);
        else
            d->strategy = std::make_unique<PerChangeStrategy>(d->clients, d->clock, d->options.seed,
                                                              name == QLatin1String("jitter") ? PerChangeStrategyOptions::jitter()
                                                                                              : PerChangeStrategyOptions::cxAsCode());
    }
    if (d->options.sources.isActive()) {
        if (!d->engine)
            return fail(QStringLiteral("--replay and --ingest-port need --strategy engine (they commit to its outbox)"));
        d->startedAtMs = d->clock.nowMs();
        d->wfm = std::make_unique<WfmSources>(
            d->options.sources, d->scenario.agents,
            [this](const QList<OutboxChange> &changes) { return d->engine->ingestWithResult(changes); },
            [this](const OutboxChange &c) {
                const auto held = d->newest.constFind(c.change.agentId);
                if (held == d->newest.cend() || held->change.sourceTimestampMs < c.change.sourceTimestampMs)
                    d->newest.insert(c.change.agentId, c);
            },
            d->clock);
        if (!d->wfm->start(d->startedAtMs, &error))
            return fail(error);
        if (d->wfm->servesIngest() && d->options.durationS == 0) {
            // No end of its own: SIGINT/SIGTERM stop it with a summary.
            auto *stop = new StopSignal(this);
            connect(stop, &StopSignal::stopRequested, this, [this](int signalNumber) {
                printLine(QStringLiteral("icp-console: signal %1: stopping; writing the summary").arg(signalNumber));
                if (d->progress.isActive()) {
                    d->progress.stop();
                    finishRun();
                }
            });
        }
        connect(&d->progress, &QTimer::timeout, this, &HeadlessRun::tick);
        d->progress.start(qMax(10, d->options.progressMs));
        return;
    }
    d->feed = std::make_unique<sim::ScenarioFeed>(d->scenario, d->options.seed, d->clock);
    d->startedAtMs = d->clock.nowMs();
    qint64 firstEvent = 0;
    if (!d->options.feedStatePath.isEmpty()) {
        d->cursor = std::make_unique<FeedCursor>(d->options.feedStatePath);
        if (!d->cursor->open(d->scenario.name, d->options.seed, d->startedAtMs, &error))
            return fail(error);
        d->startedAtMs = d->cursor->epochMs();
        firstEvent = qMin<qint64>(d->cursor->next(), d->feed->total());
        // What an earlier run delivered still counts for convergence.
        for (qint64 i = 0; i < firstEvent; ++i) {
            const TimelineEvent &ev = d->feed->events().at(i);
            AgentAvailability change = ev.change;
            change.sourceTimestampMs = change.sourceTimestampMs - d->scenario.startTimeMs + d->startedAtMs;
            d->newest.insert(change.agentId, OutboxChange{change, ev.region, ev.skillGroupId});
        }
        if (d->cursor->isResumed())
            printLine(QStringLiteral("feed resumed at change %1 of %2 (%3)")
                          .arg(firstEvent).arg(d->feed->total()).arg(d->options.feedStatePath));
    }
    // The changes of one 10 ms window go to the outbox together: one durable commit, not one each. The cursor
    // moves only after that commit, so a crash before it offers them again.
    d->batcher = std::make_unique<IngestBatcher>(d->clock, IngestBatcher::kFeedWindowMs, [this](const QList<OutboxChange> &changes) {
        if (d->engine) {
            const AcceptResult accepted = d->engine->ingestWithResult(changes);
            if (!accepted.ok()) {
                // Not in the outbox: the feed must offer them again after a restart.
                printError(QStringLiteral("icp-console: the outbox refused %1 change(s): ").arg(changes.size()) + accepted.error);
                d->cursor.reset();
                return;
            }
        } else {
            d->strategy->ingest(changes);
        }
        // Every change delivered so far was gathered into this batch.
        QString cursorError;
        if (d->cursor && !d->cursor->advance(d->feed->delivered(), &cursorError))
            printError(QStringLiteral("icp-console: ") + cursorError);
    });
    d->feed->start(
        [this](const TimelineEvent &ev) {
            const OutboxChange c{ev.change, ev.region, ev.skillGroupId};
            d->newest.insert(c.change.agentId, c);
            d->lastChangeAtMs.insert(c.region, d->clock.nowMs() - d->startedAtMs);
            d->settledAtMs.insert(c.region, -1);
            d->batcher->add(c);
        },
        d->startedAtMs, firstEvent);
    connect(&d->progress, &QTimer::timeout, this, &HeadlessRun::tick);
    d->progress.start(qMax(10, d->options.progressMs));
}

void HeadlessRun::tick()
{
    const qint64 elapsedMs = d->clock.nowMs() - d->startedAtMs;
    QStringList parts;
    const EngineSnapshot snap = d->engine ? d->engine->snapshot() : EngineSnapshot{};
    for (const auto &r : d->scenario.regions) {
        const StrategyCounters c = d->strategy->counters(r.id);
        int queue = int(c.ingested - c.applied - c.superseded - c.stale - c.dropped - c.deadLetters);
        int inFlight = 0;
        for (const auto &rs : snap.regions)
            if (rs.region == r.id) {
                queue = rs.pending;
                inFlight = rs.inFlight;
            }
        if (queue > 0 || inFlight > 0 || (d->batcher && d->batcher->pending() > 0))
            d->settledAtMs.insert(r.id, -1);
        else if (d->settledAtMs.value(r.id, -1) < 0)
            d->settledAtMs.insert(r.id, elapsedMs);
        parts << QStringLiteral("%1 queue=%2 inflight=%3 applied=%4 409=%5 429=%6 p99=%7ms")
                     .arg(r.id).arg(queue).arg(inFlight).arg(c.applied).arg(c.conflicts409).arg(c.throttled429)
                     .arg(percentile(c.stalenessMs, 0.99));
    }
    if (d->wfm)
        parts << d->wfm->progress();
    printLine(QStringLiteral("[%1s] ").arg(elapsedMs / 1000, 3) + parts.join(QStringLiteral(" | ")));
    // A replay is over when its last line is applied; an ingest endpoint runs until --duration.
    if (d->wfm && d->wfmDoneAtMs < 0 && d->wfm->isFinished())
        d->wfmDoneAtMs = elapsedMs;
    const bool timelineOver = d->wfm ? d->wfm->isFinished()
                                         : d->feed->isFinished() && elapsedMs >= d->scenario.durationMs;
    const bool deadline = d->options.durationS > 0 ? elapsedMs >= d->options.durationS * 1000
                        : d->wfm ? d->wfmDoneAtMs >= 0 && elapsedMs >= d->wfmDoneAtMs + d->options.graceS * 1000
                                     : elapsedMs >= d->scenario.durationMs + d->options.graceS * 1000;
    const bool gathering = d->batcher && d->batcher->pending() > 0;
    if ((timelineOver && !gathering && d->strategy->isIdle()) || deadline) {
        d->progress.stop();
        finishRun();
    }
}

void HeadlessRun::finishRun()
{
    auto pending = std::make_shared<int>(int(d->scenario.regions.size()));
    for (const auto &r : d->scenario.regions) {
        HttpRequest req;
        req.method = "GET";
        QUrl u = d->baseUrls.value(r.id);
        u.setPath(QStringLiteral("/sim/v1/state"));
        req.url = u;
        d->transport->send(req, [this, pending, region = r.id](const HttpResponse &resp) {
            if (resp.status != 200)
                printError(QStringLiteral("icp-console: %1: cannot read the simulator state for the convergence check (%2)")
                               .arg(region, resp.isTransportError() ? resp.errorText : QString::number(resp.status)));
            d->simStates.insert(region, resp.body);
            if (--*pending == 0)
                writeSummary();
        });
    }
}

void HeadlessRun::writeSummary()
{
    Json perRegion = Json::object();
    StrategyCounters total;
    qint64 totalLost = 0;
    int totalNotConverged = 0;
    qint64 totalConverge = 0;
    for (const auto &r : d->scenario.regions) {
        const StrategyCounters c = d->strategy->counters(r.id);
        // Converged: the simulator's ICP holds the newest change fed for every agent of the region.
        QHash<QString, Json> held;
        DecodeError err;
        if (auto state = parseJson(d->simStates.value(r.id), err); state && state->is_object() && state->contains("groups"))
            for (auto g = (*state)["groups"].begin(); g != (*state)["groups"].end(); ++g)
                for (auto m = (*g)["members"].begin(); m != (*g)["members"].end(); ++m)
                    held.insert(toQString(m.key()), m.value());
        int notConverged = 0;
        for (const auto &c2 : std::as_const(d->newest)) {
            if (c2.region != r.id)
                continue;
            const Json m = held.value(c2.change.agentId);
            const bool ok = m.is_object() && m.value("status", std::string()) == toStd(agentStatusName(c2.change.status))
                         && m.value("capacity", -1) == c2.change.capacity
                         && m.value("sourceTimestamp", std::string()) == toStd(formatTimestamp(c2.change.sourceTimestampMs));
            notConverged += ok ? 0 : 1;
        }
        // Lost: accepted changes that neither reached the ICP nor a dead-letter queue a person can see.
        const qint64 lost = qMax<qint64>(0, c.ingested - c.applied - c.superseded - c.stale - c.deadLetters);
        Json region = countersJson(c, lost, notConverged);
        // Benchmark figures: time to converge after the region's last change (-1: not by the end of the run,
        // resolution: the progress interval) and the simulator's version bumps (the conflict floor's rate).
        const qint64 lastChange = d->lastChangeAtMs.value(r.id, 0);
        const qint64 settled = d->settledAtMs.value(r.id, -1);
        region["last_change_ms"] = lastChange;
        region["converge_after_last_change_ms"] = settled < 0 || notConverged > 0 ? -1 : qMax<qint64>(0, settled - lastChange);
        if (auto state = parseJson(d->simStates.value(r.id), err); state && state->is_object() && state->contains("counters")) {
            region["reconciler_bumps"] = (*state)["counters"].value("reconcilerBumps", 0);
            region["foreign_bumps"] = (*state)["counters"].value("foreignBumps", 0);
            region["skill_groups"] = state->contains("groups") ? (*state)["groups"].size() : 0;
        }
        totalConverge = region["converge_after_last_change_ms"] == -1 || totalConverge == -1
            ? -1 : qMax(totalConverge, region["converge_after_last_change_ms"].get<qint64>());
        perRegion[toStd(r.id)] = std::move(region);
        total.ingested += c.ingested;
        total.applied += c.applied;
        total.superseded += c.superseded;
        total.stale += c.stale;
        total.deadLetters += c.deadLetters;
        total.requests += c.requests;
        total.writes += c.writes;
        total.conflicts409 += c.conflicts409;
        total.throttled429 += c.throttled429;
        total.errors5xx += c.errors5xx;
        for (auto it = c.errorsByCategory.cbegin(); it != c.errorsByCategory.cend(); ++it)
            total.errorsByCategory[it.key()] += it.value();
        total.stalenessMs += c.stalenessMs;
        totalLost += lost;
        totalNotConverged += notConverged;
    }
    Json summary = countersJson(total, totalLost, totalNotConverged);
    summary["scenario"] = toStd(d->scenario.name);
    summary["strategy"] = toStd(d->options.strategy);
    summary["seed"] = d->options.seed;
    summary["duration_s"] = double(d->clock.nowMs() - d->startedAtMs) / 1000.0;
    summary["converge_after_last_change_ms"] = totalConverge;
    summary["changes_rejected"] = 0;
    if (d->wfm)
        d->wfm->addToSummary(summary);
    summary["per_region"] = std::move(perRegion);
    printLine(QStringLiteral("summary: ") + QString::fromUtf8(dumpJson(summary)));
    if (!d->options.summaryJsonPath.isEmpty()) {
        QFile f(d->options.summaryJsonPath);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(QByteArray::fromStdString(summary.dump(2)) + '\n') < 0)
            printLine(QStringLiteral("icp-console: cannot write summary %1: %2").arg(d->options.summaryJsonPath, f.errorString()));
    }
    if (d->host)
        d->host->stop();
    const bool clean = totalNotConverged == 0 && totalLost == 0 && total.deadLetters == 0;
    Q_EMIT finished(clean ? 0 : 3);
}

} // namespace icp
