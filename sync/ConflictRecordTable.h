#pragma once
// The newest conflict records (one per 409), stored as JSON text so the record's shape can grow without a
// migration. Part of the outbox's database; reach it through Outbox::conflicts().

#include "OutboxTypes.h"

#include <optional>

namespace icp {

class OutboxDatabase;

class ConflictRecordTable
{
public:
    explicit ConflictRecordTable(OutboxDatabase &database);

    void setLimit(int limit) { m_limit = qMax(1, limit); } // how many to keep; default 1000
    int limit() const { return m_limit; }

    // Stores the record and drops those beyond the limit; returns its id (higher is newer).
    std::optional<qint64> insert(const QString &region, const QString &skillGroupId, qint64 recordedAtMs,
                                 const QString &recordJson);
    QList<StoredConflict> list(int limit = 1000); // newest first

private:
    OutboxDatabase &m_database;
    int m_limit = 1000;
};

} // namespace icp
