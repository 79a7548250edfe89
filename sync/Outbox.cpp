#include "Outbox.h"

#include "OutboxRow.h"

#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace icp {

namespace {

qint64 earliestSet(qint64 a, qint64 b)
{
    if (a == 0)
        return b;
    if (b == 0)
        return a;
    return qMin(a, b);
}

void bindAll(QSqlQuery &q, const QVariantList &values)
{
    for (int i = 0; i < values.size(); ++i)
        q.bindValue(i, values[i]);
}

} // namespace

Outbox::Outbox(QString filePath, QString connectionName)
    : m_database(std::move(filePath), std::move(connectionName))
    , m_deadLetters(m_database)
    , m_conflicts(m_database)
    , m_audit(m_database)
{
}

AcceptResult Outbox::accept(const QList<OutboxChange> &changes, qint64 nowMs)
{
    AcceptResult result;
    const auto failed = [&]() {
        result = AcceptResult{};
        result.error = m_database.errorString();
        return result;
    };
    const QString doing = u"accepting changes"_s;
    for (qsizetype i = 0; i < changes.size(); ++i) {
        if (changes[i].change.agentId.isEmpty() || changes[i].skillGroupId.isEmpty()) {
            m_database.fail(doing, u"change %1 has no agent id or no skill group (nothing committed)"_s.arg(i));
            return failed();
        }
    }
    OutboxDatabase::Scope tx(m_database);
    QSqlQuery select(m_database.db()), insert(m_database.db()), update(m_database.db());
    // Prepared once, executed for every change of the batch.
    if (!tx.begun() || !m_database.prepare(select, OutboxRow::selectByAgentSql())
        || !m_database.prepare(insert, OutboxRow::insertSql()) || !m_database.prepare(update, OutboxRow::updateSql()))
        return failed();

    result.outcomes.reserve(changes.size());
    for (const OutboxChange &offered : changes) {
        const AgentAvailability &c = offered.change;
        select.bindValue(0, c.agentId);
        if (!m_database.exec(select, doing))
            return failed();
        if (!select.next()) {
            OutboxRow fresh;
            fresh.entry.change = c;
            fresh.entry.region = offered.region;
            fresh.entry.skillGroupId = offered.skillGroupId;
            fresh.entry.acceptedAtMs = nowMs;
            fresh.entry.pendingSinceMs = nowMs;
            fresh.bindInsert(insert);
            if (!m_database.exec(insert, doing))
                return failed();
            result.outcomes << AcceptOutcome::Accepted;
            ++result.accepted;
            continue;
        }
        OutboxRow held = OutboxRow::from(select);
        select.finish();
        const AgentAvailability &newest = held.entry.change;
        if (c.sourceTimestampMs < newest.sourceTimestampMs
            || (c.sourceTimestampMs == newest.sourceTimestampMs && c != newest)) {
            result.outcomes << AcceptOutcome::Stale;
            ++result.stale;
            continue;
        }
        if (c.sourceTimestampMs == newest.sourceTimestampMs) {
            result.outcomes << AcceptOutcome::Duplicate;
            ++result.duplicate;
            continue;
        }
        const bool replacesPending = held.entry.state == OutboxState::Pending;
        if (held.entry.state == OutboxState::DeadLettered)
            held.entry.attempts = 0; // a new change deserves its own attempts
        held.entry.change = c;
        held.entry.region = offered.region;
        held.entry.skillGroupId = offered.skillGroupId;
        held.entry.acceptedAtMs = nowMs;
        held.entry.state = OutboxState::Pending;
        // Staleness counts from the oldest change not yet sent, so a superseding change keeps that time.
        if (!replacesPending || held.entry.pendingSinceMs == 0)
            held.entry.pendingSinceMs = nowMs;
        held.bindUpdate(update);
        if (!m_database.exec(update, doing))
            return failed();
        result.outcomes << (replacesPending ? AcceptOutcome::Superseded : AcceptOutcome::Accepted);
        ++(replacesPending ? result.superseded : result.accepted);
    }
    if (!m_database.bumpCounter(u"ingested"_s, changes.size())
        || !m_database.bumpCounter(u"accepted"_s, result.accepted)
        || !m_database.bumpCounter(u"superseded"_s, result.superseded)
        || !m_database.bumpCounter(u"stale"_s, result.stale)
        || !m_database.bumpCounter(u"duplicate"_s, result.duplicate) || !tx.commit()) {
        return failed();
    }
    return result;
}

