// The durable outbox on a real SQLite file: coalescing, stale and duplicate drops, supersede while in flight,
// crash persistence with the same idempotency key, refusal of newer-schema, corrupt, foreign and locked files,
// dead letters, bounded conflict records, and a 1,000-change batch in one transaction.
#include "Outbox.h"
#include "OutboxSchema.h"

#include <QElapsedTimer>
#include <QFile>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace icp;
using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(icp::AcceptOutcome)
Q_DECLARE_METATYPE(icp::OutboxState)

namespace {

const QString kRegion = u"ap-southeast-1"_s;
const QString kGroup = u"sg-apac-1"_s;

AgentAvailability availability(const QString &agent, qint64 ts, int capacity = 1,
                               AgentStatus status = AgentStatus::Available)
{
    return AgentAvailability{agent, status, capacity, ts};
}

OutboxChange change(const QString &agent, qint64 ts, int capacity = 1, const QString &group = kGroup)
{
    return OutboxChange{availability(agent, ts, capacity), kRegion, group};
}

OutboxBatch batchOf(const QString &id, const QList<AgentAvailability> &changes, qint64 now = 0)
{
    OutboxBatch b;
    b.batchId = id;
    b.region = kRegion;
    b.skillGroupId = kGroup;
    b.changes = changes;
    b.idempotencyKey = u"key-"_s + id;
    b.body = "{\"expectedVersion\":7,\"updates\":[]}";
    b.bodyHash = u"hash-"_s + id;
    b.createdAtMs = now;
    return b;
}

// Runs SQL on the file behind the outbox's back (the outbox must be closed).
bool rawExec(const QString &path, const QString &sql)
{
    bool ok = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"raw"_s);
        db.setDatabaseName(path);
        ok = db.open() && QSqlQuery(db).exec(sql);
        db.close();
    }
    QSqlDatabase::removeDatabase(u"raw"_s);
    return ok;
}

QString rawValue(const QString &path, const QString &sql)
{
    QString value;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"raw"_s);
        db.setDatabaseName(path);
        QSqlQuery q(db);
        if (db.open() && q.exec(sql) && q.next())
            value = q.value(0).toString();
    }
    QSqlDatabase::removeDatabase(u"raw"_s);
    return value;
}

QByteArray fileBytes(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

class TestOutbox : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void acceptsNewAgents();
    void coalescesPerAgent();
    void classifiesAgainstNewestHeld_data();
    void classifiesAgainstNewestHeld();
    void supersedeWhileInFlightKeepsNewerPending();
    void unacknowledgedBatchReturnsToPending();
    void markInFlightRefusesASecondWriter();
    void rejectedOlderChangeKeepsNewerPending();
    void survivesCrashWithSameIdempotencyKey();
    void countersSurviveReopen();
    void fileIsInWalModeWithCurrentSchema();
    void refusesNewerSchema();
    void refusesCorruptFile();
    void refusesForeignDatabase();
    void refusesASecondOwnerWhileOpen();
    void deadLetterRetryAndDiscard();
    void conflictRecordsAreBounded();
    void groupsWithPendingOldestFirst();
    void pendingForGroupLimitAndOrder();
    void callerTransactionCommitsOrRollsBackTogether();
    void invalidChangeCommitsNothing();
    void acceptsAThousandChangesInOneTransaction();

private:
    std::unique_ptr<Outbox> openOutbox(bool expectOpen = true);

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
    int m_connections = 0;
};

void TestOutbox::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_path = m_dir->filePath(u"outbox.db"_s);
}

void TestOutbox::cleanup()
{
    m_dir.reset();
}

std::unique_ptr<Outbox> TestOutbox::openOutbox(bool expectOpen)
{
    auto outbox = std::make_unique<Outbox>(m_path, u"tst_outbox_%1"_s.arg(++m_connections));
    if (!outbox->open() && expectOpen)
        qWarning("%s", qPrintable(outbox->errorString()));
    return outbox;
}

