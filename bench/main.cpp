// icp-bench: benchmarks. This build has `observations`: the field client against the simulator's contention
// model, in virtual time (the calibration behind docs/icp-api.md).
#include "SeedRun.h"
#include "ScaleBench.h"
#include "SyncBench.h"
#ifdef ICP_WITH_UI
#include "UiBench.h"
#endif

#include <QCoreApplication>
#include <QStringList>

#include <algorithm>
#include <cstdio>

using namespace icp;
using namespace icp::bench;

static int observations(int seeds)
{
    QString error;
    auto base = Scenario::load(QStringLiteral("seed-peak"), &error);
    if (!base) {
        std::fprintf(stderr, "icp-bench: %s\n", qPrintable(error));
        return 2;
    }
    std::printf("| case | gap | ap-southeast-1 409 share (median of %d seeds) | min | max | us-east-1 409s (total) |\n"
                "|---|---|---|---|---|---|\n", seeds);
    for (int agents : {20, 250}) {
        for (int gap : {500, 0}) {
            const Scenario sc = seedPeakWithPeak(*base, agents);
            QList<double> shares;
            qint64 use1 = 0;
            for (int s = 1; s <= seeds; ++s) {
                const auto r = runSeedClient(sc, quint64(s), gap);
                shares << r.value(QStringLiteral("ap-southeast-1")).ratio();
                use1 += r.value(QStringLiteral("us-east-1")).conflicts;
            }
            std::printf("| %d-agent peak | %d ms | %.1f%% | %.1f%% | %.1f%% | %lld |\n", agents, gap, 100 * median(shares),
                        100 * *std::min_element(shares.begin(), shares.end()),
                        100 * *std::max_element(shares.begin(), shares.end()), use1);
            std::fflush(stdout);
        }
    }
    return 0;
}

static qint64 pct(QList<qint64> v, double p)
{
    if (v.isEmpty())
        return 0;
    std::sort(v.begin(), v.end());
    return v[qBound<qsizetype>(0, qsizetype(p * double(v.size() - 1) + 0.5), v.size() - 1)];
}

// `virtual`: the strategies in virtual time through the in-process transport (seconds, not minutes), with
// engine knobs settable for tuning: --set churnGatherMs=750 --set settleMaxHoldMs=1250 ...
static int virtualRun(const QStringList &args)
{
    QString error;
    QString scenarioName = QStringLiteral("seed-peak");
    QStringList strategies{QStringLiteral("engine")};
    int seeds = 1;
    EngineConfig cfg;
    for (int i = 1; i < args.size(); ++i) {
        const QString a = args[i];
        const QString v = args.value(i + 1);
        if (a == QLatin1String("--scenario")) { scenarioName = v; ++i; }
        else if (a == QLatin1String("--strategies")) { strategies = v.split(QLatin1Char(','), Qt::SkipEmptyParts); ++i; }
        else if (a == QLatin1String("--seeds")) { seeds = qMax(1, v.toInt()); ++i; }
        else if (a == QLatin1String("--set")) {
            ++i;
            const QString key = v.section(QLatin1Char('='), 0, 0);
            bool ok = false;
            const int n = v.section(QLatin1Char('='), 1).toInt(&ok);
            if (!ok) { std::fprintf(stderr, "icp-bench: --set %s: expected key=integer\n", qPrintable(v)); return 2; }
            if (key == QLatin1String("churnGatherMs")) cfg.churnGatherMs = n;
            else if (key == QLatin1String("quietGatherMs")) cfg.quietGatherMs = n;
            else if (key == QLatin1String("settleMaxHoldMs")) cfg.settleMaxHoldMs = n;
            else if (key == QLatin1String("settleLearning")) cfg.settleLearning = n != 0;
            else if (key == QLatin1String("conflictBaseMs")) cfg.conflictBackoff.baseMs = n;
            else if (key == QLatin1String("conflictCapMs")) cfg.conflictBackoff.capMs = n;
            else if (key == QLatin1String("regionConcurrency")) cfg.regionConcurrency = n;
            else if (key == QLatin1String("churnChangesPerS")) cfg.churnChangesPerS = n;
            else if (key == QLatin1String("rateBurst")) cfg.rateBurst = n;
            else if (key == QLatin1String("sendAtBumpInBacklog")) cfg.sendAtBumpInBacklog = n != 0;
            else if (key == QLatin1String("backlogWindowWaitMs")) cfg.backlogWindowWaitMs = n;
            else if (key == QLatin1String("reread")) { if (n) cfg.recomputeActors.clear(); }
            else if (key == QLatin1String("batchMax")) cfg.batchMax = n;
            else { std::fprintf(stderr, "icp-bench: --set: unknown knob %s\n", qPrintable(key)); return 2; }
        } else { std::fprintf(stderr, "icp-bench: unknown option %s\n", qPrintable(a)); return 2; }
    }
    auto sc = Scenario::load(scenarioName, &error);
    if (!sc) {
        std::fprintf(stderr, "icp-bench: %s\n", qPrintable(error));
        return 2;
    }
    std::printf("| strategy | seed | region | applied | lost | dead | requests | writes | 409 | 409/applied | 429 | p50 ms | p99 ms | max ms | converged |\n"
                "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (const QString &name : strategies) {
        for (int s = 1; s <= seeds; ++s) {
            const StrategyRun run = runStrategy(*sc, quint64(s), name, 60000, cfg);
            if (!run.ok()) {
                std::fprintf(stderr, "icp-bench: %s\n", qPrintable(run.error));
                return 2;
            }
            for (const auto &r : sc->regions) {
                const StrategyCounters c = run.perRegion.value(r.id);
                const qint64 lost = qMax<qint64>(0, c.ingested - c.applied - c.superseded - c.stale - c.deadLetters);
                std::printf("| %s | %d | %s | %lld | %lld | %lld | %lld | %lld | %lld | %.3f | %lld | %lld | %lld | %lld | %s |\n",
                            qPrintable(name), s, qPrintable(r.id), c.applied, lost, c.deadLetters, c.requests, c.writes,
                            c.conflicts409, c.applied ? double(c.conflicts409) / double(c.applied) : 0.0, c.throttled429,
                            pct(c.stalenessMs, 0.5), pct(c.stalenessMs, 0.99), pct(c.stalenessMs, 1.0),
                            run.notConverged.value(r.id) == 0 && run.idle ? "yes" : "no");
                std::fflush(stdout);
            }
        }
    }
    return 0;
}

