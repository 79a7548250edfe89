#pragma once
// The outbox's versioned schema. Every statement is plain SQL that SQLite and PostgreSQL both accept
// (BIGINT/TEXT, no AUTOINCREMENT, no INSERT OR REPLACE), so the store can later move to a shared server.

#include <QList>
#include <QString>

class QSqlDatabase;
class QSqlError;

namespace icp {

class OutboxSchema
{
public:
    static constexpr int kCurrentVersion = 2;

    // One step of the schema: the statements that bring version - 1 to version.
    struct Migration
    {
        int version;
        QList<QString> statements;
    };
    // Append-only, versions 1..kCurrentVersion in order: a released migration is never edited.
    static const QList<Migration> &migrations();

    // Brings an open database to kCurrentVersion, one transaction per migration. Refuses (and leaves the file
    // untouched) a newer schema or a database that is not an outbox. `path` names the file in messages.
    static bool migrate(QSqlDatabase &db, const QString &path, QString *error)
    {
        return migrate(db, path, error, migrations());
    }
    // The same with another list (tests): a failing step rolls back to the version before it.
    static bool migrate(QSqlDatabase &db, const QString &path, QString *error, const QList<Migration> &steps);

    // The version recorded in the database: 0 for an empty database, -1 when it cannot be read.
    static int storedVersion(QSqlDatabase &db, QString *error);

    // "FILE: <what went wrong> (<driver text>); <what to do>", telling corrupt and locked files apart.
    static QString describeError(const QString &path, const QString &doing, const QSqlError &error);
};

} // namespace icp
