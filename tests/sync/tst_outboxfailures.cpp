// The outbox facing a bad file: locked by another process (a child process holds it), damaged past the header,
// truncated, of a newer schema; and the versioned migrations (numbered, append-only, one transaction each, a
// failing step leaves the old version). Every refusal names the file and what to do, and leaves the file as it
// was. The last case checks the same through icp-console --headless: exit code 2 and the message on stderr.
#include "Outbox.h"
#include "OutboxSchema.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QFile>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <cstdio>
#include <iostream>

using namespace icp;
using namespace Qt::StringLiterals;

namespace {

const QString kHoldLock = u"--hold-outbox-lock"_s;

OutboxChange change(const QString &agent, qint64 ts)
{
    return OutboxChange{AgentAvailability{agent, AgentStatus::Available, 1, ts}, u"ap-southeast-1"_s, u"sg-1"_s};
}

QByteArray fileHash(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256) : QByteArray();
}

// A child process: opens the outbox, says so, and holds it until its stdin closes.
int holdLock(const QString &path)
{
    Outbox outbox(path, u"holder"_s);
    if (!outbox.open()) {
        std::fprintf(stderr, "%s\n", qPrintable(outbox.errorString()));
        return 1;
    }
    std::fputs("holding\n", stdout);
    std::fflush(stdout);
    std::string line;
    std::getline(std::cin, line);
    return 0;
}

} // namespace

class TestOutboxFailures : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void refusesFileLockedByAnotherProcess();
    void refusesDamage_data();
    void refusesDamage();
    void migrationsAreNumberedInOrder();
    void migratesStepwiseKeepingData();
    void failingMigrationKeepsOldVersion();
    void headlessNamesTheFileAndExits2_data();
    void headlessNamesTheFileAndExits2();

private:
    // A real outbox with a few changes, closed.
    void makeOutbox(int agents = 200);
    std::unique_ptr<Outbox> open(QString *error);

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
    int m_connections = 0;
};

void TestOutboxFailures::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_path = m_dir->filePath(u"outbox.db"_s);
}

void TestOutboxFailures::cleanup()
{
    m_dir.reset();
}

void TestOutboxFailures::makeOutbox(int agents)
{
    Outbox outbox(m_path, u"maker-%1"_s.arg(++m_connections));
    QVERIFY2(outbox.open(), qPrintable(outbox.errorString()));
    QList<OutboxChange> changes;
    for (int i = 0; i < agents; ++i)
        changes << change(u"agent-%1-with-a-longer-id-to-fill-pages"_s.arg(i), 1000 + i);
    QVERIFY(outbox.accept(changes, 5).ok());
    outbox.close();
    // Fold the WAL into the main file, so that damage to the file is damage to the data.
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"fold"_s);
        db.setDatabaseName(m_path);
        QVERIFY(db.open());
        QSqlQuery(db).exec(u"PRAGMA wal_checkpoint(TRUNCATE)"_s);
        db.close();
    }
    QSqlDatabase::removeDatabase(u"fold"_s);
}

std::unique_ptr<Outbox> TestOutboxFailures::open(QString *error)
{
    auto outbox = std::make_unique<Outbox>(m_path, u"tst_outboxfailures_%1"_s.arg(++m_connections));
    if (!outbox->open())
        *error = outbox->errorString();
    return outbox;
}