void TestOutbox::acceptsNewAgents()
{
    auto outbox = openOutbox();
    QVERIFY(outbox->isOpen());
    const AcceptResult r = outbox->accept({change(u"a1"_s, 100), change(u"a2"_s, 100), change(u"a3"_s, 90)}, 1000);
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.accepted, 3);
    QCOMPARE(r.taken(), 3);
    QCOMPARE(r.outcomes, QList<AcceptOutcome>(3, AcceptOutcome::Accepted));
    const auto e = outbox->entry(u"a2"_s);
    QVERIFY(e);
    QCOMPARE(e->state, OutboxState::Pending);
    QCOMPARE(e->region, kRegion);
    QCOMPARE(e->skillGroupId, kGroup);
    QCOMPARE(e->change, availability(u"a2"_s, 100));
    QCOMPARE(e->acceptedAtMs, qint64(1000));
    QCOMPARE(e->pendingSinceMs, qint64(1000));
    QCOMPARE(e->attempts, 0);
    QVERIFY(!outbox->entry(u"nobody"_s));
    const OutboxCounters c = outbox->counters();
    QCOMPARE(c.ingested, qint64(3));
    QCOMPARE(c.accepted, qint64(3));
    QCOMPARE(c.pending, qint64(3));
}

void TestOutbox::coalescesPerAgent()
{
    auto outbox = openOutbox();
    const AcceptResult r = outbox->accept(
        {change(u"a1"_s, 1), change(u"a1"_s, 2, 2), change(u"a2"_s, 1), change(u"a1"_s, 3, 3)}, 1000);
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.outcomes, (QList<AcceptOutcome>{AcceptOutcome::Accepted, AcceptOutcome::Superseded,
                                               AcceptOutcome::Accepted, AcceptOutcome::Superseded}));
    QCOMPARE(r.accepted, 2);
    QCOMPARE(r.superseded, 2);

    const AcceptResult later = outbox->accept({change(u"a1"_s, 4, 4)}, 2000);
    QCOMPARE(later.superseded, 1);
    const auto e = outbox->entry(u"a1"_s);
    QCOMPARE(e->change.capacity, 4);
    QCOMPARE(e->acceptedAtMs, qint64(2000));
    QCOMPARE(e->pendingSinceMs, qint64(1000)); // staleness counts from the first unsent change
    const QList<OutboxEntry> pending = outbox->pendingForGroup(kGroup, 100);
    QCOMPARE(pending.size(), 2); // one per agent, only the newest
    QCOMPARE(outbox->counters().superseded, qint64(3));
}

void TestOutbox::classifiesAgainstNewestHeld_data()
{
    QTest::addColumn<bool>("heldApplied");
    QTest::addColumn<qint64>("offeredTs");
    QTest::addColumn<int>("offeredCapacity");
    QTest::addColumn<AcceptOutcome>("outcome");
    // Held: ts 100, capacity 1.
    QTest::newRow("older than pending") << false << qint64(99) << 1 << AcceptOutcome::Stale;
    QTest::newRow("older than applied") << true << qint64(50) << 2 << AcceptOutcome::Stale;
    QTest::newRow("identical to pending") << false << qint64(100) << 1 << AcceptOutcome::Duplicate;
    QTest::newRow("identical to applied") << true << qint64(100) << 1 << AcceptOutcome::Duplicate;
    QTest::newRow("same time, other content") << false << qint64(100) << 5 << AcceptOutcome::Stale;
    QTest::newRow("same time, other content, applied") << true << qint64(100) << 5 << AcceptOutcome::Stale;
    QTest::newRow("newer than pending") << false << qint64(101) << 1 << AcceptOutcome::Superseded;
    QTest::newRow("newer than applied") << true << qint64(101) << 1 << AcceptOutcome::Accepted;
}

