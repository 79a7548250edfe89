#include "DeadLetterTable.h"

#include "OutboxDatabase.h"
#include "OutboxRow.h"

#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace icp {

namespace {

const QString kColumns = u"id, agent_id, region, skill_group_id, status, capacity, source_ts, accepted_at, "
                         "attempts, reason, history, dead_at"_s;

DeadLetter deadLetterFrom(const QSqlQuery &q)
{
    DeadLetter d;
    d.id = q.value(0).toLongLong();
    d.change.agentId = q.value(1).toString();
    d.region = q.value(2).toString();
    d.skillGroupId = q.value(3).toString();
    d.change.status = agentStatusFromName(q.value(4).toString()).value_or(AgentStatus::LoggedOut);
    d.change.capacity = q.value(5).toInt();
    d.change.sourceTimestampMs = q.value(6).toLongLong();
    d.acceptedAtMs = q.value(7).toLongLong();
    d.attempts = q.value(8).toInt();
    d.reason = q.value(9).toString();
    d.historyJson = q.value(10).toString();
    d.deadAtMs = q.value(11).toLongLong();
    return d;
}

} // namespace

DeadLetterTable::DeadLetterTable(OutboxDatabase &database)
    : m_database(database)
{
}

bool DeadLetterTable::insert(const OutboxEntry &held, const AgentAvailability &change, const QString &reason,
                             const QString &historyJson, qint64 nowMs)
{
    const std::optional<qint64> id = m_database.nextId(u"seq.dead_letter"_s);
    QSqlQuery q(m_database.db());
    if (!id
        || !m_database.prepare(q, u"INSERT INTO dead_letters ("_s + kColumns
                                      + u") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"_s))
        return false;
    const QVariantList values = {*id,
                                 OutboxDatabase::text(change.agentId),
                                 OutboxDatabase::text(held.region),
                                 OutboxDatabase::text(held.skillGroupId),
                                 agentStatusName(change.status),
                                 qint64(change.capacity),
                                 change.sourceTimestampMs,
                                 held.acceptedAtMs,
                                 qint64(held.attempts),
                                 OutboxDatabase::text(reason),
                                 historyJson.isEmpty() ? u"[]"_s : historyJson,
                                 nowMs};
    for (int i = 0; i < values.size(); ++i)
        q.bindValue(i, values[i]);
    return m_database.exec(q, u"adding a dead letter for agent %1"_s.arg(change.agentId))
        && m_database.bumpCounter(u"dead_lettered"_s, 1);
}

QList<DeadLetter> DeadLetterTable::list(int limit)
{
    QList<DeadLetter> out;
    QSqlQuery q(m_database.db());
    if (!m_database.requireOpen()
        || !m_database.prepare(q, u"SELECT "_s + kColumns + u" FROM dead_letters ORDER BY id DESC LIMIT ?"_s))
        return out;
    q.bindValue(0, qMax(0, limit));
    if (!m_database.exec(q, u"listing dead letters"_s))
        return out;
    while (q.next())
        out << deadLetterFrom(q);
    return out;
}

std::optional<DeadLetter> DeadLetterTable::find(qint64 id)
{
    QSqlQuery q(m_database.db());
    if (!m_database.requireOpen() || !m_database.prepare(q, u"SELECT "_s + kColumns + u" FROM dead_letters WHERE id = ?"_s))
        return std::nullopt;
    q.bindValue(0, id);
    if (!m_database.exec(q, u"reading dead letter %1"_s.arg(id)) || !q.next())
        return std::nullopt;
    return deadLetterFrom(q);
}

DeadLetterRetry DeadLetterTable::retry(qint64 id, qint64 nowMs)
{
    const QString doing = u"retrying dead letter %1"_s.arg(id);
    OutboxDatabase::Scope tx(m_database);
    QSqlQuery find(m_database.db()), select(m_database.db()), write(m_database.db()), remove(m_database.db());
    if (!tx.begun()
        || !m_database.prepare(find, u"SELECT "_s + kColumns + u" FROM dead_letters WHERE id = ?"_s)
        || !m_database.prepare(select, OutboxRow::selectByAgentSql())
        || !m_database.prepare(remove, u"DELETE FROM dead_letters WHERE id = ?"_s))
        return DeadLetterRetry::Failed;
    find.bindValue(0, id);
    if (!m_database.exec(find, doing))
        return DeadLetterRetry::Failed;
    if (!find.next()) {
        tx.commit();
        return DeadLetterRetry::NotFound;
    }
    const DeadLetter dead = deadLetterFrom(find);
    find.finish();
    select.bindValue(0, dead.change.agentId);
    if (!m_database.exec(select, doing))
        return DeadLetterRetry::Failed;
    std::optional<OutboxRow> held;
    if (select.next())
        held = OutboxRow::from(select);
    select.finish();

    DeadLetterRetry outcome = DeadLetterRetry::Requeued;
    const qint64 ts = dead.change.sourceTimestampMs;
    if (held && (held->entry.change.sourceTimestampMs > ts || held->entry.appliedSourceTimestampMs >= ts)) {
        outcome = DeadLetterRetry::Superseded; // sending it now would regress the agent
    } else {
        OutboxRow row = held.value_or(OutboxRow{});
        row.entry.change = dead.change;
        row.entry.region = dead.region;
        row.entry.skillGroupId = dead.skillGroupId;
        if (!held)
            row.entry.acceptedAtMs = dead.acceptedAtMs;
        if (!held || row.entry.state == OutboxState::DeadLettered) {
            row.entry.state = OutboxState::Pending;
            row.entry.attempts = 0;
            row.entry.pendingSinceMs = nowMs;
        }
        if (!m_database.prepare(write, held ? OutboxRow::updateSql() : OutboxRow::insertSql()))
            return DeadLetterRetry::Failed;
        if (held)
            row.bindUpdate(write);
        else
            row.bindInsert(write);
        if (!m_database.exec(write, doing))
            return DeadLetterRetry::Failed;
    }
    remove.bindValue(0, id);
    if (!m_database.exec(remove, doing) || !tx.commit())
        return DeadLetterRetry::Failed;
    return outcome;
}

bool DeadLetterTable::discard(qint64 id)
{
    const QString doing = u"discarding dead letter %1"_s.arg(id);
    OutboxDatabase::Scope tx(m_database);
    QSqlQuery q(m_database.db());
    if (!tx.begun() || !m_database.prepare(q, u"DELETE FROM dead_letters WHERE id = ?"_s))
        return false;
    q.bindValue(0, id);
    if (!m_database.exec(q, doing))
        return false;
    if (q.numRowsAffected() != 1)
        return m_database.fail(doing, u"there is no dead letter %1 (already retried or discarded?)"_s.arg(id));
    return m_database.bumpCounter(u"discarded"_s, 1) && tx.commit();
}

} // namespace icp
