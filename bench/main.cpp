// icp-bench: benchmarks. This build has `observations`: the field client against the simulator's contention
// model, in virtual time (the calibration behind docs/icp-api.md).
#include "SeedRun.h"

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

int main(int argc, char *argv[])
{
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
    std::fprintf(stderr, "usage: icp-bench observations [--seeds N]\n"
                         "(sync, scale and ui benchmarks arrive with the engine and the window)\n");
    return 2;
}