std::optional<OutboxEntry> Outbox::entry(const QString &agentId)
{
    QSqlQuery q(m_database.db());
    if (!m_database.requireOpen() || !m_database.prepare(q, OutboxRow::selectByAgentSql()))
        return std::nullopt;
    q.bindValue(0, agentId);
    if (!m_database.exec(q, u"reading agent %1"_s.arg(agentId)) || !q.next())
        return std::nullopt;
    return OutboxRow::from(q).entry;
}

QList<OutboxEntry> Outbox::pendingForGroup(const QString &skillGroupId, int limit)
{
    QList<OutboxEntry> out;
    QSqlQuery q(m_database.db());
    if (!m_database.requireOpen()
        || !m_database.prepare(q, OutboxRow::selectWhereSql(u"skill_group_id = ? AND state = 'pending' "
                                                            "ORDER BY pending_since, agent_id LIMIT ?"_s)))
        return out;
    q.bindValue(0, skillGroupId);
    q.bindValue(1, qMax(0, limit));
    if (!m_database.exec(q, u"reading the pending changes of %1"_s.arg(skillGroupId)))
        return out;
    while (q.next())
        out << OutboxRow::from(q).entry;
    return out;
}

QList<GroupWork> Outbox::groupsWithPending()
{
    QList<GroupWork> out;
    QSqlQuery q(m_database.db());
    if (!m_database.requireOpen()
        || !m_database.prepare(q, u"SELECT region, skill_group_id, COUNT(*), MIN(pending_since) AS oldest "
                                  "FROM outbox_changes WHERE state = 'pending' GROUP BY region, skill_group_id "
                                  "ORDER BY oldest, skill_group_id"_s)
        || !m_database.exec(q, u"listing groups with pending changes"_s))
        return out;
    while (q.next())
        out << GroupWork{q.value(0).toString(), q.value(1).toString(), q.value(2).toInt(), q.value(3).toLongLong()};
    return out;
}

bool Outbox::markInFlight(const OutboxBatch &batch)
{
    const QString doing = u"recording batch %1 as in flight"_s.arg(batch.batchId);
    if (batch.batchId.isEmpty() || batch.idempotencyKey.isEmpty() || batch.changes.isEmpty())
        return m_database.fail(doing, u"the batch needs an id, an idempotency key and at least one change"_s);
    OutboxDatabase::Scope tx(m_database);
    QSqlQuery insertBatch(m_database.db()), insertItem(m_database.db()), select(m_database.db()),
        update(m_database.db());
    if (!tx.begun()
        || !m_database.prepare(insertBatch, u"INSERT INTO outbox_batches (batch_id, region, skill_group_id, "
                                            "idempotency_key, body_hash, body, created_at) "
                                            "VALUES (?, ?, ?, ?, ?, ?, ?)"_s)
        || !m_database.prepare(insertItem, u"INSERT INTO outbox_batch_items (batch_id, agent_id, position, status, "
                                           "capacity, source_ts) VALUES (?, ?, ?, ?, ?, ?)"_s)
        || !m_database.prepare(select, OutboxRow::selectByAgentSql())
        || !m_database.prepare(update, OutboxRow::updateSql()))
        return false;
    bindAll(insertBatch, {batch.batchId, OutboxDatabase::text(batch.region), OutboxDatabase::text(batch.skillGroupId),
                          batch.idempotencyKey, OutboxDatabase::text(batch.bodyHash),
                          OutboxDatabase::text(QString::fromUtf8(batch.body)), batch.createdAtMs});
    if (!m_database.exec(insertBatch, doing))
        return false;

    for (int position = 0; position < batch.changes.size(); ++position) {
        const AgentAvailability &c = batch.changes[position];
        select.bindValue(0, c.agentId);
        if (!m_database.exec(select, doing))
            return false;
        if (!select.next())
            return m_database.fail(doing, u"agent %1 is not in the outbox"_s.arg(c.agentId));
        OutboxRow held = OutboxRow::from(select);
        select.finish();
        if (!held.entry.inFlightBatchId.isEmpty()) {
            return m_database.fail(doing, u"agent %1 is already in unfinished batch %2 (one writer per group)"_s.arg(
                                              c.agentId, held.entry.inFlightBatchId));
        }
        if (c.sourceTimestampMs > held.entry.change.sourceTimestampMs) {
            return m_database.fail(doing,
                                   u"the body carries a newer change of agent %1 than the outbox holds"_s.arg(c.agentId));
        }
        if (held.entry.state == OutboxState::DeadLettered)
            return m_database.fail(doing, u"agent %1 is dead-lettered; retry the dead letter instead"_s.arg(c.agentId));
        held.entry.inFlightBatchId = batch.batchId;
        held.inFlightTs = c.sourceTimestampMs;
        held.inFlightSince = held.entry.pendingSinceMs;
        held.entry.attempts += 1;
        if (c.sourceTimestampMs == held.entry.change.sourceTimestampMs) {
            held.entry.state = OutboxState::InFlight;
            held.entry.pendingSinceMs = 0; // everything accepted so far is on the wire
        }
        held.bindUpdate(update);
        bindAll(insertItem, {batch.batchId, c.agentId, position, agentStatusName(c.status), qint64(c.capacity),
                             c.sourceTimestampMs});
        if (!m_database.exec(update, doing) || !m_database.exec(insertItem, doing))
            return false;
    }
    return tx.commit();
}