int main(int argc, char *argv[])
{
#ifdef ICP_WITH_UI
    if (argc > 1 && qstrcmp(argv[1], "ui") == 0)
        return runUiBench(argc, argv); // needs a QApplication of its own
#endif
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments().mid(1);
    if (args.value(0) == QLatin1String("observations")) {
        int seeds = 20;
        const qsizetype i = args.indexOf(QStringLiteral("--seeds"));
        if (i > 0) {
            bool ok = false;
            seeds = args.value(i + 1).toInt(&ok);
            if (!ok || seeds < 1) {
                std::fprintf(stderr, "icp-bench: --seeds expects a positive integer\n");
                return 2;
            }
        }
        return observations(seeds);
    }
    if (args.value(0) == QLatin1String("virtual"))
        return virtualRun(args);
    if (args.value(0) == QLatin1String("sync")) {
        SyncBenchOptions options;
        QString error;
        if (!parseSyncBenchArgs(args.mid(1), options, &error)) {
            std::fprintf(stderr, "icp-bench: %s\n", qPrintable(error));
            return 2;
        }
        return runSyncBench(options);
    }
    if (args.value(0) == QLatin1String("headless-run"))
        return runHeadlessChild(args.mid(1));
    if (args.value(0) == QLatin1String("scale"))
        return runScaleBench(args.mid(1));
    std::fprintf(stderr, "usage: icp-bench observations [--seeds N]\n"
                         "       icp-bench virtual [--scenario NAME|FILE] [--strategies a,b] [--seeds N] [--set knob=N]...\n"
                         "       icp-bench sync [--scenario NAME|FILE] [--seeds N] [--strategies seed,cxascode,jitter,engine]\n"
                         "                      [--json FILE] [--grace S] [--progress-ms MS]\n"
                         "       icp-bench scale [--points A,T,R,B;...] [--ingest-batch-ms MS] [--outbox-changes N]\n"
                         "       icp-bench ui [--agents N] [--trunks N] [--regions N] [--rate CHANGES_PER_S] [--seconds N] [--ingest-batch-ms MS]\n");
    return 2;
}
