// The feed's batcher in virtual time: changes of one window reach the sink together, in order, once; nothing
// before the window ends; a window per batch; flush() and destruction; and through a real outbox file, one
// accept() for the window with an outcome per change.
#include "IngestBatcher.h"

#include "Clock.h"
#include "Outbox.h"

#include <QTemporaryDir>
#include <QTest>

using namespace icp;
using namespace Qt::StringLiterals;

namespace {

OutboxChange change(const QString &agent, qint64 ts, int capacity = 1)
{
    return OutboxChange{AgentAvailability{agent, AgentStatus::Available, capacity, ts}, u"us-east-1"_s, u"sg-1"_s};
}

QStringList agents(const QList<OutboxChange> &changes)
{
    QStringList ids;
    for (const auto &c : changes)
        ids << c.change.agentId;
    return ids;
}

} // namespace

class TestIngestBatcher : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void oneWindowIsOneFlushInOrder();
    void zeroWindowFlushesOnTheNextTurn();
    void flushNowAndDestructionCancelTheWindow();
    void oneDurableAcceptPerWindowWithAnOutcomePerChange();
};

void TestIngestBatcher::oneWindowIsOneFlushInOrder()
{
    VirtualClock clock(1000);
    QObject owner;
    QList<QList<OutboxChange>> flushed;
    IngestBatcher batcher(clock, 10, [&](const QList<OutboxChange> &c) { flushed << c; }, &owner);
    batcher.add(change(u"a"_s, 1));
    clock.advanceBy(4);
    batcher.add(change(u"b"_s, 2));
    batcher.add(change(u"c"_s, 3));
    clock.advanceBy(5); // 9 ms after the first: still gathering
    QVERIFY(flushed.isEmpty());
    QCOMPARE(batcher.pending(), qsizetype(3));
    clock.advanceBy(1);
    QCOMPARE(flushed.size(), 1);
    QCOMPARE(agents(flushed[0]), (QStringList{u"a"_s, u"b"_s, u"c"_s}));
    QCOMPARE(batcher.pending(), qsizetype(0));

    // The next change opens a new window of its own.
    batcher.add(change(u"d"_s, 4));
    clock.advanceBy(9);
    QCOMPARE(flushed.size(), 1);
    clock.advanceBy(1);
    QCOMPARE(flushed.size(), 2);
    QCOMPARE(agents(flushed[1]), QStringList{u"d"_s});
    clock.advanceBy(100); // nothing gathered: nothing handed over
    QCOMPARE(flushed.size(), 2);
}

void TestIngestBatcher::zeroWindowFlushesOnTheNextTurn()
{
    VirtualClock clock(0);
    QList<QList<OutboxChange>> flushed;
    IngestBatcher batcher(clock, 0, [&](const QList<OutboxChange> &c) { flushed << c; });
    batcher.add(change(u"a"_s, 1));
    batcher.add(change(u"b"_s, 2));
    QVERIFY(flushed.isEmpty()); // never from inside add()
    clock.advanceBy(0);
    QCOMPARE(flushed.size(), 1);
    QCOMPARE(flushed[0].size(), 2);
}

void TestIngestBatcher::flushNowAndDestructionCancelTheWindow()
{
    VirtualClock clock(0);
    QList<QList<OutboxChange>> flushed;
    {
        IngestBatcher batcher(clock, 10, [&](const QList<OutboxChange> &c) { flushed << c; });
        batcher.add(change(u"a"_s, 1));
        batcher.flush();
        QCOMPARE(flushed.size(), 1);
        batcher.flush(); // empty: no call
        QCOMPARE(flushed.size(), 1);
        clock.advanceBy(20); // the cancelled window does not hand over again
        QCOMPARE(flushed.size(), 1);
        batcher.add(change(u"b"_s, 2));
    } // destroyed with "b" gathered: never handed over, and its window never fires
    clock.advanceBy(20);
    QCOMPARE(flushed.size(), 1);
}

void TestIngestBatcher::oneDurableAcceptPerWindowWithAnOutcomePerChange()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    Outbox outbox(dir.filePath(u"outbox.sqlite"_s), u"tst_ingestbatcher"_s);
    QVERIFY2(outbox.open(), qPrintable(outbox.errorString()));
    VirtualClock clock(5000);
    QList<AcceptResult> results;
    IngestBatcher batcher(clock, 10, [&](const QList<OutboxChange> &c) { results << outbox.accept(c, clock.nowMs()); });
    batcher.add(change(u"a"_s, 100));
    batcher.add(change(u"b"_s, 100));
    batcher.add(change(u"a"_s, 50)); // older than the "a" just offered
    QVERIFY(!outbox.entry(u"a"_s)); // nothing committed while gathering
    clock.advanceBy(10);
    QCOMPARE(results.size(), 1);
    QVERIFY2(results[0].ok(), qPrintable(results[0].error));
    QCOMPARE(results[0].outcomes.size(), 3);
    QCOMPARE(results[0].accepted, 2);
    QCOMPARE(results[0].stale, 1);
    outbox.close();
    // Durable: a fresh connection to the file holds both agents, "a" at its newest change.
    Outbox reopened(dir.filePath(u"outbox.sqlite"_s), u"tst_ingestbatcher_reopened"_s);
    QVERIFY2(reopened.open(), qPrintable(reopened.errorString()));
    const auto a = reopened.entry(u"a"_s);
    QVERIFY(a);
    QCOMPARE(a->change.sourceTimestampMs, qint64(100));
    QVERIFY(reopened.entry(u"b"_s));
}

QTEST_GUILESS_MAIN(TestIngestBatcher)
#include "tst_ingestbatcher.moc"
