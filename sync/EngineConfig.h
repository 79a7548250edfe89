#pragma once
#include "Backoff.h"
#include "CampaignPacingPolicy.h"
#include "CircuitBreaker.h"
#include "RetryBudget.h"

#include <QHash>
#include <QStringList>
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
    // When the group's outstanding recomputes cannot land within the hold (a backlog), holding to the bound
    // buys nothing: the writer sends right after the next bump, with the freshest version it can know.
    bool sendAtBumpInBacklog = true;
    // In a backlog, wait up to this long for a moment when the group's next recompute is queued far enough
    // behind other groups' (ReconcilerModel) that a write lands first. 0: send at the next bump.
    int backlogWindowWaitMs = 0;
    // A 409 whose modifiedBy is one of these recompute actors changed no member data, so the writer rebases on
    // the 409's currentVersion without re-reading the group (a request and a round trip saved per conflict).
    QStringList recomputeActors{QStringLiteral("routing-policy-reconciler")};
    BackoffPolicy backoff{100, 5000};        // after failures (timeouts, 5xx, resets)
    // After a 409 the writer rebases: only this group's one writer is involved, so a long pause buys nothing
    // but staleness; a short full-jitter pause still spreads rebases off the reconciler's cadence.
    BackoffPolicy conflictBackoff{10, 50};
    int maxAttempts = 20;          // failed sends of one batch before it is dead-lettered; 409s in a row beyond
                                   // this slow down to the failure backoff instead (only maxAgeMs gives up on them)
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

    // Campaign pacing (CampaignPacer, CampaignWriter): recommends for every campaign; writes only where a person
    // switched auto-pacing on, or on Apply now.
    CampaignPacingPolicy campaignPacing;                     // for every campaign ...
    QHash<QString, CampaignPacingPolicy> campaignPacingById; // ... unless it has its own
    QHash<QString, QStringList> campaignSkillGroups;         // staffing groups where the listing names none
    int campaignWindowMs = 3000;   // at most one write per campaign per window; an increase waits this long
    int campaignEvaluateMs = 100;  // capacity changes reach the recommendation within this
    bool campaignUsePut = false;   // PUT with the current version (rebase on 409) instead of PATCH
};

} // namespace icp
