#pragma once
// Immutable copies the engine publishes (at most 10 a second) to the window, the headless progress line and the
// bench. Plain values: safe across threads by queued signals.

#include "Agent.h"
#include "OutboxTypes.h"

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
    QString skillGroupId;
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
};

struct EngineSnapshot
{
    qint64 atMs = 0;
    bool paused = false;
    QList<RegionStatus> regions;
    QList<BatchStatus> batches;
    QList<ConflictRecord> recentConflicts; // newest first
    OutboxCounters outbox;
};

} // namespace icp

Q_DECLARE_METATYPE(icp::EngineSnapshot)
