#include "ScaleBench.h"

#include "JsonCodec.h"
#include "IngestBatcher.h"
#include "Outbox.h"
#include "SeedRun.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QProcess>
#include <QTemporaryDir>

#include <sys/resource.h>
#include <time.h>

#include <cstdio>

namespace icp::bench {

namespace {

const char *const kRegionIds[] = {"ap-southeast-1", "us-east-1", "eu-central-1", "eu-west-1", "ap-northeast-1",
                                  "ap-southeast-2", "ca-central-1", "sa-east-1", "us-west-2", "ap-south-1"};
constexpr qint64 kSurgeAtS = 5;

double threadCpuMs()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}

double processCpuMs()
{
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) * 1e3 + double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e3;
}

long peakRssKb()
{
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return u.ru_maxrss; // kilobytes on Linux
}

std::optional<ScalePoint> parsePoint(const QString &text, QString *error)
{
    const QStringList parts = text.split(QLatin1Char(','));
    ScalePoint p;
    bool ok = parts.size() == 4;
    if (ok) {
        bool a = false, b = false, c = false, d = false;
        p.agents = parts[0].toInt(&a);
        p.trunks = parts[1].toInt(&b);
        p.regions = parts[2].toInt(&c);
        p.burstPerS = parts[3].toInt(&d);
        ok = a && b && c && d && p.agents >= 10 && p.trunks >= 2 * p.regions && p.regions >= 1
          && p.regions <= int(std::size(kRegionIds)) && p.burstPerS >= 0;
    }
    if (!ok)
        *error = QStringLiteral("scale point \"%1\": expected AGENTS,TRUNKS,REGIONS,BURST_PER_S with at least two trunks "
                                "per region and 1..10 regions").arg(text);
    return ok ? std::optional<ScalePoint>(p) : std::nullopt;
}

// One size in this process: prints one JSON line.
int runPoint(const ScalePoint &point, const QString &strategy, qint64 ingestBatchMs)
{
    QString error;
    const auto sc = scaleScenario(point, &error);
    if (!sc) {
        std::fprintf(stderr, "icp-bench: %s\n", qPrintable(error));
        return 2;
    }
    const double cpu0 = threadCpuMs();
    const double proc0 = processCpuMs();
    QElapsedTimer wall;
    wall.start();
    const StrategyRun run = runStrategy(*sc, 1, strategy, 60000, EngineConfig{}, ingestBatchMs);
    const double cpuMs = threadCpuMs() - cpu0;
    const double procMs = processCpuMs() - proc0;
    if (!run.ok()) {
        std::fprintf(stderr, "icp-bench: %s\n", qPrintable(run.error));
        return 2;
    }
    qint64 applied = 0, lost = 0, dead = 0, requests = 0, writes = 0, c409 = 0, c429 = 0, notConverged = 0;
    for (const auto &r : sc->regions) {
        const StrategyCounters c = run.perRegion.value(r.id);
        applied += c.applied;
        dead += c.deadLetters;
        requests += c.requests;
        writes += c.writes;
        c409 += c.conflicts409;
        c429 += c.throttled429;
        lost += qMax<qint64>(0, c.ingested - c.applied - c.superseded - c.stale - c.deadLetters);
        notConverged += run.notConverged.value(r.id);
    }
    const Json out{{"agents", point.agents}, {"trunks", point.trunks}, {"regions", point.regions},
                   {"burst_per_s", point.burstPerS}, {"strategy", toStd(strategy)}, {"changes", run.changesFed},
                   {"applied", applied}, {"lost", strategy == QLatin1String("null") ? 0 : lost}, {"dead_letters", dead},
                   {"requests", requests}, {"writes", writes}, {"conflicts_409", c409}, {"throttled_429", c429},
                   {"agents_not_converged", strategy == QLatin1String("null") ? 0 : notConverged},
                   {"converged", strategy == QLatin1String("null") || run.converged()},
                   {"converge_after_last_change_ms", run.endedAtMs - run.lastChangeAtMs},
                   {"thread_cpu_ms", cpuMs}, {"process_cpu_ms", procMs}, {"wall_ms", double(wall.nsecsElapsed()) / 1e6},
                   {"virtual_ms", run.endedAtMs}, {"peak_rss_kb", peakRssKb()}};
    std::printf("%s\n", out.dump().c_str());
    return 0;
}

