#pragma once
// One agent's row of outbox_changes: what the outbox holds plus the bookkeeping of the change on the wire.
// Shared by the Outbox and the dead-letter table so every state change reads and writes the same columns.

#include "OutboxTypes.h"

class QSqlQuery;

namespace icp {

struct OutboxRow
{
    OutboxEntry entry;
    qint64 inFlightTs = 0;    // sourceTimestamp of the change in flight
    qint64 inFlightSince = 0; // pendingSince of the change in flight when it left

    static QString selectByAgentSql(); // one parameter: agent_id
    static QString selectWhereSql(const QString &whereClause);
    static QString insertSql();
    static QString updateSql();

    static OutboxRow from(const QSqlQuery &query); // a row of selectByAgentSql()/selectWhereSql()
    void bindInsert(QSqlQuery &query) const;
    void bindUpdate(QSqlQuery &query) const;
    void clearInFlight();
};

} // namespace icp