MarkAppliedResult Outbox::markApplied(const QString &agentId, qint64 sourceTimestampMs, qint64 appliedAtMs)
{
    MarkAppliedResult result;
    const QString doing = u"marking agent %1 applied"_s.arg(agentId);
    OutboxDatabase::Scope tx(m_database);
    QSqlQuery select(m_database.db()), update(m_database.db());
    if (!tx.begun() || !m_database.prepare(select, OutboxRow::selectByAgentSql())
        || !m_database.prepare(update, OutboxRow::updateSql()))
        return result;
    select.bindValue(0, agentId);
    if (!m_database.exec(select, doing))
        return result;
    if (!select.next()) {
        tx.commit(); // an agent the outbox never held: nothing to resolve
        return result;
    }
    OutboxRow held = OutboxRow::from(select);
    select.finish();
    const bool advances = sourceTimestampMs > held.entry.appliedSourceTimestampMs;
    if (advances) {
        held.entry.appliedSourceTimestampMs = sourceTimestampMs;
        held.entry.appliedAtMs = appliedAtMs;
    }
    qint64 resolvedSince = 0;
    if (sourceTimestampMs >= held.entry.change.sourceTimestampMs) {
        // The ICP holds the newest change (or newer): everything accepted for this agent is resolved.
        resolvedSince =
            earliestSet(held.entry.pendingSinceMs, held.entry.inFlightBatchId.isEmpty() ? 0 : held.inFlightSince);
        held.entry.state = OutboxState::Applied;
        held.entry.pendingSinceMs = 0;
        held.entry.attempts = 0;
        held.clearInFlight();
    } else if (!held.entry.inFlightBatchId.isEmpty() && sourceTimestampMs >= held.inFlightTs) {
        // The older change in flight landed; the newer one that arrived meanwhile stays pending.
        resolvedSince = held.inFlightSince;
        held.clearInFlight();
    }
    held.bindUpdate(update);
    if (!m_database.exec(update, doing) || !m_database.bumpCounter(u"applied"_s, advances ? 1 : 0) || !tx.commit())
        return result;
    result.known = true;
    result.caughtUp = held.entry.state == OutboxState::Applied;
    result.resolvedSinceMs = resolvedSince;
    return result;
}

bool Outbox::requeue(const QString &agentId, qint64 nowMs)
{
    const QString doing = u"requeueing agent %1 after a resync"_s.arg(agentId);
    OutboxDatabase::Scope tx(m_database);
    QSqlQuery select(m_database.db()), update(m_database.db());
    if (!tx.begun() || !m_database.prepare(select, OutboxRow::selectByAgentSql())
        || !m_database.prepare(update, OutboxRow::updateSql()))
        return false;
    select.bindValue(0, agentId);
    if (!m_database.exec(select, doing) || !select.next())
        return false;
    OutboxRow held = OutboxRow::from(select);
    select.finish();
    if (held.entry.state != OutboxState::Applied)
        return false;
    held.entry.state = OutboxState::Pending;
    held.entry.pendingSinceMs = nowMs;
    held.entry.appliedSourceTimestampMs = 0;
    held.bindUpdate(update);
    return m_database.exec(update, doing) && tx.commit();
}

