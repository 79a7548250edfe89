#pragma once
// `icp-bench scale`: the engine's own cost as the contact center grows, in VIRTUAL time through the in-process
// transport into the simulator's request handler (no loopback network, no real waiting). Each size runs in a
// child process (`icp-bench scale --point ...`) so that its peak RSS is its own; a run of the same size with a
// strategy that sends nothing is the baseline whose CPU is subtracted. The outbox's durable write throughput is
// measured apart, on a real SQLite file in a temporary directory.

#include "Scenario.h"

#include <QStringList>

namespace icp::bench {

struct ScalePoint
{
    int agents = 1000;
    int trunks = 20;
    int regions = 2;
    int burstPerS = 500; // a login surge of this many agents within one second
    double churnPerS = -1; // changes a second over all regions; negative: 0.5% of the agents
    int durationS = 30;
};

// The generated contact center of one size: trunk pairs form skill groups, spread over the regions; one
// region's reconciler is async (seed-peak's), the others sync; churn of 0.5% of the agents a second.
std::optional<Scenario> scaleScenario(const ScalePoint &point, QString *error);

// `icp-bench scale [--points A,T,R,B;...] [--ingest-batch-ms MS] [--outbox-changes N]` (parent: each point with the
// WFM feed one by one and in 100 ms batches unless --ingest-batch-ms), or `--point A,T,R,B --strategy S` (child).
int runScaleBench(const QStringList &args);

} // namespace icp::bench