void TestOutboxFailures::refusesFileLockedByAnotherProcess()
{
    makeOutbox(10);
    QProcess holder;
    holder.start(QCoreApplication::applicationFilePath(), {kHoldLock, m_path});
    QVERIFY(holder.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(holder.canReadLine() || holder.state() != QProcess::Running, 10000);
    QCOMPARE(holder.readLine().trimmed(), QByteArray("holding"));

    QString error;
    auto outbox = open(&error);
    QVERIFY(!outbox->isOpen());
    QVERIFY2(error.startsWith(m_path + u':'), qPrintable(error));
    QVERIFY2(error.contains(u"locked by another process"_s), qPrintable(error));
    QVERIFY2(error.contains(u"--db"_s), qPrintable(error));

    holder.closeWriteChannel();
    QVERIFY(holder.waitForFinished(10000));
    QCOMPARE(holder.exitCode(), 0);
    error.clear();
    outbox = open(&error); // free again, nothing lost
    QVERIFY2(outbox->isOpen(), qPrintable(error));
    QCOMPARE(outbox->counters().accepted, qint64(10));
}

void TestOutboxFailures::refusesDamage_data()
{
    QTest::addColumn<QString>("damage");
    QTest::newRow("garbage in a data page") << u"page"_s;
    QTest::newRow("cut in half") << u"truncate"_s;
    QTest::newRow("zeroed header") << u"header"_s;
}

void TestOutboxFailures::refusesDamage()
{
    QFETCH(QString, damage);
    makeOutbox();
    QFile f(m_path);
    QVERIFY(f.open(QIODevice::ReadWrite));
    const qint64 size = f.size();
    QVERIFY(size >= 4 * 4096);
    if (damage == "page"_L1) {
        QVERIFY(f.seek(size - 4096 + 100)); // inside the last page: the header and the schema stay readable
        f.write(QByteArray(2000, '\xA5'));
    } else if (damage == "truncate"_L1) {
        QVERIFY(f.resize(size / 2));
    } else {
        f.write(QByteArray(100, '\0'));
    }
    f.close();
    const QByteArray before = fileHash(m_path);

    QString error;
    auto outbox = open(&error);
    QVERIFY(!outbox->isOpen());
    QVERIFY2(error.startsWith(m_path + u':'), qPrintable(error));
    QVERIFY2(error.contains(u"not a valid outbox database"_s), qPrintable(error));
    QVERIFY2(error.contains(u"move it aside or restore a backup"_s), qPrintable(error));
    QCOMPARE(fileHash(m_path), before); // never repaired or replaced behind the user's back
}

void TestOutboxFailures::migrationsAreNumberedInOrder()
{
    const auto &steps = OutboxSchema::migrations();
    QVERIFY(!steps.isEmpty());
    for (qsizetype i = 0; i < steps.size(); ++i) {
        QCOMPARE(steps[i].version, int(i + 1));
        QVERIFY(!steps[i].statements.isEmpty());
    }
    QCOMPARE(steps.last().version, OutboxSchema::kCurrentVersion);
}

void TestOutboxFailures::migratesStepwiseKeepingData()
{
    makeOutbox(5);
    QList<OutboxSchema::Migration> steps = OutboxSchema::migrations();
    steps.push_back({OutboxSchema::kCurrentVersion + 1,
                     {u"ALTER TABLE outbox_changes ADD COLUMN note TEXT NOT NULL DEFAULT ''"_s,
                      u"CREATE TABLE audit_trail (id BIGINT NOT NULL PRIMARY KEY, what TEXT NOT NULL)"_s}});
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"step"_s);
        db.setDatabaseName(m_path);
        QVERIFY(db.open());
        QString error;
        QVERIFY2(OutboxSchema::migrate(db, m_path, &error, steps), qPrintable(error));
        QCOMPARE(OutboxSchema::storedVersion(db, &error), OutboxSchema::kCurrentVersion + 1);
        QSqlQuery q(db);
        QVERIFY(q.exec(u"SELECT COUNT(*), MIN(note) FROM outbox_changes"_s) && q.next());
        QCOMPARE(q.value(0).toInt(), 5);
        QCOMPARE(q.value(1).toString(), QString());
        q.finish();
        db.close();
    }
    QSqlDatabase::removeDatabase(u"step"_s);
    // This build knows only kCurrentVersion: the file is now from a newer console and is refused, untouched.
    const QByteArray before = fileHash(m_path);
    QString error;
    auto outbox = open(&error);
    QVERIFY(!outbox->isOpen());
    QVERIFY2(error.contains(u"is newer than this program supports"_s), qPrintable(error));
    QVERIFY2(error.startsWith(m_path + u':'), qPrintable(error));
    QCOMPARE(fileHash(m_path), before);
}

