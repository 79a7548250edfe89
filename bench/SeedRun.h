#pragma once
// Runs the comparison strategies (`seed`, `cxascode`, `jitter`) against the simulator in virtual time through
// the in-process transport. Shared by icp-bench and the tests.

#include "EngineConfig.h"
#include "Scenario.h"
#include "SimCore.h"
#include "SyncStrategy.h"

#include <QHash>
#include <QList>
#include <QStringList>

namespace icp::bench {

struct WriteShare
{
    qint64 writes = 0;
    qint64 conflicts = 0;
    double ratio() const { return writes ? double(conflicts) / double(writes) : 0.0; }
};

// Per region: capacity:bulk writes that reached the version check, and the 409s among them.
QHash<QString, WriteShare> runSeedClient(const Scenario &scenario, quint64 seed, int gapMs);

// What runStrategy() builds: "seed", "cxascode", "jitter", "engine" (and "null": sends nothing, a baseline).
QStringList comparisonStrategies();

struct StrategyRun
{
    QString strategy;
    quint64 seed = 0;
    QString error; // set when nothing ran (unknown strategy)
    QHash<QString, StrategyCounters> perRegion; // the strategy's own counters
    QHash<QString, sim::SimCounters> sim;       // the simulator's, per region
    qint64 changesFed = 0;
    qint64 lastChangeAtMs = 0; // run time of the last change fed (from the run's start)
    qint64 endedAtMs = 0;      // run time the run ended: the strategy went idle after the timeline, or the deadline
    bool idle = false;         // the strategy had nothing left at the end
    // Per region: agents whose newest change the simulator's ICP does not hold at the end.
    QHash<QString, int> notConverged;

    bool ok() const { return error.isEmpty(); }
    bool converged() const;
};

// Feeds the scenario's timeline into a fresh strategy `name` and runs until the timeline is over and the
// strategy is idle, or graceMs after the timeline's end. With ingestBatchMs > 0 the feed hands its changes over
// in batches gathered for that long (one ingest call, one outbox transaction each) instead of one by one.
StrategyRun runStrategy(const Scenario &scenario, quint64 seed, const QString &name, qint64 graceMs = 60000,
                        const EngineConfig &engineConfig = {}, qint64 ingestBatchMs = 0);

// seed-peak with a peak of `agents`: that many log in during the surge, and the after-login churn scales with it.
Scenario seedPeakWithPeak(const Scenario &seedPeak, int agents);

double median(QList<double> values);

} // namespace icp::bench
