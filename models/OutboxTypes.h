#pragma once
// Value types the Outbox takes and returns. Plain copies, safe to hand to another thread.

#include "Agent.h"

#include <QByteArray>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

namespace icp {

// One change offered to the outbox, with where it has to be written.
struct OutboxChange
{
    AgentAvailability change;
    QString region;
    QString skillGroupId;
};

// What became of one offered change.
enum class AcceptOutcome : quint8 {
    Accepted,   // now the newest change held for the agent
    Superseded, // accepted, replacing an older pending change that will never be sent
    Stale,      // older than (or as old as, with other content) the newest held: dropped
    Duplicate,  // identical to the newest held: dropped, idempotent
};

struct AcceptResult
{
    int accepted = 0;
    int superseded = 0;
    int stale = 0;
    int duplicate = 0;
    QList<AcceptOutcome> outcomes; // one per offered change, in order
    QString error;                 // set when nothing was committed

    bool ok() const { return error.isEmpty(); }
    int taken() const { return accepted + superseded; } // what the source may consider delivered
};

enum class OutboxState : quint8 {
    Pending,      // the newest change still has to be written
    InFlight,     // the newest change is in a batch on the wire
    Applied,      // the ICP holds the newest change
    DeadLettered, // the newest change is in the dead-letter table
};
QString outboxStateName(OutboxState s); // "pending", "in_flight", "applied", "dead"

// What the outbox holds for one agent.
struct OutboxEntry
{
    AgentAvailability change; // the newest accepted change
    QString region;
    QString skillGroupId;
    OutboxState state = OutboxState::Pending;
    qint64 acceptedAtMs = 0;   // acceptance of the newest change
    qint64 pendingSinceMs = 0; // acceptance of the oldest change not yet sent (0: none); staleness starts here
    int attempts = 0;          // sends since the agent was last applied
    qint64 appliedSourceTimestampMs = 0; // newest sourceTimestamp the ICP is known to hold (0: none)
    qint64 appliedAtMs = 0;
    QString inFlightBatchId;   // set while a batch carries this agent, even if a newer change is pending
};

// A write that has left (or is about to leave): persisted so a restart resends the same body with the same key.
struct OutboxBatch
{
    QString batchId;
    QString region;
    QString skillGroupId;
    QList<AgentAvailability> changes; // what the body carries
    QString idempotencyKey;
    QString bodyHash; // hex digest of body
    QByteArray body;  // exactly as sent
    qint64 createdAtMs = 0;

    QStringList agentIds() const
    {
        QStringList ids;
        ids.reserve(changes.size());
        for (const auto &c : changes)
            ids << c.agentId;
        return ids;
    }
};

// A group with changes waiting to be written.
struct GroupWork
{
    QString region;
    QString skillGroupId;
    int pendingCount = 0;
    qint64 oldestPendingSinceMs = 0;
};

struct MarkAppliedResult
{
    bool known = false;         // the agent is in the outbox
    bool caughtUp = false;      // the ICP now holds the newest accepted change
    qint64 resolvedSinceMs = 0; // acceptance of the oldest change this resolved (0: none); for staleness
};

struct DeadLetter
{
    qint64 id = 0;
    AgentAvailability change;
    QString region;
    QString skillGroupId;
    qint64 acceptedAtMs = 0;
    int attempts = 0;
    QString reason;
    QString historyJson; // the attempts, their delays and errors, as the engine recorded them
    qint64 deadAtMs = 0;
};

enum class DeadLetterRetry : quint8 {
    Requeued,   // pending again, attempts reset
    Superseded, // a newer change is held, or the ICP already holds this or newer: dead letter resolved
    NotFound,
    Failed,     // database error; see Outbox::errorString()
};

struct StoredConflict
{
    qint64 id = 0; // increasing: a higher id is a newer record
    qint64 recordedAtMs = 0;
    QString region;
    QString skillGroupId;
    QString recordJson;
};

struct OutboxCounters
{
    // Cumulative, persisted across restarts.
    qint64 ingested = 0; // every change offered
    qint64 accepted = 0;
    qint64 superseded = 0;
    qint64 stale = 0;
    qint64 duplicate = 0;
    qint64 applied = 0;      // markApplied calls that advanced what the ICP holds
    qint64 deadLettered = 0; // changes ever moved to the dead-letter table
    qint64 discarded = 0;    // dead letters discarded by a person
    // Current.
    qint64 pending = 0;
    qint64 inFlight = 0;
    qint64 deadLettersOpen = 0;
};

} // namespace icp

Q_DECLARE_METATYPE(icp::OutboxEntry)
Q_DECLARE_METATYPE(icp::DeadLetter)
Q_DECLARE_METATYPE(icp::StoredConflict)
Q_DECLARE_METATYPE(icp::OutboxCounters)
