#pragma once
// The durable outbox: every accepted availability change is committed here before its source is told so, and
// stays until the ICP holds it (or a newer one), or a person deals with it as a dead letter.
//
// Durability (SQLite, see OutboxDatabase): journal_mode=WAL, synchronous=FULL, locking_mode=EXCLUSIVE.
// - A process crash (SIGKILL) loses nothing that was committed; WAL alone would give that.
// - FULL fsyncs the WAL on every commit, so an acknowledged change also survives a power loss or an OS crash
//   (NORMAL could lose the last commits there). The price is one fsync per transaction, hence accept() takes
//   a whole batch in one transaction and transaction()/commit() group a response's results.
// - EXCLUSIVE: the process that opened the file owns it until close(); another process (a second console on
//   the same --db) is refused with a "locked" error instead of interleaving writes. External readers such as
//   the sqlite3 shell are refused too while the console runs.
//
// Threading: not thread-safe. The owner thread constructs it, calls open() and every other method; the
// connection name must be unique in the process.

#include "AuditTrail.h"
#include "ConflictRecordTable.h"
#include "DeadLetterTable.h"
#include "OutboxDatabase.h"
#include "OutboxTypes.h"

#include <optional>

namespace icp {

class Outbox
{
public:
    Outbox(QString filePath, QString connectionName);
    Outbox(const Outbox &) = delete;
    Outbox &operator=(const Outbox &) = delete;

    // Opens (creating when absent) and migrates the database. A corrupt, locked, foreign or newer-schema file
    // is refused with an error naming the file and what to do; it is never replaced.
    bool open() { return m_database.open(); }
    void close() { m_database.close(); }
    bool isOpen() const { return m_database.isOpen(); }
    QString errorString() const { return m_database.errorString(); } // the last failure
    QString filePath() const { return m_database.filePath(); }

    // Groups several calls into one commit (one fsync), e.g. every result of one bulk response. If a call
    // inside fails, commit() rolls everything back and returns false.
    bool transaction() { return m_database.transaction(); }
    bool commit() { return m_database.commit(); }
    void rollback() { m_database.rollback(); }

    // --- Ingest ---
    // Commits the whole batch in one transaction before returning; on error nothing is committed.
    // Per agent only the newest change by sourceTimestamp is kept (see AcceptOutcome).
    AcceptResult accept(const QList<OutboxChange> &changes, qint64 nowMs);

    // --- What the writers read ---
    std::optional<OutboxEntry> entry(const QString &agentId);
    // Pending changes of a group, oldest pendingSince first. Includes agents whose older change is still in
    // flight: a writer must not send its group again before that batch is finished (one writer per group).
    QList<OutboxEntry> pendingForGroup(const QString &skillGroupId, int limit);
    QList<GroupWork> groupsWithPending(); // oldest pending work first

    // --- Batches ---
    // Persists the batch (body and key) and marks its agents in flight, attempts + 1. Fails, changing nothing,
    // if an agent is unknown, dead-lettered, already in an unfinished batch, or the body carries a change
    // newer than the one held.
    bool markInFlight(const OutboxBatch &batch);
    // The ICP holds this agent at sourceTimestampMs (applied, or "stale" because it holds newer). Clears the
    // pending state only if no newer change arrived meanwhile.
    MarkAppliedResult markApplied(const QString &agentId, qint64 sourceTimestampMs, qint64 appliedAtMs);
    // Resync found that the ICP does not hold the newest applied change of this agent (someone overwrote or
    // lost it): make it pending again. Returns false, changing nothing, unless the agent is in state Applied.
    bool requeue(const QString &agentId, qint64 nowMs);
    // The ICP rejected this change: it alone goes to the dead-letter table. A newer pending change stays.
    bool markRejected(const AgentAvailability &rejected, const QString &reason, const QString &historyJson,
                      qint64 nowMs);
    // Forgets the batch. Its agents not marked applied or rejected return to pending (after a 409, a timeout,
    // a split), so the next send builds a new body with a new idempotency key.
    bool finishBatch(const QString &batchId);
    // Batches still recorded as in flight: after a crash, resend each body as is, with its key.
    QList<OutboxBatch> unfinishedBatches();
    std::optional<OutboxBatch> findUnfinishedBatch(const QString &skillGroupId, const QString &bodyHash);

    // --- Dead letters, conflict records, the audit trail ---
    // Moves the newest change of each agent (pending or in flight) to the dead-letter table; returns how many.
    int moveToDeadLetter(const QStringList &agentIds, const QString &reason, const QString &historyJson,
                         qint64 nowMs);
    DeadLetterTable &deadLetters() { return m_deadLetters; }
    ConflictRecordTable &conflicts() { return m_conflicts; }
    AuditTrail &audit() { return m_audit; }

    OutboxCounters counters();

private:
    QList<OutboxBatch> loadBatches(const QString &whereClause, const QVariantList &binds);

    OutboxDatabase m_database;
    DeadLetterTable m_deadLetters;
    ConflictRecordTable m_conflicts;
    AuditTrail m_audit;
};

} // namespace icp
