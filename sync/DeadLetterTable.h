#pragma once
// Changes that could not be applied, with their history, until a person retries or discards them.
// Part of the outbox's database; reach it through Outbox::deadLetters().

#include "OutboxTypes.h"

namespace icp {

class OutboxDatabase;

class DeadLetterTable
{
public:
    explicit DeadLetterTable(OutboxDatabase &database);

    QList<DeadLetter> list(int limit = 1000); // newest first
    std::optional<DeadLetter> find(qint64 id);
    // Requeues the change unless a newer one is held or the ICP already holds it or newer (Superseded): a retry
    // never regresses an agent. Either way the dead letter is resolved and leaves the table.
    DeadLetterRetry retry(qint64 id, qint64 nowMs);
    bool discard(qint64 id);

    // For the Outbox, inside its transaction: records `change` of the agent `held` describes.
    bool insert(const OutboxEntry &held, const AgentAvailability &change, const QString &reason,
                const QString &historyJson, qint64 nowMs);

private:
    OutboxDatabase &m_database;
};

} // namespace icp