std::optional<Json> runChild(const QString &point, const QString &strategy, qint64 ingestBatchMs)
{
    QProcess child;
    child.start(QCoreApplication::applicationFilePath(),
                {QStringLiteral("scale"), QStringLiteral("--point"), point, QStringLiteral("--strategy"), strategy,
                 QStringLiteral("--ingest-batch-ms"), QString::number(ingestBatchMs)});
    if (!child.waitForStarted(10000) || !child.waitForFinished(30 * 60 * 1000)) {
        child.kill();
        child.waitForFinished(5000);
        std::fprintf(stderr, "icp-bench: scale point %s (%s) did not finish\n", qPrintable(point), qPrintable(strategy));
        return std::nullopt;
    }
    const QByteArray text = child.readAllStandardOutput().trimmed();
    DecodeError err;
    auto j = parseJson(text.mid(text.lastIndexOf('\n') + 1), err);
    if (child.exitCode() != 0 || !j || !j->is_object()) {
        std::fprintf(stderr, "icp-bench: scale point %s (%s) failed:\n%s\n", qPrintable(point), qPrintable(strategy),
                     child.readAllStandardError().constData());
        return std::nullopt;
    }
    return j;
}

// Durable writes: `total` changes committed in batches of `batch` (one transaction each, WAL, synchronous=FULL
// as the engine opens it), every change a distinct agent; returns changes per second.
double outboxThroughput(int total, int batch, QString *error)
{
    QTemporaryDir dir;
    Outbox outbox(dir.filePath(QStringLiteral("outbox.db")), QStringLiteral("icp-bench-scale"));
    if (!outbox.open()) {
        *error = outbox.errorString();
        return 0;
    }
    QList<OutboxChange> changes;
    changes.reserve(batch);
    QElapsedTimer t;
    t.start();
    for (int i = 0; i < total;) {
        changes.clear();
        for (int k = 0; k < batch && i < total; ++k, ++i)
            changes << OutboxChange{AgentAvailability{QStringLiteral("agent-%1").arg(i), AgentStatus::Available, 2,
                                                      1764320400000 + i},
                                    QStringLiteral("ap-southeast-1"), QStringLiteral("sg-%1").arg(i % 100)};
        const AcceptResult r = outbox.accept(changes, 1764320400000 + i);
        if (!r.ok()) {
            *error = r.error;
            return 0;
        }
    }
    const double s = double(t.nsecsElapsed()) / 1e9;
    outbox.close();
    return s > 0 ? double(total) / s : 0;
}

} // namespace

