#include "OutboxRow.h"

#include "OutboxDatabase.h"

#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace icp {

namespace {

// Empty text and 0 stand for "none" in every column, so no statement depends on how a driver binds NULL.
const QString kColumns = u"agent_id, region, skill_group_id, status, capacity, source_ts, accepted_at, state, "
                         "attempts, pending_since, in_flight_batch, in_flight_ts, in_flight_since, applied_ts, "
                         "applied_at"_s;

OutboxState stateFromName(const QString &name)
{
    if (name == "in_flight"_L1)
        return OutboxState::InFlight;
    if (name == "applied"_L1)
        return OutboxState::Applied;
    if (name == "dead"_L1)
        return OutboxState::DeadLettered;
    return OutboxState::Pending;
}

// Every column but agent_id, in kColumns order.
QVariantList mutableValues(const OutboxRow &r)
{
    const OutboxEntry &e = r.entry;
    return {OutboxDatabase::text(e.region),
            OutboxDatabase::text(e.skillGroupId),
            agentStatusName(e.change.status),
            qint64(e.change.capacity),
            e.change.sourceTimestampMs,
            e.acceptedAtMs,
            outboxStateName(e.state),
            qint64(e.attempts),
            e.pendingSinceMs,
            OutboxDatabase::text(e.inFlightBatchId),
            r.inFlightTs,
            r.inFlightSince,
            e.appliedSourceTimestampMs,
            e.appliedAtMs};
}

} // namespace

QString OutboxRow::selectByAgentSql()
{
    return selectWhereSql(u"agent_id = ?"_s);
}

QString OutboxRow::selectWhereSql(const QString &whereClause)
{
    return u"SELECT "_s + kColumns + u" FROM outbox_changes WHERE "_s + whereClause;
}

QString OutboxRow::insertSql()
{
    return u"INSERT INTO outbox_changes ("_s + kColumns + u") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"_s;
}

QString OutboxRow::updateSql()
{
    return u"UPDATE outbox_changes SET region = ?, skill_group_id = ?, status = ?, capacity = ?, source_ts = ?, "
           "accepted_at = ?, state = ?, attempts = ?, pending_since = ?, in_flight_batch = ?, in_flight_ts = ?, "
           "in_flight_since = ?, applied_ts = ?, applied_at = ? WHERE agent_id = ?"_s;
}

OutboxRow OutboxRow::from(const QSqlQuery &q)
{
    OutboxRow r;
    OutboxEntry &e = r.entry;
    e.change.agentId = q.value(0).toString();
    e.region = q.value(1).toString();
    e.skillGroupId = q.value(2).toString();
    e.change.status = agentStatusFromName(q.value(3).toString()).value_or(AgentStatus::LoggedOut);
    e.change.capacity = q.value(4).toInt();
    e.change.sourceTimestampMs = q.value(5).toLongLong();
    e.acceptedAtMs = q.value(6).toLongLong();
    e.state = stateFromName(q.value(7).toString());
    e.attempts = q.value(8).toInt();
    e.pendingSinceMs = q.value(9).toLongLong();
    e.inFlightBatchId = q.value(10).toString();
    r.inFlightTs = q.value(11).toLongLong();
    r.inFlightSince = q.value(12).toLongLong();
    e.appliedSourceTimestampMs = q.value(13).toLongLong();
    e.appliedAtMs = q.value(14).toLongLong();
    return r;
}

void OutboxRow::bindInsert(QSqlQuery &query) const
{
    int i = 0;
    query.bindValue(i++, OutboxDatabase::text(entry.change.agentId));
    for (const QVariant &v : mutableValues(*this))
        query.bindValue(i++, v);
}

void OutboxRow::bindUpdate(QSqlQuery &query) const
{
    int i = 0;
    for (const QVariant &v : mutableValues(*this))
        query.bindValue(i++, v);
    query.bindValue(i, OutboxDatabase::text(entry.change.agentId));
}

void OutboxRow::clearInFlight()
{
    entry.inFlightBatchId.clear();
    inFlightTs = 0;
    inFlightSince = 0;
}

} // namespace icp