bool Outbox::markRejected(const AgentAvailability &rejected, const QString &reason, const QString &historyJson,
                          qint64 nowMs)
{
    const QString doing = u"dead-lettering the rejected change of agent %1"_s.arg(rejected.agentId);
    OutboxDatabase::Scope tx(m_database);
    QSqlQuery select(m_database.db()), update(m_database.db());
    if (!tx.begun() || !m_database.prepare(select, OutboxRow::selectByAgentSql())
        || !m_database.prepare(update, OutboxRow::updateSql()))
        return false;
    select.bindValue(0, rejected.agentId);
    if (!m_database.exec(select, doing))
        return false;
    if (!select.next())
        return m_database.fail(doing, u"agent %1 is not in the outbox"_s.arg(rejected.agentId));
    OutboxRow held = OutboxRow::from(select);
    select.finish();
    if (!m_deadLetters.insert(held.entry, rejected, reason, historyJson, nowMs))
        return false;
    if (rejected.sourceTimestampMs >= held.entry.change.sourceTimestampMs) {
        held.entry.state = OutboxState::DeadLettered;
        held.entry.pendingSinceMs = 0;
        held.entry.attempts = 0;
        held.clearInFlight();
    } else if (!held.entry.inFlightBatchId.isEmpty() && rejected.sourceTimestampMs >= held.inFlightTs) {
        held.clearInFlight(); // a newer change is pending and will be sent on its own
    }
    held.bindUpdate(update);
    return m_database.exec(update, doing) && tx.commit();
}

bool Outbox::finishBatch(const QString &batchId)
{
    const QString doing = u"finishing batch %1"_s.arg(batchId);
    OutboxDatabase::Scope tx(m_database);
    QSqlQuery select(m_database.db()), update(m_database.db()), deleteItems(m_database.db()),
        deleteBatch(m_database.db());
    if (!tx.begun() || !m_database.prepare(select, OutboxRow::selectWhereSql(u"in_flight_batch = ?"_s))
        || !m_database.prepare(update, OutboxRow::updateSql())
        || !m_database.prepare(deleteItems, u"DELETE FROM outbox_batch_items WHERE batch_id = ?"_s)
        || !m_database.prepare(deleteBatch, u"DELETE FROM outbox_batches WHERE batch_id = ?"_s))
        return false;
    select.bindValue(0, batchId);
    if (!m_database.exec(select, doing))
        return false;
    QList<OutboxRow> unresolved;
    while (select.next())
        unresolved << OutboxRow::from(select);
    select.finish();
    for (OutboxRow &held : unresolved) {
        // Not acknowledged: back to pending, with staleness still counted from its first acceptance.
        held.entry.pendingSinceMs = earliestSet(held.entry.pendingSinceMs, held.inFlightSince);
        if (held.entry.pendingSinceMs == 0)
            held.entry.pendingSinceMs = held.entry.acceptedAtMs;
        if (held.entry.state == OutboxState::InFlight) {
            // A resend of something the ICP already held goes back to applied, not pending.
            const bool heldByIcp = held.entry.appliedSourceTimestampMs >= held.entry.change.sourceTimestampMs;
            held.entry.state = heldByIcp ? OutboxState::Applied : OutboxState::Pending;
            if (heldByIcp)
                held.entry.pendingSinceMs = 0;
        }
        held.clearInFlight();
        held.bindUpdate(update);
        if (!m_database.exec(update, doing))
            return false;
    }
    deleteItems.bindValue(0, batchId);
    deleteBatch.bindValue(0, batchId);
    return m_database.exec(deleteItems, doing) && m_database.exec(deleteBatch, doing) && tx.commit();
}

