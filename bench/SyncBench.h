#pragma once
// `icp-bench sync`: every strategy against a fresh embedded simulator over real loopback HTTP, one child process
// per strategy and seed running the console's HeadlessRun (a fresh simulator, outbox and process each time),
// aggregated over seeds into a markdown table, the conflict floor and the targets.

#include <QString>
#include <QStringList>

namespace icp::bench {

struct SyncBenchOptions
{
    QString scenario = QStringLiteral("seed-peak"); // name or file
    int seeds = 3;
    QStringList strategies{QStringLiteral("seed"), QStringLiteral("cxascode"), QStringLiteral("jitter"),
                           QStringLiteral("engine")};
    QString jsonPath;
    qint64 graceS = 60;
    int progressMs = 100; // the resolution of "time to converge after the last change"
};

// Parses `sync` arguments (after the subcommand); false with a message naming the option otherwise.
bool parseSyncBenchArgs(const QStringList &args, SyncBenchOptions &options, QString *error);

// Runs the benchmark and prints it; 0 when every run finished, 2 on a configuration or run error.
int runSyncBench(const SyncBenchOptions &options);

// The child: `icp-bench headless-run SCENARIO STRATEGY SEED DURATION_S PROGRESS_MS SUMMARY_JSON`, exactly what
// `icp-console --headless` runs, with its exit code.
int runHeadlessChild(const QStringList &args);

} // namespace icp::bench
