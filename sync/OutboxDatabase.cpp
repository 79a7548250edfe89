#include "OutboxDatabase.h"

#include "OutboxSchema.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>

using namespace Qt::StringLiterals;

namespace icp {

OutboxDatabase::OutboxDatabase(QString filePath, QString connectionName)
    : m_path(std::move(filePath))
    , m_connectionName(std::move(connectionName))
{
}

OutboxDatabase::~OutboxDatabase()
{
    close();
}

bool OutboxDatabase::open()
{
    if (m_open)
        return true;
    if (QSqlDatabase::contains(m_connectionName)) {
        return fail(u"opening"_s,
                    u"the connection name \"%1\" is already in use in this process"_s.arg(m_connectionName));
    }
    m_db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_connectionName);
    m_registered = true;
    if (!m_db.isValid()) {
        fail(u"opening"_s, u"the Qt SQLite driver (QSQLITE) is not available; install the Qt SQL SQLite plugin"_s);
        close();
        return false;
    }
    m_db.setDatabaseName(m_path);
    // Only open() can meet a lock (the file is held exclusively afterwards), so a short wait is enough.
    m_db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=1000"_s);
    if (!m_db.open()) {
        m_error = OutboxSchema::describeError(m_path, u"opening"_s, m_db.lastError());
        close();
        return false;
    }
    if (!configureSqlite() || !OutboxSchema::migrate(m_db, m_path, &m_error)) {
        close();
        return false;
    }
    m_open = true;
    return true;
}

bool OutboxDatabase::configureSqlite()
{
    // EXCLUSIVE locking: one process owns the file, so a second console on it gets a clear "locked" error
    // instead of interleaving writes. WAL: a commit is one sequential append and one fsync. FULL: that fsync
    // happens on every commit, so what was acknowledged survives a power loss, not only a process crash.
    const QList<std::pair<QString, QString>> pragmas = {
        {u"PRAGMA locking_mode=EXCLUSIVE"_s, u"exclusive"_s},
        {u"PRAGMA journal_mode=WAL"_s, u"wal"_s},
        {u"PRAGMA synchronous=FULL"_s, QString()},
    };
    for (const auto &[sql, expected] : pragmas) {
        QSqlQuery q(m_db);
        if (!q.exec(sql))
            return fail(u"setting up the database"_s, q);
        if (!expected.isEmpty() && q.next() && q.value(0).toString().toLower() != expected) {
            return fail(u"setting up the database"_s,
                        u"%1 answered \"%2\"; the outbox needs a file on a local disk"_s.arg(
                            sql, q.value(0).toString()));
        }
    }
    // Takes the exclusive lock now (held until close) and reads the header: a garbage or locked file fails
    // here, before anything is written.
    QSqlQuery q(m_db);
    if (!q.exec(u"BEGIN EXCLUSIVE"_s) || !q.exec(u"SELECT COUNT(*) FROM sqlite_master"_s)) {
        fail(u"checking the file"_s, q);
        QSqlQuery(m_db).exec(u"ROLLBACK"_s);
        return false;
    }
    q.finish();
    if (!q.exec(u"COMMIT"_s))
        return fail(u"checking the file"_s, q);
    // A damaged page past the header only shows when it is read: check every page now (quick_check reads the
    // whole file once, milliseconds for an outbox) rather than fail in the middle of a peak.
    QSqlQuery check(m_db);
    if (!check.exec(u"PRAGMA quick_check"_s))
        return fail(u"checking the file's integrity"_s, check);
    bool damaged = false;
    QStringList problems;
    while (check.next()) {
        const QString row = check.value(0).toString();
        damaged = damaged || row != "ok"_L1;
        // A row can hold many lines ("*** in database main ***\nOn tree page 9 ..."): keep the first few.
        for (const QString &line : row.split(u'\n', Qt::SkipEmptyParts)) {
            if (line != "ok"_L1 && !line.startsWith("***"_L1) && problems.size() < 3)
                problems << line.trimmed();
        }
    }
    if (damaged) {
        m_error = u"%1: not a valid outbox database: the integrity check found damage (%2). The file was left "
                  "untouched; move it aside or restore a backup, then start again (a new outbox is created when the "
                  "file is absent)."_s.arg(m_path, problems.join(u"; "_s));
        return false;
    }
    return true;
}

