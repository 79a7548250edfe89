#pragma once
// The outbox's connection: opening, SQLite durability settings, migration, transactions and the error text
// every failure carries (always naming the file). Not thread-safe; the owner thread does everything.

#include <QHash>
#include <QSqlDatabase>
#include <QString>

#include <optional>

class QSqlQuery;

namespace icp {

class OutboxDatabase
{
public:
    OutboxDatabase(QString filePath, QString connectionName);
    ~OutboxDatabase();
    OutboxDatabase(const OutboxDatabase &) = delete;
    OutboxDatabase &operator=(const OutboxDatabase &) = delete;

    bool open();
    void close();
    bool isOpen() const { return m_open; }
    QString errorString() const { return m_error; }
    QString filePath() const { return m_path; }
    QSqlDatabase &db() { return m_db; }

    // Each returns false after recording an error that names the file and what was being done.
    bool requireOpen();
    bool fail(const QString &doing, const QSqlQuery &query);
    bool fail(const QString &doing, const QString &problem);
    bool exec(QSqlQuery &query, const QString &doing);
    bool prepare(QSqlQuery &query, const QString &sql);

    // A null QString binds as SQL NULL; every text column is NOT NULL with '' for "none".
    static QString text(const QString &s) { return s.isNull() ? QStringLiteral("") : s; }

    // Counters and id sequences live in one table (see OutboxSchema).
    bool bumpCounter(const QString &name, qint64 by);
    std::optional<qint64> nextId(const QString &sequence);
    QHash<QString, qint64> counterValues();

    // A caller's transaction groups several operations into one commit. Operations use Scope, which joins it.
    bool transaction();
    bool commit();
    void rollback();

    // One operation's transaction: rolls back unless commit() is called. Inside a caller's transaction it
    // marks that transaction failed instead, so the caller's commit() rolls everything back.
    class Scope
    {
    public:
        explicit Scope(OutboxDatabase &database);
        ~Scope();
        Scope(const Scope &) = delete;
        Scope &operator=(const Scope &) = delete;
        bool begun() const { return m_begun; }
        bool commit();

    private:
        OutboxDatabase &m_database;
        bool m_nested;
        bool m_begun = false;
        bool m_done = false;
    };

private:
    bool configureSqlite();

    QString m_path;
    QString m_connectionName;
    QSqlDatabase m_db;
    bool m_registered = false; // this object added m_connectionName
    bool m_open = false;
    QString m_error;
    bool m_inCallerTransaction = false;
    bool m_callerTransactionFailed = false;
};

} // namespace icp