QList<OutboxBatch> Outbox::loadBatches(const QString &whereClause, const QVariantList &binds)
{
    QList<OutboxBatch> out;
    QSqlQuery q(m_database.db()), items(m_database.db());
    if (!m_database.requireOpen()
        || !m_database.prepare(q, u"SELECT batch_id, region, skill_group_id, idempotency_key, body_hash, body, "
                                  "created_at FROM outbox_batches "_s
                                      + whereClause + u" ORDER BY created_at, batch_id"_s)
        || !m_database.prepare(items, u"SELECT agent_id, status, capacity, source_ts FROM outbox_batch_items "
                                      "WHERE batch_id = ? ORDER BY position"_s))
        return out;
    bindAll(q, binds);
    if (!m_database.exec(q, u"reading unfinished batches"_s))
        return out;
    while (q.next()) {
        OutboxBatch b;
        b.batchId = q.value(0).toString();
        b.region = q.value(1).toString();
        b.skillGroupId = q.value(2).toString();
        b.idempotencyKey = q.value(3).toString();
        b.bodyHash = q.value(4).toString();
        b.body = q.value(5).toString().toUtf8();
        b.createdAtMs = q.value(6).toLongLong();
        out << b;
    }
    for (OutboxBatch &b : out) {
        items.bindValue(0, b.batchId);
        if (!m_database.exec(items, u"reading unfinished batches"_s))
            return {};
        while (items.next()) {
            AgentAvailability c;
            c.agentId = items.value(0).toString();
            c.status = agentStatusFromName(items.value(1).toString()).value_or(AgentStatus::LoggedOut);
            c.capacity = items.value(2).toInt();
            c.sourceTimestampMs = items.value(3).toLongLong();
            b.changes << c;
        }
    }
    return out;
}

QList<OutboxBatch> Outbox::unfinishedBatches()
{
    return loadBatches(QString(), {});
}

std::optional<OutboxBatch> Outbox::findUnfinishedBatch(const QString &skillGroupId, const QString &bodyHash)
{
    const QList<OutboxBatch> found =
        loadBatches(u"WHERE skill_group_id = ? AND body_hash = ?"_s, {skillGroupId, bodyHash});
    if (found.isEmpty())
        return std::nullopt;
    return found.constFirst();
}

int Outbox::moveToDeadLetter(const QStringList &agentIds, const QString &reason, const QString &historyJson,
                             qint64 nowMs)
{
    const QString doing = u"moving changes to the dead-letter table"_s;
    OutboxDatabase::Scope tx(m_database);
    QSqlQuery select(m_database.db()), update(m_database.db());
    if (!tx.begun() || !m_database.prepare(select, OutboxRow::selectByAgentSql())
        || !m_database.prepare(update, OutboxRow::updateSql()))
        return 0;
    int moved = 0;
    for (const QString &agentId : agentIds) {
        select.bindValue(0, agentId);
        if (!m_database.exec(select, doing))
            return 0;
        if (!select.next())
            continue;
        OutboxRow held = OutboxRow::from(select);
        select.finish();
        if (held.entry.state == OutboxState::Applied || held.entry.state == OutboxState::DeadLettered)
            continue; // nothing undelivered
        if (!m_deadLetters.insert(held.entry, held.entry.change, reason, historyJson, nowMs))
            return 0;
        held.entry.state = OutboxState::DeadLettered;
        held.entry.pendingSinceMs = 0;
        held.entry.attempts = 0;
        held.clearInFlight();
        held.bindUpdate(update);
        if (!m_database.exec(update, doing))
            return 0;
        ++moved;
    }
    return tx.commit() ? moved : 0;
}

OutboxCounters Outbox::counters()
{
    OutboxCounters c;
    if (!m_database.requireOpen())
        return c;
    const QHash<QString, qint64> stored = m_database.counterValues();
    c.ingested = stored.value(u"ingested"_s);
    c.accepted = stored.value(u"accepted"_s);
    c.superseded = stored.value(u"superseded"_s);
    c.stale = stored.value(u"stale"_s);
    c.duplicate = stored.value(u"duplicate"_s);
    c.applied = stored.value(u"applied"_s);
    c.deadLettered = stored.value(u"dead_lettered"_s);
    c.discarded = stored.value(u"discarded"_s);
    const QList<std::pair<QString, qint64 *>> current = {
        {u"SELECT COUNT(*) FROM outbox_changes WHERE state = 'pending'"_s, &c.pending},
        {u"SELECT COUNT(*) FROM outbox_changes WHERE in_flight_batch <> ''"_s, &c.inFlight},
        {u"SELECT COUNT(*) FROM dead_letters"_s, &c.deadLettersOpen},
    };
    QSqlQuery q(m_database.db());
    for (const auto &[sql, field] : current) {
        if (!m_database.prepare(q, sql) || !m_database.exec(q, u"reading counters"_s) || !q.next())
            return c;
        *field = q.value(0).toLongLong();
    }
    return c;
}

} // namespace icp