std::optional<Scenario> scaleScenario(const ScalePoint &p, QString *error)
{
    Json regions = Json::array(), trunks = Json::array(), groups = Json::array(), blocks = Json::array();
    for (int r = 0; r < p.regions; ++r) {
        const bool async = r == 0;
        const std::string id = kRegionIds[r];
        regions.push_back(Json{{"id", id}, {"displayName", id}, {"latency", Json{{"meanMs", async ? 60 : 20}, {"jitterMs", 5}}},
                               {"rateLimitPerMinute", 300}, {"tokenLifetime", "24h"},
                               {"reconciler", async ? Json{{"mode", "async"}, {"baseDelayMs", {100, 300}}, {"serviceMs", {15, 40}}}
                                                    : Json{{"mode", "sync"}}},
                               {"clients", Json::array({Json{{"clientId", "bench-" + id}, {"clientSecret", "sim-only-" + id},
                                                             {"scopes", {"admin:icp:write", "admin:trunk:read"}}}})}});
    }
    const int groupCount = p.trunks / 2;
    for (int g = 0; g < groupCount; ++g) {
        const std::string region = kRegionIds[g % p.regions];
        const std::string gid = "sg-" + std::to_string(g + 1);
        Json ids = Json::array();
        for (int t = 2 * g; t < 2 * g + 2; ++t) {
            const std::string tid = "trunk-" + std::to_string(t + 1);
            trunks.push_back(Json{{"id", tid}, {"name", "BYOC " + tid}, {"region", region},
                                  {"proxies", {tid + "a.carrier.example:5061", tid + "b.carrier.example:5061"}},
                                  {"maxConcurrentCalls", 100}});
            ids.push_back(tid);
        }
        groups.push_back(Json{{"id", gid}, {"name", "pool " + std::to_string(g + 1)}, {"region", region}, {"trunkIds", ids}});
        const int count = p.agents / groupCount + (g < p.agents % groupCount ? 1 : 0);
        blocks.push_back(Json{{"skillGroup", gid}, {"idPrefix", gid + "-a"}, {"site", "Site"}, {"count", count},
                              {"capacity", 2}, {"initiallyLoggedIn", count / 5}});
    }
    const double churnPerRegion = (p.churnPerS < 0 ? double(p.agents) / 200.0 : p.churnPerS) / p.regions;
    const std::string duration = std::to_string(p.durationS) + "s";
    Json timeline = Json::array({Json{{"at", "0s"}, {"churn", Json{{"ratePerS", churnPerRegion}, {"for", duration}}}}});
    if (p.burstPerS > 0 && p.durationS > kSurgeAtS)
        timeline.push_back(Json{{"at", std::to_string(kSurgeAtS) + "s"},
                                {"surge", Json{{"agents", qMax(1, p.burstPerS / p.regions)}, {"over", "1s"}, {"status", "AVAILABLE"}}}});
    const Json doc{{"name", "scale-" + std::to_string(p.agents)}, {"startTime", "2026-11-28T09:00:00.000Z"},
                   {"duration", duration}, {"regions", regions}, {"trunks", trunks},
                   {"skillGroups", groups}, {"agentBlocks", blocks}, {"timeline", timeline}};
    DecodeError err;
    auto sc = decodeDocument<Scenario>(QByteArray::fromStdString(doc.dump()), err);
    if (!sc && error)
        *error = QStringLiteral("generated scale scenario: ") + err.message();
    return sc;
}