void TestOutbox::classifiesAgainstNewestHeld()
{
    QFETCH(bool, heldApplied);
    QFETCH(qint64, offeredTs);
    QFETCH(int, offeredCapacity);
    QFETCH(AcceptOutcome, outcome);
    auto outbox = openOutbox();
    QVERIFY(outbox->accept({change(u"a1"_s, 100)}, 1000).ok());
    if (heldApplied)
        QVERIFY(outbox->markApplied(u"a1"_s, 100, 1100).caughtUp);
    const AcceptResult r = outbox->accept({change(u"a1"_s, offeredTs, offeredCapacity)}, 2000);
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.outcomes, QList<AcceptOutcome>{outcome});
    const auto e = outbox->entry(u"a1"_s);
    const bool kept = outcome == AcceptOutcome::Accepted || outcome == AcceptOutcome::Superseded;
    QCOMPARE(e->change.sourceTimestampMs, kept ? offeredTs : qint64(100));
    QCOMPARE(e->state, (heldApplied && !kept) ? OutboxState::Applied : OutboxState::Pending);
    const OutboxCounters c = outbox->counters();
    QCOMPARE(c.stale, qint64(outcome == AcceptOutcome::Stale ? 1 : 0));
    QCOMPARE(c.duplicate, qint64(outcome == AcceptOutcome::Duplicate ? 1 : 0));
    QCOMPARE(c.ingested, qint64(2));
}

void TestOutbox::supersedeWhileInFlightKeepsNewerPending()
{
    auto outbox = openOutbox();
    QVERIFY(outbox->accept({change(u"a1"_s, 10)}, 1000).ok());
    QVERIFY2(outbox->markInFlight(batchOf(u"b1"_s, {availability(u"a1"_s, 10)})), qPrintable(outbox->errorString()));
    QCOMPARE(outbox->entry(u"a1"_s)->state, OutboxState::InFlight);
    QCOMPARE(outbox->entry(u"a1"_s)->attempts, 1);
    QVERIFY(outbox->pendingForGroup(kGroup, 100).isEmpty());

    // A newer change while the older one is on the wire: accepted (the older is still delivered), pending.
    const AcceptResult r = outbox->accept({change(u"a1"_s, 20, 2)}, 1500);
    QCOMPARE(r.outcomes, QList<AcceptOutcome>{AcceptOutcome::Accepted});
    auto e = outbox->entry(u"a1"_s);
    QCOMPARE(e->state, OutboxState::Pending);
    QCOMPARE(e->inFlightBatchId, u"b1"_s);
    QCOMPARE(outbox->counters().inFlight, qint64(1));

    // The older change lands: the newer one must stay pending.
    const MarkAppliedResult older = outbox->markApplied(u"a1"_s, 10, 1800);
    QVERIFY(older.known);
    QVERIFY(!older.caughtUp);
    QCOMPARE(older.resolvedSinceMs, qint64(1000));
    QVERIFY(outbox->finishBatch(u"b1"_s));
    e = outbox->entry(u"a1"_s);
    QCOMPARE(e->state, OutboxState::Pending);
    QCOMPARE(e->change.sourceTimestampMs, qint64(20));
    QCOMPARE(e->appliedSourceTimestampMs, qint64(10));
    QCOMPARE(e->pendingSinceMs, qint64(1500));
    QVERIFY(e->inFlightBatchId.isEmpty());
    const QList<OutboxEntry> pending = outbox->pendingForGroup(kGroup, 100);
    QCOMPARE(pending.size(), 1);
    QCOMPARE(pending.first().change.capacity, 2);

    QVERIFY(outbox->markInFlight(batchOf(u"b2"_s, {availability(u"a1"_s, 20, 2)})));
    const MarkAppliedResult newer = outbox->markApplied(u"a1"_s, 20, 2500);
    QVERIFY(newer.caughtUp);
    QCOMPARE(newer.resolvedSinceMs, qint64(1500));
    QVERIFY(outbox->finishBatch(u"b2"_s));
    e = outbox->entry(u"a1"_s);
    QCOMPARE(e->state, OutboxState::Applied);
    QCOMPARE(e->attempts, 0);
    QCOMPARE(e->appliedAtMs, qint64(2500));
    QVERIFY(outbox->groupsWithPending().isEmpty());
    QVERIFY(outbox->unfinishedBatches().isEmpty());
    const OutboxCounters c = outbox->counters();
    QCOMPARE(c.applied, qint64(2));
    QCOMPARE(c.pending, qint64(0));
    QCOMPARE(c.inFlight, qint64(0));

    // A repeated acknowledgement (the server said "stale": it holds this or newer) changes nothing.
    QVERIFY(outbox->markApplied(u"a1"_s, 20, 2600).caughtUp);
    QCOMPARE(outbox->counters().applied, qint64(2));
    QVERIFY(!outbox->markApplied(u"unknown"_s, 1, 1).known);
}