void OutboxDatabase::close()
{
    m_open = false;
    m_inCallerTransaction = false;
    if (m_db.isValid())
        m_db.close();
    m_db = QSqlDatabase();
    if (m_registered)
        QSqlDatabase::removeDatabase(m_connectionName);
    m_registered = false;
}

bool OutboxDatabase::requireOpen()
{
    if (m_open)
        return true;
    m_error = u"%1: the outbox is not open; open() must succeed first"_s.arg(m_path);
    return false;
}

bool OutboxDatabase::fail(const QString &doing, const QSqlQuery &query)
{
    m_error = OutboxSchema::describeError(m_path, doing, query.lastError());
    return false;
}

bool OutboxDatabase::fail(const QString &doing, const QString &problem)
{
    m_error = u"%1: %2 while %3"_s.arg(m_path, problem, doing);
    return false;
}

bool OutboxDatabase::exec(QSqlQuery &query, const QString &doing)
{
    return query.exec() || fail(doing, query);
}

bool OutboxDatabase::prepare(QSqlQuery &query, const QString &sql)
{
    query.setForwardOnly(true);
    return query.prepare(sql) || fail(u"preparing a statement"_s, query);
}

bool OutboxDatabase::bumpCounter(const QString &name, qint64 by)
{
    if (by == 0)
        return true;
    QSqlQuery q(m_db);
    if (!prepare(q, u"UPDATE outbox_counters SET value = value + ? WHERE name = ?"_s))
        return false;
    q.bindValue(0, by);
    q.bindValue(1, name);
    return exec(q, u"updating counter %1"_s.arg(name));
}

std::optional<qint64> OutboxDatabase::nextId(const QString &sequence)
{
    if (!bumpCounter(sequence, 1))
        return std::nullopt;
    QSqlQuery q(m_db);
    if (!prepare(q, u"SELECT value FROM outbox_counters WHERE name = ?"_s))
        return std::nullopt;
    q.bindValue(0, sequence);
    if (!exec(q, u"reading sequence %1"_s.arg(sequence)) || !q.next())
        return std::nullopt;
    return q.value(0).toLongLong();
}

QHash<QString, qint64> OutboxDatabase::counterValues()
{
    QHash<QString, qint64> values;
    QSqlQuery q(m_db);
    if (!prepare(q, u"SELECT name, value FROM outbox_counters"_s) || !exec(q, u"reading counters"_s))
        return values;
    while (q.next())
        values.insert(q.value(0).toString(), q.value(1).toLongLong());
    return values;
}

bool OutboxDatabase::transaction()
{
    if (!requireOpen())
        return false;
    if (m_inCallerTransaction)
        return fail(u"starting a transaction"_s, u"a transaction is already open"_s);
    if (!m_db.transaction())
        return fail(u"starting a transaction"_s, m_db.lastError().text());
    m_inCallerTransaction = true;
    m_callerTransactionFailed = false;
    return true;
}

bool OutboxDatabase::commit()
{
    if (!m_inCallerTransaction)
        return fail(u"committing"_s, u"no transaction is open"_s);
    m_inCallerTransaction = false;
    if (m_callerTransactionFailed) {
        m_db.rollback();
        return false; // m_error names the operation that failed
    }
    if (m_db.commit())
        return true;
    m_error = OutboxSchema::describeError(m_path, u"committing"_s, m_db.lastError());
    m_db.rollback();
    return false;
}

void OutboxDatabase::rollback()
{
    if (!m_inCallerTransaction)
        return;
    m_inCallerTransaction = false;
    m_db.rollback();
}

OutboxDatabase::Scope::Scope(OutboxDatabase &database)
    : m_database(database)
    , m_nested(database.m_inCallerTransaction)
{
    if (!database.requireOpen())
        return;
    m_begun = m_nested || database.m_db.transaction();
    if (!m_begun)
        database.fail(u"starting a transaction"_s, database.m_db.lastError().text());
}

OutboxDatabase::Scope::~Scope()
{
    if (!m_begun || m_done)
        return;
    if (m_nested)
        m_database.m_callerTransactionFailed = true;
    else
        m_database.m_db.rollback();
}

bool OutboxDatabase::Scope::commit()
{
    m_done = true;
    if (m_nested)
        return true;
    if (m_database.m_db.commit())
        return true;
    m_database.m_error = OutboxSchema::describeError(m_database.m_path, u"committing"_s, m_database.m_db.lastError());
    m_database.m_db.rollback();
    return false;
}

} // namespace icp