void TestOutboxFailures::failingMigrationKeepsOldVersion()
{
    makeOutbox(5);
    QList<OutboxSchema::Migration> steps = OutboxSchema::migrations();
    steps.push_back({OutboxSchema::kCurrentVersion + 1,
                     {u"ALTER TABLE outbox_changes ADD COLUMN note TEXT NOT NULL DEFAULT ''"_s,
                      u"CREATE TABLE this is not sql"_s}});
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"fail"_s);
        db.setDatabaseName(m_path);
        QVERIFY(db.open());
        QString error;
        QVERIFY(!OutboxSchema::migrate(db, m_path, &error, steps));
        QVERIFY2(error.startsWith(m_path + u':'), qPrintable(error));
        QVERIFY2(error.contains(u"migrating the schema to version %1"_s.arg(OutboxSchema::kCurrentVersion + 1)),
                 qPrintable(error));
        QCOMPARE(OutboxSchema::storedVersion(db, &error), OutboxSchema::kCurrentVersion);
        QSqlQuery q(db);
        QVERIFY(!q.exec(u"SELECT note FROM outbox_changes"_s)); // the first statement was rolled back too
        db.close();
    }
    QSqlDatabase::removeDatabase(u"fail"_s);
    QString error;
    auto outbox = open(&error);
    QVERIFY2(outbox->isOpen(), qPrintable(error));
    QCOMPARE(outbox->counters().accepted, qint64(5));
}

void TestOutboxFailures::headlessNamesTheFileAndExits2_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("expected");
    QTest::newRow("corrupt") << u"corrupt"_s << u"not a valid outbox database"_s;
    QTest::newRow("newer schema") << u"newer"_s << u"newer than this program supports"_s;
    QTest::newRow("locked by another process") << u"locked"_s << u"locked by another process"_s;
}

void TestOutboxFailures::headlessNamesTheFileAndExits2()
{
    QFETCH(QString, kind);
    QFETCH(QString, expected);
    makeOutbox(50);
    QProcess holder;
    if (kind == "corrupt"_L1) {
        QFile f(m_path);
        QVERIFY(f.open(QIODevice::ReadWrite) && f.resize(f.size() / 2));
    } else if (kind == "newer"_L1) {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"newer"_s);
        db.setDatabaseName(m_path);
        QVERIFY(db.open() && QSqlQuery(db).exec(u"UPDATE schema_version SET version = 42"_s));
        db.close();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(u"newer"_s);
    } else {
        holder.start(QCoreApplication::applicationFilePath(), {kHoldLock, m_path});
        QVERIFY(holder.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(holder.canReadLine(), 10000);
    }
    const QByteArray before = fileHash(m_path);
    QProcess console;
    console.start(QStringLiteral(ICP_CONSOLE_BINARY),
                  {u"--headless"_s, u"--scenario"_s, u"seed-peak"_s, u"--db"_s, m_path, u"--duration"_s, u"1"_s});
    QVERIFY(console.waitForFinished(30000));
    const QByteArray err = console.readAllStandardError();
    QCOMPARE(console.exitCode(), 2);
    QVERIFY2(err.contains(QByteArray(m_path.toUtf8() + ':')), err.constData());
    QVERIFY2(err.contains(expected.toUtf8()), err.constData());
    if (holder.state() == QProcess::Running) {
        holder.closeWriteChannel();
        QVERIFY(holder.waitForFinished(10000));
    }
    QCOMPARE(fileHash(m_path), before);
}

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    if (argc == 3 && QString::fromLocal8Bit(argv[1]) == kHoldLock)
        return holdLock(QString::fromLocal8Bit(argv[2]));
    TestOutboxFailures test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_outboxfailures.moc"