void TestOutbox::unacknowledgedBatchReturnsToPending()
{
    auto outbox = openOutbox();
    QVERIFY(outbox->accept({change(u"a1"_s, 10), change(u"a2"_s, 10)}, 1000).ok());
    const OutboxBatch b1 = batchOf(u"b1"_s, {availability(u"a1"_s, 10), availability(u"a2"_s, 10)});
    QVERIFY(outbox->markInFlight(b1));
    // 409: nothing applied; the batch is dropped and both agents wait for the rebased write.
    QVERIFY(outbox->finishBatch(u"b1"_s));
    for (const QString &agent : {u"a1"_s, u"a2"_s}) {
        const auto e = outbox->entry(agent);
        QCOMPARE(e->state, OutboxState::Pending);
        QCOMPARE(e->pendingSinceMs, qint64(1000));
        QCOMPARE(e->attempts, 1);
    }
    QVERIFY(outbox->unfinishedBatches().isEmpty());
    QVERIFY(outbox->markInFlight(batchOf(u"b2"_s, {availability(u"a1"_s, 10)})));
    QCOMPARE(outbox->entry(u"a1"_s)->attempts, 2);
}

void TestOutbox::markInFlightRefusesASecondWriter()
{
    auto outbox = openOutbox();
    QVERIFY(outbox->accept({change(u"a1"_s, 10), change(u"a2"_s, 10)}, 1000).ok());
    QVERIFY(outbox->markInFlight(batchOf(u"b1"_s, {availability(u"a1"_s, 10)})));
    QVERIFY(!outbox->markInFlight(batchOf(u"b2"_s, {availability(u"a2"_s, 10), availability(u"a1"_s, 10)})));
    QVERIFY2(outbox->errorString().contains(u"already in unfinished batch b1"_s), qPrintable(outbox->errorString()));
    QVERIFY(outbox->errorString().startsWith(m_path));
    // Nothing of b2 was kept, not even its first item.
    QCOMPARE(outbox->unfinishedBatches().size(), 1);
    QCOMPARE(outbox->entry(u"a2"_s)->state, OutboxState::Pending);

    QVERIFY(!outbox->markInFlight(batchOf(u"b3"_s, {availability(u"ghost"_s, 10)})));
    QVERIFY(outbox->errorString().contains(u"ghost is not in the outbox"_s));
    QVERIFY(!outbox->markInFlight(batchOf(u"b4"_s, {availability(u"a2"_s, 11)})));
    QVERIFY(outbox->errorString().contains(u"newer change"_s));
}

void TestOutbox::rejectedOlderChangeKeepsNewerPending()
{
    auto outbox = openOutbox();
    QVERIFY(outbox->accept({change(u"a1"_s, 10, 7)}, 1000).ok());
    QVERIFY(outbox->markInFlight(batchOf(u"b1"_s, {availability(u"a1"_s, 10, 7)})));
    QVERIFY(outbox->accept({change(u"a1"_s, 20, 3)}, 1200).ok());
    QVERIFY(outbox->markRejected(availability(u"a1"_s, 10, 7), u"capacity above the trunk's limit"_s,
                                 u"[{\"attempt\":1}]"_s, 1300));
    QVERIFY(outbox->finishBatch(u"b1"_s));
    const auto e = outbox->entry(u"a1"_s);
    QCOMPARE(e->state, OutboxState::Pending);
    QCOMPARE(e->change.capacity, 3);
    QVERIFY(e->inFlightBatchId.isEmpty());
    const QList<DeadLetter> dead = outbox->deadLetters().list();
    QCOMPARE(dead.size(), 1);
    QCOMPARE(dead.first().change, availability(u"a1"_s, 10, 7));
}

