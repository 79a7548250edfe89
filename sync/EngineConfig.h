#pragma once
#include "Backoff.h"
#include "CircuitBreaker.h"
#include "RetryBudget.h"

#include <QtGlobal>

namespace icp {

// Every knob of the engine's policy, with the defaults the seed peak was tuned on.
struct EngineConfig
{
    int batchMax = 100;            // the API's limit; configurable lower
    int quietGatherMs = 100;       // gather window while the group is quiet
    int churnGatherMs = 750;       // gather window while it churns (fewer, bigger writes)
    int churnChangesPerS = 4;      // arrivals in the last second at which a group counts as churning
    bool settleLearning = true;    // hold writes while the group's recomputes are predictably outstanding
    int settleMaxHoldMs = 1250;    // the hold never delays a change beyond this after its acceptance
    BackoffPolicy backoff{100, 5000};        // after failures (timeouts, 5xx, resets)
    // After a 409 the writer rebases: only this group's one writer is involved, so a long pause buys nothing
    // but staleness; a short full-jitter pause still spreads rebases off the reconciler's cadence.
    BackoffPolicy conflictBackoff{50, 400};
    int maxAttempts = 20;          // sends of one change before it is dead-lettered
    qint64 maxAgeMs = 10 * 60 * 1000; // a change older than this is dead-lettered instead of sent
    int regionConcurrency = 4;     // writes in flight per region (one per group at most)
    int requestTimeoutMs = 10000;
    int rateLimitPerMinute = 300;  // the token's budget; the client paces under it
    double rateHeadroom = 1.0;     // share of the budget the client allows itself; the server's headers keep it exact
    int rateBurst = 60;
    CircuitBreakerPolicy breaker{5, 15000};
    RetryBudgetPolicy retryBudget;
    int snapshotIntervalMs = 100;  // at most 10 snapshots a second
    int recentConflicts = 200;     // kept in memory for the snapshot (the database keeps more)
};

} // namespace icp
