#pragma once
// Immutable copies the engine publishes (at most 10 a second) to the window, the headless progress line and the
// bench. Plain values: safe across threads by queued signals.

#include "Agent.h"
#include "Campaign.h"
#include "OutboxTypes.h"
#include "Trunk.h"

#include <QList>
#include <QMetaType>
#include <QString>

namespace icp {

enum class WriterState : quint8 {
    Idle,
    Gathering,     // waiting for a burst to fill the batch
    Settling,      // holding while the group's recomputes are outstanding
    WaitingForSlot,
    InFlight,
    ReReading,     // after a 409: reading what the ICP holds
    BackingOff,    // after a 409 or a failure
    Throttled,     // 429/503 Retry-After or the client-side budget
    Blocked,       // 401/403: waiting for a person
};
QString writerStateName(WriterState s);

struct BatchStatus
{
    QString region;
    QString skillGroupId;
    WriterState state = WriterState::Idle;
    int agents = 0;   // changes waiting or in flight
    int attempt = 0;  // of maxAttempts
    int maxAttempts = 0;
    qint64 nextAttemptAtMs = 0; // 0: none scheduled
    qint64 knownVersion = 0;
    QString lastError;
};

enum class RegionSyncState : quint8 { Running, Paused, Throttled, CircuitOpen, Resyncing, Blocked };
QString regionSyncStateName(RegionSyncState s);

struct RegionStatus
{
    QString region;
    RegionSyncState state = RegionSyncState::Running;
    QString breakerState; // CircuitBreaker::stateName: closed | open | half_open
    int retryBudgetTokens = 0;
    int inFlight = 0;
    int pending = 0;
    qint64 applied = 0;
    qint64 conflicts409 = 0;
    qint64 throttled429 = 0;
    qint64 requests = 0;
    qint64 stalenessP99Ms = 0;
    qint64 lastSuccessAtMs = 0;
    QString lastError;
    bool eventStreamConnected = false;
    int resyncDone = 0;
    int resyncTotal = 0;
    // Sliding last-minute counts, for the region cards.
    int conflictsLastMinute = 0;
    int throttledLastMinute = 0;
    qint64 settleWindowMs = 0;   // the learned (or fixed) hold the writers use now; 0 while nothing is learned
    QString diagnosis;           // plain words about where this region's conflicts come from; empty: none yet
};

struct ConflictAttempt
{
    qint64 atMs = 0;
    qint64 delayMs = 0; // backoff before this attempt
    QString outcome;
};

// Everything known about one 409, for the conflict inspector.
struct ConflictRecord
{
    qint64 id = 0;
    qint64 atMs = 0;
    QString region;
    QString skillGroupId;        // for a campaign write: the campaign id (campaignId says so)
    QString campaignId;          // set when the 409 answered a campaign PUT
    qint64 expectedVersion = 0;
    qint64 currentVersion = 0;
    QString modifiedBy;
    qint64 modifiedAtMs = 0;
    qint64 sinceOurLastWriteMs = -1; // delay since our previous accepted write to this group
    QByteArray requestBody;
    QByteArray responseBody;
    QList<std::pair<QByteArray, QByteArray>> responseHeaders;
    QString correlationId;
    QList<AgentAvailability> sent;
    QList<AgentAvailability> serverAfterReread; // the affected members as the ICP held them
    QList<ConflictAttempt> attempts;
    QString resolution;
    // Whether serverAfterReread comes from a re-read. A 409 from a recompute actor (which changes no members) is
    // rebased on its currentVersion without one, and then serverAfterReread is empty.
    bool reread = false;
};

// One BYOC trunk as the console last saw it (Genesys trunk listing + event stream + metrics).
struct TrunkView
{
    Trunk trunk;                 // trunk.region and trunk.skillGroupId are filled
    TrunkMetrics metrics;        // calls now; trunkId empty until the first metrics arrive
    qint64 lastChangeAtMs = 0;   // when its registration state last changed (console clock)
};

// One trunk-based skill group: what the WFM feed says of its agents, and the capacity that is usable.
struct SkillGroupView
{
    QString region;
    QString id;
    QString name;
    QStringList trunkIds;
    qint64 version = 0;          // newest version seen (event stream, write answers, 409 bodies)
    int agentsLoggedIn = 0;
    int agentsAvailable = 0;
    int capacity = 0;            // sum of the available agents' capacity
    int effectiveCapacity = 0;   // capacity of available agents on registered trunks, bounded by free channels
};

// Per-region totals for the region cards and the capacity chart.
struct RegionFleet
{
    QString region;
    QString displayName;
    bool trunksKnown = false;    // false until the first trunk listing arrived
    int trunksTotal = 0;
    int trunksRegistered = 0;
    int agentsLoggedIn = 0;
    int agentsAvailable = 0;
    int capacity = 0;
    int effectiveCapacity = 0;
};

// One outbound campaign: what staffs it, the pacing the engine recommends and what the campaign holds.
struct CampaignRow
{
    QString id;
    QString name;
    QString region;
    QStringList skillGroupIds;
    int effectiveCapacity = 0;   // summed over its skill groups, bounded by the free channels of registered trunks
    int registeredTrunks = 0;
    int agents = 0;              // available agents on registered trunks
    bool hasRecommendation = false;
    PacingSetting recommended;
    PacingSetting applied;       // what the campaign holds (its listing, event stream or our last write)
    qint64 appliedAtMs = 0;      // when our last write was accepted (0: never)
    qint64 raiseDueAtMs = 0;     // a pending increase is recommended then (0: none pending)
    bool autoPacing = false;
    QString writeState;          // idle | waiting | queued | in flight | re-reading | backing off | throttled | blocked | failed
    qint64 nextWriteAtMs = 0;    // the coalesced or backed-off write leaves then (0: none scheduled)
    int writes = 0;              // writes sent for this campaign
    int conflicts409 = 0;
    QString lastError;
};

struct EngineSnapshot
{
    qint64 atMs = 0;
    bool paused = false;
    QList<RegionStatus> regions;
    QList<BatchStatus> batches;
    QList<ConflictRecord> recentConflicts; // newest first
    OutboxCounters outbox;
    // Filled by the EngineHost's fleet monitor (empty when the engine runs without one, e.g. in tests).
    QList<RegionFleet> fleet;
    QList<TrunkView> trunks;
    QList<SkillGroupView> groups;
    QList<DeadLetter> deadLetters;  // open dead letters, newest first (bounded)
    QList<CampaignRow> campaigns;   // filled once the engine has a fleet to pace from
};

} // namespace icp

Q_DECLARE_METATYPE(icp::EngineSnapshot)
