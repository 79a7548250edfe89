#include "OutboxSchema.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>

using namespace Qt::StringLiterals;

namespace icp {

namespace {

using Migration = OutboxSchema::Migration;

} // namespace

// Append-only: a released migration is never edited, a change of schema is a new entry.
const QList<Migration> &OutboxSchema::migrations()
{
    static const QList<Migration> all = {
        {1,
         {
             // One row per agent: only its newest change matters (coalescing). Empty text and 0 mean "none",
             // so no statement depends on how a driver binds NULL.
             u"CREATE TABLE outbox_changes ("
             "agent_id TEXT NOT NULL PRIMARY KEY, region TEXT NOT NULL, skill_group_id TEXT NOT NULL, "
             "status TEXT NOT NULL, capacity BIGINT NOT NULL, source_ts BIGINT NOT NULL, "
             "accepted_at BIGINT NOT NULL, state TEXT NOT NULL, attempts BIGINT NOT NULL, "
             "pending_since BIGINT NOT NULL, in_flight_batch TEXT NOT NULL, in_flight_ts BIGINT NOT NULL, "
             "in_flight_since BIGINT NOT NULL, applied_ts BIGINT NOT NULL, applied_at BIGINT NOT NULL)"_s,
             u"CREATE INDEX outbox_changes_group_state ON outbox_changes (skill_group_id, state)"_s,
             u"CREATE INDEX outbox_changes_batch ON outbox_changes (in_flight_batch)"_s,
             u"CREATE TABLE outbox_batches ("
             "batch_id TEXT NOT NULL PRIMARY KEY, region TEXT NOT NULL, skill_group_id TEXT NOT NULL, "
             "idempotency_key TEXT NOT NULL, body_hash TEXT NOT NULL, body TEXT NOT NULL, "
             "created_at BIGINT NOT NULL)"_s,
             u"CREATE TABLE outbox_batch_items ("
             "batch_id TEXT NOT NULL, agent_id TEXT NOT NULL, position BIGINT NOT NULL, status TEXT NOT NULL, "
             "capacity BIGINT NOT NULL, source_ts BIGINT NOT NULL, PRIMARY KEY (batch_id, agent_id))"_s,
             u"CREATE TABLE dead_letters ("
             "id BIGINT NOT NULL PRIMARY KEY, agent_id TEXT NOT NULL, region TEXT NOT NULL, "
             "skill_group_id TEXT NOT NULL, status TEXT NOT NULL, capacity BIGINT NOT NULL, "
             "source_ts BIGINT NOT NULL, accepted_at BIGINT NOT NULL, attempts BIGINT NOT NULL, "
             "reason TEXT NOT NULL, history TEXT NOT NULL, dead_at BIGINT NOT NULL)"_s,
             u"CREATE TABLE conflict_records ("
             "id BIGINT NOT NULL PRIMARY KEY, recorded_at BIGINT NOT NULL, region TEXT NOT NULL, "
             "skill_group_id TEXT NOT NULL, record TEXT NOT NULL)"_s,
             // Counters and id sequences in one table: an UPDATE ... SET value = value + 1 row-locks on
             // PostgreSQL, so several writers would still get distinct ids (no SERIAL/AUTOINCREMENT needed).
             u"CREATE TABLE outbox_counters (name TEXT NOT NULL PRIMARY KEY, value BIGINT NOT NULL)"_s,
             u"INSERT INTO outbox_counters (name, value) VALUES ('ingested', 0), ('accepted', 0), "
             "('superseded', 0), ('stale', 0), ('duplicate', 0), ('applied', 0), ('dead_lettered', 0), "
             "('discarded', 0), ('seq.dead_letter', 0), ('seq.conflict', 0)"_s,
         }},
        {2,
         {
             // Supervisor actions (start, pause, resync, dead-letter retry/discard, settings), never trimmed.
             u"CREATE TABLE audit_log ("
             "id BIGINT NOT NULL PRIMARY KEY, at_ms BIGINT NOT NULL, os_user TEXT NOT NULL, action TEXT NOT NULL, "
             "region TEXT NOT NULL, detail TEXT NOT NULL)"_s,
             u"INSERT INTO outbox_counters (name, value) VALUES ('seq.audit', 0)"_s,
         }},
    };
    return all;
}

namespace {

bool exec(QSqlDatabase &db, const QString &sql, const QString &path, const QString &doing, QString *error)
{
    QSqlQuery q(db);
    if (q.exec(sql))
        return true;
    *error = OutboxSchema::describeError(path, doing, q.lastError());
    return false;
}

} // namespace

QString OutboxSchema::describeError(const QString &path, const QString &doing, const QSqlError &error)
{
    const QString code = error.nativeErrorCode();
    // The driver's own words ("file is not a database"), without Qt's generic "Unable to execute statement".
    const QString text = (error.databaseText().isEmpty() ? error.text() : error.databaseText()).trimmed();
    const QString lower = text.toLower();
    // SQLite primary result codes: 26 NOTADB, 11 CORRUPT, 5 BUSY, 6 LOCKED, 14 CANTOPEN, 8 READONLY, 13 FULL.
    if (code == "26"_L1 || code == "11"_L1 || lower.contains("not a database"_L1)
        || lower.contains("malformed"_L1)) {
        return u"%1: not a valid outbox database while %2 (%3). The file was left untouched; move it aside or "
               "restore a backup, then start again (a new outbox is created when the file is absent)."_s
            .arg(path, doing, text);
    }
    if (code == "5"_L1 || code == "6"_L1 || lower.contains("locked"_L1)) {
        return u"%1: the outbox database is locked by another process while %2 (%3). Close the other console "
               "or service that uses it, or choose another file with --db."_s
            .arg(path, doing, text);
    }
    if (code == "14"_L1 || code == "8"_L1) {
        return u"%1: cannot open the outbox database for writing while %2 (%3). Check that the folder exists "
               "and that this user may write to it."_s
            .arg(path, doing, text);
    }
    if (code == "13"_L1) {
        return u"%1: the disk is full while %2 (%3). Free some space; nothing accepted so far was lost."_s.arg(
            path, doing, text);
    }
    return u"%1: outbox database error while %2 (%3)."_s.arg(path, doing, text);
}

int OutboxSchema::storedVersion(QSqlDatabase &db, QString *error)
{
    QSqlQuery q(db);
    if (!q.exec(u"SELECT MAX(version) FROM schema_version"_s)) {
        *error = describeError(db.databaseName(), u"reading the schema version"_s, q.lastError());
        return -1;
    }
    return q.next() ? q.value(0).toInt() : 0;
}

bool OutboxSchema::migrate(QSqlDatabase &db, const QString &path, QString *error, const QList<Migration> &steps)
{
    const int target = steps.isEmpty() ? 0 : steps.last().version;
    const QStringList tables = db.tables(QSql::Tables);
    int version = 0;
    if (tables.contains("schema_version"_L1)) {
        version = storedVersion(db, error);
        if (version < 0)
            return false;
    } else if (!tables.isEmpty()) {
        *error = u"%1: this is a database of another program (tables %2, no schema_version). It was left "
                 "untouched; choose another file for the outbox with --db."_s
                     .arg(path, tables.join(", "_L1));
        return false;
    }

    if (version > target) {
        *error = u"%1: the outbox schema version %2 is newer than this program supports (%3). It was left "
                 "untouched; use the newer console that wrote it, or choose another file with --db."_s
                     .arg(path)
                     .arg(version)
                     .arg(target);
        return false;
    }

    for (const Migration &m : steps) {
        if (m.version <= version)
            continue;
        const QString doing = u"migrating the schema to version %1"_s.arg(m.version);
        if (!db.transaction()) {
            *error = describeError(path, doing, db.lastError());
            return false;
        }
        bool ok = true;
        if (version == 0 && !tables.contains("schema_version"_L1)) {
            ok = exec(db, u"CREATE TABLE schema_version (version BIGINT NOT NULL)"_s, path, doing, error)
                && exec(db, u"INSERT INTO schema_version (version) VALUES (0)"_s, path, doing, error);
        }
        for (const QString &sql : m.statements) {
            if (!ok)
                break;
            ok = exec(db, sql, path, doing, error);
        }
        if (ok)
            ok = exec(db, u"UPDATE schema_version SET version = %1"_s.arg(m.version), path, doing, error);
        if (!ok || !db.commit()) {
            if (ok)
                *error = describeError(path, doing, db.lastError());
            db.rollback();
            return false;
        }
        version = m.version;
    }
    return true;
}

} // namespace icp
