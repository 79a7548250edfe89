#include "ConflictRecordTable.h"

#include "OutboxDatabase.h"

#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace icp {

ConflictRecordTable::ConflictRecordTable(OutboxDatabase &database)
    : m_database(database)
{
}

std::optional<qint64> ConflictRecordTable::insert(const QString &region, const QString &skillGroupId,
                                                  qint64 recordedAtMs, const QString &recordJson)
{
    const QString doing = u"storing a conflict record"_s;
    OutboxDatabase::Scope tx(m_database);
    QSqlQuery insert(m_database.db()), trim(m_database.db());
    if (!tx.begun()
        || !m_database.prepare(insert, u"INSERT INTO conflict_records (id, recorded_at, region, skill_group_id, "
                                       "record) VALUES (?, ?, ?, ?, ?)"_s)
        || !m_database.prepare(trim, u"DELETE FROM conflict_records WHERE id <= ?"_s))
        return std::nullopt;
    const std::optional<qint64> id = m_database.nextId(u"seq.conflict"_s);
    if (!id)
        return std::nullopt;
    const QVariantList values = {*id, recordedAtMs, OutboxDatabase::text(region), OutboxDatabase::text(skillGroupId),
                                 OutboxDatabase::text(recordJson)};
    for (int i = 0; i < values.size(); ++i)
        insert.bindValue(i, values[i]);
    // Ids are consecutive, so the newest N are exactly those above id - N.
    trim.bindValue(0, *id - m_limit);
    if (!m_database.exec(insert, doing) || !m_database.exec(trim, doing) || !tx.commit())
        return std::nullopt;
    return id;
}

QList<StoredConflict> ConflictRecordTable::list(int limit)
{
    QList<StoredConflict> out;
    QSqlQuery q(m_database.db());
    if (!m_database.requireOpen()
        || !m_database.prepare(q, u"SELECT id, recorded_at, region, skill_group_id, record FROM conflict_records "
                                  "ORDER BY id DESC LIMIT ?"_s))
        return out;
    q.bindValue(0, qMax(0, limit));
    if (!m_database.exec(q, u"listing conflict records"_s))
        return out;
    while (q.next()) {
        out << StoredConflict{q.value(0).toLongLong(), q.value(1).toLongLong(), q.value(2).toString(),
                              q.value(3).toString(), q.value(4).toString()};
    }
    return out;
}

} // namespace icp