int runScaleBench(const QStringList &args)
{
    QString error;
    QStringList points{QStringLiteral("1000,20,2,500"), QStringLiteral("5000,60,5,2500"), QStringLiteral("20000,200,10,5000")};
    QString point, strategy = QStringLiteral("engine");
    int outboxChanges = 100000;
    qint64 ingestBatchMs = 0;
    // One by one (the feed before IngestBatcher), the console's 10 ms windows, and 100 ms batches.
    QList<qint64> batchings{0, IngestBatcher::kFeedWindowMs, 100};
    for (int i = 0; i < args.size(); ++i) {
        const QString a = args[i];
        const QString v = args.value(i + 1);
        if (i + 1 >= args.size()) {
            std::fprintf(stderr, "icp-bench: %s needs a value\n", qPrintable(a));
            return 2;
        }
        ++i;
        bool ok = true;
        if (a == QLatin1String("--point"))
            point = v;
        else if (a == QLatin1String("--points"))
            points = v.split(QLatin1Char(';'), Qt::SkipEmptyParts);
        else if (a == QLatin1String("--strategy"))
            strategy = v;
        else if (a == QLatin1String("--ingest-batch-ms")) {
            ingestBatchMs = v.toLongLong(&ok);
            ok = ok && ingestBatchMs >= 0;
            batchings = {ingestBatchMs};
        }
        else if (a == QLatin1String("--outbox-changes")) {
            outboxChanges = v.toInt(&ok);
            ok = ok && outboxChanges >= 0;
        } else {
            std::fprintf(stderr, "icp-bench: scale: unknown option %s\n", qPrintable(a));
            return 2;
        }
        if (!ok) {
            std::fprintf(stderr, "icp-bench: %s: invalid value \"%s\"\n", qPrintable(a), qPrintable(v));
            return 2;
        }
    }
    if (!point.isEmpty()) {
        const auto p = parsePoint(point, &error);
        if (!p) {
            std::fprintf(stderr, "icp-bench: %s\n", qPrintable(error));
            return 2;
        }
        return runPoint(*p, strategy, ingestBatchMs);
    }
    for (const QString &p : std::as_const(points))
        if (!parsePoint(p, &error)) {
            std::fprintf(stderr, "icp-bench: %s\n", qPrintable(error));
            return 2;
        }

    std::printf("virtual clock, in-process transport into the simulator's request handler; one child process per row\n\n"
                "| agents | trunks | regions | burst/s | WFM feed | changes | applied | lost | dead | requests | 409 | 429 | converged | "
                "converge s | run CPU ms | baseline CPU ms | engine CPU µs/change | peak RSS MB | baseline RSS MB | RSS - baseline, KB/agent |\n"
                "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    std::fflush(stdout);
    for (const QString &p : std::as_const(points)) {
        for (qint64 batchMs : std::as_const(batchings)) {
            const auto e = runChild(p, QStringLiteral("engine"), batchMs);
            const auto b = runChild(p, QStringLiteral("null"), batchMs);
            if (!e || !b)
                return 2;
            const double changes = (*e)["changes"].get<double>();
            const double engineCpu = (*e)["thread_cpu_ms"].get<double>() - (*b)["thread_cpu_ms"].get<double>();
            const double rss = (*e)["peak_rss_kb"].get<double>() / 1024.0;
            const double baseRss = (*b)["peak_rss_kb"].get<double>() / 1024.0;
            const QString feed = batchMs <= 0 ? QStringLiteral("one by one")
                               : batchMs == IngestBatcher::kFeedWindowMs ? QStringLiteral("%1 ms batches (console)").arg(batchMs)
                                                                         : QStringLiteral("%1 ms batches").arg(batchMs);
            std::printf("| %d | %d | %d | %d | %s | %.0f | %lld | %lld | %lld | %lld | %lld | %lld | %s | %.1f | %.0f | %.0f | %.1f | %.0f | %.0f | %.2f |\n",
                        (*e)["agents"].get<int>(), (*e)["trunks"].get<int>(), (*e)["regions"].get<int>(),
                        (*e)["burst_per_s"].get<int>(), qPrintable(feed), changes, (*e)["applied"].get<qint64>(), (*e)["lost"].get<qint64>(),
                        (*e)["dead_letters"].get<qint64>(), (*e)["requests"].get<qint64>(), (*e)["conflicts_409"].get<qint64>(),
                        (*e)["throttled_429"].get<qint64>(), (*e)["converged"].get<bool>() ? "yes" : "**no**",
                        (*e)["converge_after_last_change_ms"].get<double>() / 1000.0, (*e)["thread_cpu_ms"].get<double>(),
                        (*b)["thread_cpu_ms"].get<double>(), changes > 0 ? 1000.0 * engineCpu / changes : 0.0, rss, baseRss,
                        (rss - baseRss) * 1024.0 / (*e)["agents"].get<double>());
            std::fflush(stdout);
        }
    }
    if (outboxChanges > 0) {
        std::printf("\noutbox durable writes (real SQLite file, WAL, synchronous=FULL, %d distinct agents):\n\n"
                    "| batch (changes per transaction) | changes/s |\n|---|---|\n", outboxChanges);
        for (int batch : {1, 100, 1000}) {
            const int total = batch == 1 ? qMin(outboxChanges, 2000) : outboxChanges;
            const double rate = outboxThroughput(total, batch, &error);
            if (!error.isEmpty()) {
                std::fprintf(stderr, "icp-bench: outbox: %s\n", qPrintable(error));
                return 2;
            }
            std::printf("| %d | %.0f |\n", batch, rate);
            std::fflush(stdout);
        }
    }
    return 0;
}

} // namespace icp::bench