void TestOutbox::survivesCrashWithSameIdempotencyKey()
{
    OutboxBatch sent = batchOf(u"b-crash"_s, {availability(u"a2"_s, 10, 2), availability(u"a1"_s, 10)}, 1100);
    sent.body = R"({"expectedVersion":41,"updates":[{"agentId":"a2"},{"agentId":"a1"}]})";
    sent.bodyHash = u"9f2c"_s;
    const QString crashCopy = m_dir->filePath(u"copy.db"_s);
    {
        auto outbox = openOutbox();
        QVERIFY(outbox->accept({change(u"a1"_s, 10), change(u"a2"_s, 10, 2), change(u"a3"_s, 10)}, 1000).ok());
        QVERIFY(outbox->markInFlight(sent));
        QVERIFY(outbox->accept({change(u"a4"_s, 12)}, 1200).ok());
        // A SIGKILL now: copy the database and its WAL as they are on disk while the outbox is still open.
        QVERIFY(QFile::copy(m_path, crashCopy));
        if (QFile::exists(m_path + u"-wal"_s))
            QVERIFY(QFile::copy(m_path + u"-wal"_s, crashCopy + u"-wal"_s));
    }
    for (const QString &path : {crashCopy, m_path}) { // after a kill, and after a clean close
        Outbox reopened(path, u"reopened"_s);
        QVERIFY2(reopened.open(), qPrintable(reopened.errorString()));
        const QList<OutboxBatch> unfinished = reopened.unfinishedBatches();
        QCOMPARE(unfinished.size(), 1);
        const OutboxBatch &b = unfinished.first();
        QCOMPARE(b.batchId, sent.batchId);
        QCOMPARE(b.idempotencyKey, sent.idempotencyKey);
        QCOMPARE(b.body, sent.body);
        QCOMPARE(b.bodyHash, sent.bodyHash);
        QCOMPARE(b.changes, sent.changes); // in body order
        QCOMPARE(b.createdAtMs, qint64(1100));
        QCOMPARE(b.agentIds(), (QStringList{u"a2"_s, u"a1"_s}));
        const auto found = reopened.findUnfinishedBatch(kGroup, u"9f2c"_s);
        QVERIFY(found);
        QCOMPARE(found->idempotencyKey, sent.idempotencyKey);
        QVERIFY(!reopened.findUnfinishedBatch(kGroup, u"other"_s));

        QCOMPARE(reopened.entry(u"a1"_s)->state, OutboxState::InFlight);
        QCOMPARE(reopened.entry(u"a2"_s)->inFlightBatchId, sent.batchId);
        const QList<OutboxEntry> pending = reopened.pendingForGroup(kGroup, 100);
        QCOMPARE(pending.size(), 2);
        QCOMPARE(pending.at(0).change.agentId, u"a3"_s);
        QCOMPARE(pending.at(1).change.agentId, u"a4"_s);
        QCOMPARE(reopened.counters().ingested, qint64(4));
    }
}

void TestOutbox::countersSurviveReopen()
{
    {
        auto outbox = openOutbox();
        QVERIFY(outbox->accept({change(u"a1"_s, 1), change(u"a1"_s, 2), change(u"a1"_s, 1)}, 10).ok());
        outbox->markApplied(u"a1"_s, 2, 20);
    }
    auto outbox = openOutbox();
    const OutboxCounters c = outbox->counters();
    QCOMPARE(c.ingested, qint64(3));
    QCOMPARE(c.accepted, qint64(1));
    QCOMPARE(c.superseded, qint64(1));
    QCOMPARE(c.stale, qint64(1));
    QCOMPARE(c.applied, qint64(1));
}

void TestOutbox::fileIsInWalModeWithCurrentSchema()
{
    openOutbox().reset();
    QCOMPARE(rawValue(m_path, u"PRAGMA journal_mode"_s), u"wal"_s);
    QCOMPARE(rawValue(m_path, u"SELECT version FROM schema_version"_s), QString::number(OutboxSchema::kCurrentVersion));
    openOutbox().reset(); // reopening an up-to-date file migrates nothing
    QCOMPARE(rawValue(m_path, u"SELECT COUNT(*) FROM schema_version"_s), QString::number(1));
}

