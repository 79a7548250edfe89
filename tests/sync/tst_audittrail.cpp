// The audit trail of supervisor actions: a real SQLite file, the schema's second migration applied to a file
// written by version 1 (its data kept), entries that survive a reopen, and the EngineHost recording every
// command (start, pause, resume, resync, retry and discard of dead letters, settings) with the OS user before
// carrying it out.
#include "AuditTrail.h"
#include "EngineHost.h"
#include "MetaTypes.h"
#include "Outbox.h"
#include "OutboxSchema.h"

#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <pwd.h>
#include <unistd.h>

using namespace icp;
using namespace Qt::StringLiterals;

class TestAuditTrail : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { registerMetaTypes(); }
    void versionOneFileIsMigratedKeepingItsData();
    void entriesSurviveReopenNewestFirst();
    void osUserIsTheProcessAccount();
    void engineHostAuditsEveryCommandBeforeRunningIt();
};

void TestAuditTrail::versionOneFileIsMigratedKeepingItsData()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"v1.db"_s);
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"v1"_s);
        db.setDatabaseName(path);
        QVERIFY(db.open());
        QString error;
        // What a console of schema version 1 wrote, with one accepted change in it.
        QVERIFY2(OutboxSchema::migrate(db, path, &error, {OutboxSchema::migrations().first()}), qPrintable(error));
        QCOMPARE(OutboxSchema::storedVersion(db, &error), 1);
        QSqlQuery q(db);
        QVERIFY(q.exec(u"INSERT INTO outbox_changes VALUES ('a-1', 'ap-southeast-1', 'sg-1', 'AVAILABLE', 2, 1000, "
                       "1001, 'pending', 0, 1001, '', 0, 0, 0, 0)"_s));
        q.finish();
        db.close();
    }
    QSqlDatabase::removeDatabase(u"v1"_s);

    Outbox outbox(path, u"migrated"_s);
    QVERIFY2(outbox.open(), qPrintable(outbox.errorString()));
    const auto held = outbox.entry(u"a-1"_s);
    QVERIFY(held.has_value());
    QCOMPARE(held->change.capacity, 2);
    QCOMPARE(held->change.sourceTimestampMs, 1000);
    const auto stored = outbox.audit().record(AuditEntry{0, 5, u"alice"_s, u"pause"_s, u"ap-southeast-1"_s, {}});
    QVERIFY2(stored.has_value(), qPrintable(outbox.errorString()));
    QCOMPARE(stored->id, 1);
    outbox.close();

    QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"check"_s);
    db.setDatabaseName(path);
    QVERIFY(db.open());
    QString error;
    QCOMPARE(OutboxSchema::storedVersion(db, &error), 2);
    db.close();
    db = {};
    QSqlDatabase::removeDatabase(u"check"_s);
}

void TestAuditTrail::entriesSurviveReopenNewestFirst()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"audit.db"_s);
    {
        Outbox outbox(path, u"first"_s);
        QVERIFY(outbox.open());
        QVERIFY(outbox.audit().record({0, 1000, u"bob"_s, u"start"_s, {}, {}}));
        QVERIFY(outbox.audit().record({0, 2000, u"bob"_s, u"resync"_s, u"us-east-1"_s, {}}));
        QVERIFY(outbox.audit().record({0, 3000, u"bob"_s, u"settings"_s, {}, u"batchMax, theme"_s}));
    }
    Outbox again(path, u"second"_s);
    QVERIFY(again.open());
    const QList<AuditEntry> entries = again.audit().recent(10);
    QCOMPARE(entries.size(), 3);
    QCOMPARE(entries[0].action, u"settings"_s);
    QCOMPARE(entries[0].detail, u"batchMax, theme"_s);
    QCOMPARE(entries[1].region, u"us-east-1"_s);
    QCOMPARE(entries[2].atMs, 1000);
    QVERIFY(entries[0].id > entries[1].id && entries[1].id > entries[2].id);
    QCOMPARE(again.audit().recent(1).size(), 1);
    QCOMPARE(entries[1].describe(), u"1970-01-01 00:00:02 UTC bob resync us-east-1"_s);
    // The next entry continues the sequence (ids never repeat across restarts).
    const auto fourth = again.audit().record({0, 4000, u"bob"_s, u"pause"_s, {}, {}});
    QVERIFY(fourth);
    QCOMPARE(fourth->id, entries[0].id + 1);
}

void TestAuditTrail::osUserIsTheProcessAccount()
{
    const struct passwd *pw = getpwuid(geteuid());
    QVERIFY(pw && pw->pw_name);
    QCOMPARE(AuditTrail::currentOsUser(), QString::fromLocal8Bit(pw->pw_name));
}

void TestAuditTrail::engineHostAuditsEveryCommandBeforeRunningIt()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"host.db"_s);
    {
        // No regions: nothing goes on the network; the commands still pass through the engine thread.
        EngineHostOptions options;
        options.outboxPath = path;
        options.eventStreams = false;
        options.monitorFleet = false;
        EngineHost host(options);
        QSignalSpy started(&host, &EngineHost::started);
        QSignalSpy audited(&host, &EngineHost::audited);
        host.start();
        QVERIFY(started.wait(10000));
        host.startSync();
        host.pause(u"ap-southeast-1"_s);
        host.resume({});
        host.resync(u"us-east-1"_s);
        host.retryDeadLetters({4, 7});
        host.discardDeadLetters({9});
        host.recordAudit(u"settings"_s, {}, u"batchMax"_s);
        QTRY_COMPARE_WITH_TIMEOUT(audited.size(), 7, 10000);
        const QStringList expected = {u"start"_s, u"pause"_s, u"resume"_s, u"resync"_s, u"retry-dead-letters"_s,
                                      u"discard-dead-letters"_s, u"settings"_s};
        for (int i = 0; i < audited.size(); ++i) {
            const auto entry = audited[i][0].value<AuditEntry>();
            QCOMPARE(audited[i][1].toString(), QString()); // committed
            QCOMPARE(entry.action, expected[i]);
            QCOMPARE(entry.osUser, AuditTrail::currentOsUser());
            QVERIFY(entry.atMs > 1'700'000'000'000LL); // wall clock, not the engine's virtual clock
        }
        QCOMPARE(audited[1][0].value<AuditEntry>().region, u"ap-southeast-1"_s);
        QCOMPARE(audited[4][0].value<AuditEntry>().detail, u"dead letters 4,7"_s);
    }
    // The host is gone (engine closed): the trail is in the file.
    Outbox outbox(path, u"reader"_s);
    QVERIFY(outbox.open());
    const QList<AuditEntry> entries = outbox.audit().recent(100);
    QCOMPARE(entries.size(), 7);
    QCOMPARE(entries.last().action, u"start"_s);
    QCOMPARE(entries.first().detail, u"batchMax"_s);
}

QTEST_GUILESS_MAIN(TestAuditTrail)
#include "tst_audittrail.moc"
