#include "AuditTrail.h"

#include "OutboxDatabase.h"

#include <QDateTime>
#include <QSqlQuery>

#include <pwd.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace icp {

QString AuditEntry::describe() const
{
    const QString when = QDateTime::fromMSecsSinceEpoch(atMs, Qt::UTC).toString(u"yyyy-MM-dd HH:mm:ss 'UTC'"_s);
    QString line = when % u' ' % osUser % u' ' % action;
    if (!region.isEmpty())
        line += u' ' % region;
    if (!detail.isEmpty())
        line += u": "_s % detail;
    return line;
}

AuditTrail::AuditTrail(OutboxDatabase &database)
    : m_database(database)
{
}

std::optional<AuditEntry> AuditTrail::record(AuditEntry entry)
{
    const QString doing = u"recording a supervisor action in the audit trail"_s;
    OutboxDatabase::Scope tx(m_database);
    QSqlQuery insert(m_database.db());
    if (!tx.begun()
        || !m_database.prepare(insert, u"INSERT INTO audit_log (id, at_ms, os_user, action, region, detail) "
                                       "VALUES (?, ?, ?, ?, ?, ?)"_s))
        return std::nullopt;
    const std::optional<qint64> id = m_database.nextId(u"seq.audit"_s);
    if (!id)
        return std::nullopt;
    entry.id = *id;
    const QVariantList values = {entry.id, entry.atMs, OutboxDatabase::text(entry.osUser),
                                 OutboxDatabase::text(entry.action), OutboxDatabase::text(entry.region),
                                 OutboxDatabase::text(entry.detail)};
    for (int i = 0; i < values.size(); ++i)
        insert.bindValue(i, values[i]);
    if (!m_database.exec(insert, doing) || !tx.commit())
        return std::nullopt;
    return entry;
}

QList<AuditEntry> AuditTrail::recent(int limit)
{
    QList<AuditEntry> out;
    QSqlQuery q(m_database.db());
    if (!m_database.requireOpen()
        || !m_database.prepare(q, u"SELECT id, at_ms, os_user, action, region, detail FROM audit_log "
                                  "ORDER BY id DESC LIMIT ?"_s))
        return out;
    q.bindValue(0, qMax(0, limit));
    if (!m_database.exec(q, u"listing the audit trail"_s))
        return out;
    while (q.next()) {
        out << AuditEntry{q.value(0).toLongLong(), q.value(1).toLongLong(), q.value(2).toString(),
                          q.value(3).toString(), q.value(4).toString(), q.value(5).toString()};
    }
    return out;
}

QString AuditTrail::currentOsUser()
{
    // getpwuid_r: the process may have other threads; the static-buffer variant is not thread-safe.
    struct passwd pw {};
    struct passwd *found = nullptr;
    char buffer[4096];
    if (getpwuid_r(geteuid(), &pw, buffer, sizeof buffer, &found) == 0 && found && found->pw_name && *found->pw_name)
        return QString::fromLocal8Bit(found->pw_name);
    const QString fromEnv = qEnvironmentVariable("USER", qEnvironmentVariable("LOGNAME"));
    return fromEnv.isEmpty() ? u"unknown"_s : fromEnv;
}

} // namespace icp