void TestOutbox::refusesNewerSchema()
{
    openOutbox().reset();
    QVERIFY(rawExec(m_path, u"UPDATE schema_version SET version = 99"_s));
    auto outbox = openOutbox(false);
    QVERIFY(!outbox->isOpen());
    const QString error = outbox->errorString();
    QVERIFY2(error.startsWith(m_path + u':'), qPrintable(error));
    QVERIFY2(error.contains(u"version 99 is newer"_s), qPrintable(error));
    QVERIFY(error.contains(u"untouched"_s));
    QVERIFY(error.contains(u"--db"_s));
    QVERIFY(!outbox->accept({change(u"a1"_s, 1)}, 1).ok()); // a refused outbox accepts nothing
}

void TestOutbox::refusesCorruptFile()
{
    QByteArray garbage;
    for (int i = 0; i < 256; ++i)
        garbage += "this is not an SQLite database, just text that someone wrote here\n";
    {
        QFile f(m_path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(garbage);
    }
    auto outbox = openOutbox(false);
    QVERIFY(!outbox->isOpen());
    const QString error = outbox->errorString();
    QVERIFY2(error.startsWith(m_path + u':'), qPrintable(error));
    QVERIFY2(error.contains(u"not a valid outbox database"_s), qPrintable(error));
    QVERIFY(error.contains(u"move it aside"_s));
    QCOMPARE(fileBytes(m_path), garbage); // never replaced
}

void TestOutbox::refusesForeignDatabase()
{
    QVERIFY(rawExec(m_path, u"CREATE TABLE customers (id INTEGER, name TEXT)"_s));
    auto outbox = openOutbox(false);
    QVERIFY(!outbox->isOpen());
    QVERIFY2(outbox->errorString().startsWith(m_path + u':'), qPrintable(outbox->errorString()));
    QVERIFY(outbox->errorString().contains(u"another program"_s));
    QVERIFY(outbox->errorString().contains(u"customers"_s));
}

void TestOutbox::refusesASecondOwnerWhileOpen()
{
    auto first = openOutbox();
    QVERIFY(first->isOpen());
    QVERIFY(first->accept({change(u"a1"_s, 1)}, 1).ok());
    auto second = openOutbox(false);
    QVERIFY(!second->isOpen());
    QVERIFY2(second->errorString().startsWith(m_path + u':'), qPrintable(second->errorString()));
    QVERIFY2(second->errorString().contains(u"locked by another process"_s), qPrintable(second->errorString()));
    QVERIFY(first->accept({change(u"a2"_s, 1)}, 2).ok()); // the owner is unaffected
    first.reset();
    QVERIFY2(second->open(), qPrintable(second->errorString()));
    QCOMPARE(second->counters().accepted, qint64(2));
}

void TestOutbox::deadLetterRetryAndDiscard()
{
    auto outbox = openOutbox();
    QVERIFY(outbox->accept({change(u"a1"_s, 10), change(u"a2"_s, 10), change(u"a3"_s, 10)}, 1000).ok());
    QVERIFY(outbox->markInFlight(batchOf(u"b1"_s, {availability(u"a1"_s, 10), availability(u"a2"_s, 10)})));
    // A per-item "rejected" goes to the dead-letter table alone; the rest of the batch counts as applied.
    QVERIFY(outbox->transaction());
    QVERIFY(outbox->markRejected(availability(u"a1"_s, 10), u"rejected: agent not in group"_s,
                                 u"[{\"attempt\":1,\"status\":200}]"_s, 1500));
    QVERIFY(outbox->markApplied(u"a2"_s, 10, 1500).caughtUp);
    QVERIFY(outbox->finishBatch(u"b1"_s));
    QVERIFY(outbox->commit());

    QList<DeadLetter> dead = outbox->deadLetters().list();
    QCOMPARE(dead.size(), 1);
    QCOMPARE(dead.first().change, availability(u"a1"_s, 10));
    QCOMPARE(dead.first().reason, u"rejected: agent not in group"_s);
    QCOMPARE(dead.first().historyJson, u"[{\"attempt\":1,\"status\":200}]"_s);
    QCOMPARE(dead.first().attempts, 1);
    QCOMPARE(dead.first().region, kRegion);
    QCOMPARE(dead.first().deadAtMs, qint64(1500));
    QCOMPARE(outbox->entry(u"a1"_s)->state, OutboxState::DeadLettered);
    QCOMPARE(outbox->accept({change(u"a1"_s, 9)}, 1600).stale, 1); // still the newest held
    QVERIFY(outbox->pendingForGroup(kGroup, 100).size() == 1);    // only a3

    // Retry: pending again with fresh attempts.
    QCOMPARE(outbox->deadLetters().retry(dead.first().id, 2000), DeadLetterRetry::Requeued);
    QVERIFY(outbox->deadLetters().list().isEmpty());
    auto e = outbox->entry(u"a1"_s);
    QCOMPARE(e->state, OutboxState::Pending);
    QCOMPARE(e->attempts, 0);
    QCOMPARE(e->pendingSinceMs, qint64(2000));
    QCOMPARE(outbox->deadLetters().retry(dead.first().id, 2000), DeadLetterRetry::NotFound);

    // Exhausted attempts or maximum age: the writer moves them with their history.
    QCOMPARE(outbox->moveToDeadLetter({u"a1"_s, u"a2"_s, u"a3"_s}, u"max age 120 s"_s, u"[]"_s, 3000), 2);
    dead = outbox->deadLetters().list();
    QCOMPARE(dead.size(), 2);
    QCOMPARE(dead.at(0).change.agentId, u"a3"_s); // newest first
    QCOMPARE(dead.at(1).change.agentId, u"a1"_s);
    QVERIFY(outbox->groupsWithPending().isEmpty());

    QVERIFY(outbox->deadLetters().discard(dead.at(1).id));
    QVERIFY(!outbox->deadLetters().discard(dead.at(1).id));
    QVERIFY(outbox->errorString().contains(u"no dead letter"_s));

    // A newer change arrived for a3: retrying its old dead letter must not regress it.
    QCOMPARE(outbox->accept({change(u"a3"_s, 30, 4)}, 3500).accepted, 1);
    QCOMPARE(outbox->deadLetters().retry(dead.at(0).id, 4000), DeadLetterRetry::Superseded);
    e = outbox->entry(u"a3"_s);
    QCOMPARE(e->change.sourceTimestampMs, qint64(30));
    QCOMPARE(e->state, OutboxState::Pending);

    const OutboxCounters c = outbox->counters();
    QCOMPARE(c.deadLettered, qint64(3));
    QCOMPARE(c.discarded, qint64(1));
    QCOMPARE(c.deadLettersOpen, qint64(0));
}

void TestOutbox::conflictRecordsAreBounded()
{
    {
        auto outbox = openOutbox();
        outbox->conflicts().setLimit(5);
        for (int i = 1; i <= 8; ++i) {
            const auto id = outbox->conflicts().insert(kRegion, kGroup, 1000 + i,
                                                       u"{\"expectedVersion\":%1,\"currentVersion\":%2}"_s.arg(i).arg(i + 1));
            QCOMPARE(id, std::optional<qint64>(i));
        }
        const QList<StoredConflict> kept = outbox->conflicts().list();
        QCOMPARE(kept.size(), 5);
        QCOMPARE(kept.first().id, qint64(8));
        QCOMPARE(kept.last().id, qint64(4));
        QCOMPARE(kept.first().recordedAtMs, qint64(1008));
        QCOMPARE(kept.first().recordJson, u"{\"expectedVersion\":8,\"currentVersion\":9}"_s);
        QCOMPARE(outbox->conflicts().list(2).size(), 2);
    }
    auto outbox = openOutbox(); // ids keep growing after a restart
    QCOMPARE(outbox->conflicts().insert(kRegion, kGroup, 2000, u"{}"_s), std::optional<qint64>(9));
}

void TestOutbox::groupsWithPendingOldestFirst()
{
    auto outbox = openOutbox();
    QVERIFY(outbox->accept({change(u"b1"_s, 1, 1, u"sg-2"_s), change(u"b2"_s, 1, 1, u"sg-2"_s)}, 1000).ok());
    QVERIFY(outbox->accept({change(u"c1"_s, 1, 1, u"sg-1"_s)}, 2000).ok());
    const QList<GroupWork> groups = outbox->groupsWithPending();
    QCOMPARE(groups.size(), 2);
    QCOMPARE(groups.at(0).skillGroupId, u"sg-2"_s);
    QCOMPARE(groups.at(0).pendingCount, 2);
    QCOMPARE(groups.at(0).oldestPendingSinceMs, qint64(1000));
    QCOMPARE(groups.at(0).region, kRegion);
    QCOMPARE(groups.at(1).skillGroupId, u"sg-1"_s);
}

void TestOutbox::pendingForGroupLimitAndOrder()
{
    auto outbox = openOutbox();
    for (int i = 0; i < 10; ++i)
        QVERIFY(outbox->accept({change(u"a%1"_s.arg(9 - i), 1)}, 1000 + i).ok());
    const QList<OutboxEntry> first = outbox->pendingForGroup(kGroup, 4);
    QCOMPARE(first.size(), 4);
    QCOMPARE(first.at(0).change.agentId, u"a9"_s); // oldest first
    QCOMPARE(first.at(3).change.agentId, u"a6"_s);
    QVERIFY(outbox->pendingForGroup(u"sg-other"_s, 4).isEmpty());
}

void TestOutbox::callerTransactionCommitsOrRollsBackTogether()
{
    auto outbox = openOutbox();
    QVERIFY(outbox->accept({change(u"a1"_s, 1), change(u"a2"_s, 1)}, 1000).ok());
    QVERIFY(outbox->transaction());
    QVERIFY(outbox->markApplied(u"a1"_s, 1, 1100).caughtUp);
    QVERIFY(!outbox->markInFlight(batchOf(u"bad"_s, {availability(u"ghost"_s, 1)})));
    QVERIFY(!outbox->commit()); // one failure undoes the whole group
    QCOMPARE(outbox->entry(u"a1"_s)->state, OutboxState::Pending);
    QCOMPARE(outbox->counters().applied, qint64(0));

    QVERIFY(outbox->transaction());
    QVERIFY(outbox->markApplied(u"a1"_s, 1, 1200).caughtUp);
    QVERIFY(outbox->markApplied(u"a2"_s, 1, 1200).caughtUp);
    QVERIFY(outbox->commit());
    QCOMPARE(outbox->counters().applied, qint64(2));
}

void TestOutbox::invalidChangeCommitsNothing()
{
    auto outbox = openOutbox();
    const AcceptResult r = outbox->accept({change(u"a1"_s, 1), change(QString(), 1)}, 1000);
    QVERIFY(!r.ok());
    QVERIFY(r.error.contains(u"change 1"_s));
    QCOMPARE(r.accepted, 0);
    QVERIFY(!outbox->entry(u"a1"_s));
    QCOMPARE(outbox->counters().ingested, qint64(0));
}

void TestOutbox::acceptsAThousandChangesInOneTransaction()
{
    auto outbox = openOutbox();
    QList<OutboxChange> batch;
    for (int i = 0; i < 1000; ++i)
        batch << change(u"agent-%1"_s.arg(i, 5, 10, QLatin1Char('0')), 100, i % 33, u"sg-%1"_s.arg(i % 8));
    QElapsedTimer timer;
    timer.start();
    const AcceptResult first = outbox->accept(batch, 1000);
    const qint64 firstMs = timer.restart();
    QVERIFY2(first.ok(), qPrintable(first.error));
    QCOMPARE(first.accepted, 1000);

    for (OutboxChange &c : batch)
        c.change.sourceTimestampMs = 200;
    const AcceptResult second = outbox->accept(batch, 2000);
    const qint64 secondMs = timer.elapsed();
    QCOMPARE(second.superseded, 1000);
    qInfo("1,000 new changes in %lld ms, 1,000 superseding changes in %lld ms", firstMs, secondMs);
    // One transaction with reused statements takes milliseconds; one commit per change would take seconds.
    QVERIFY2(firstMs < 5000 && secondMs < 5000, "accepting 1,000 changes took over 5 s");
    QCOMPARE(outbox->groupsWithPending().size(), 8);
    QCOMPARE(outbox->counters().pending, qint64(1000));
}

QTEST_GUILESS_MAIN(TestOutbox)
#include "tst_outbox.moc"
