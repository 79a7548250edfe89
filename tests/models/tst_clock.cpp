// VirtualClock (discrete-event time) and SystemClock (real timers on the event loop).

#include "Clock.h"

#include <QTest>

#include <memory>

using namespace icp;
using namespace Qt::StringLiterals;

class TestClock : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // VirtualClock
    void runsInTimeOrder_data();
    void runsInTimeOrder();
    void advanceToRunsOnlyDueEvents();
    void eventsScheduledWhileRunning();
    void pastTimesRunAtNow();
    void cancel();
    void cancelFromAnotherCallback();
    void contextDestructionDropsCallback();
    void runUntil_data();
    void runUntil();

    // SystemClock
    void systemClockFiresTimer();
    void systemClockRunsInTimeOrder();
    void systemClockCancel();
    void systemClockDropsCallbackOfDestroyedContext();
    void systemClockWithoutContext();
    void systemClockDestroyedWithPendingTimers();
    void systemClockDestroyedRightAfterFiring();
};

void TestClock::runsInTimeOrder_data()
{
    QTest::addColumn<QList<qint64>>("offsets"); // scheduling order
    QTest::addColumn<QList<int>>("expected"); // indices into offsets, in running order

    QTest::newRow("time order") << QList<qint64> { 30, 10, 20 } << QList<int> { 1, 2, 0 };
    QTest::newRow("ties in scheduling order") << QList<qint64> { 10, 10, 10 } << QList<int> { 0, 1, 2 };
    QTest::newRow("mixed") << QList<qint64> { 20, 5, 20, 5, 0 } << QList<int> { 4, 1, 3, 0, 2 };
    QTest::newRow("all at now") << QList<qint64> { 0, 0 } << QList<int> { 0, 1 };
    QTest::newRow("far apart") << QList<qint64> { 86400000, 1 } << QList<int> { 1, 0 };
}

void TestClock::runsInTimeOrder()
{
    QFETCH(QList<qint64>, offsets);
    QFETCH(QList<int>, expected);

    constexpr qint64 start = 1795856400000;
    VirtualClock clock(start);
    QObject context;
    QList<int> ran;
    QList<qint64> seenAt;
    for (int i = 0; i < offsets.size(); ++i)
        clock.callAt(start + offsets[i], &context, [&, i] {
            ran << i;
            seenAt << clock.nowMs() - start;
        });
    QVERIFY(ran.isEmpty()); // nothing runs until time is advanced
    QCOMPARE(clock.nowMs(), start);

    const qint64 last = *std::max_element(offsets.cbegin(), offsets.cend());
    clock.advanceTo(start + last);
    QCOMPARE(ran, expected);
    for (int k = 0; k < ran.size(); ++k)
        QCOMPARE(seenAt[k], offsets[ran[k]]); // now() inside a callback is the event's time
    QCOMPARE(clock.nowMs(), start + last);
    QCOMPARE(clock.eventsRun(), quint64(offsets.size()));
    QVERIFY(!clock.hasPending());
}

void TestClock::advanceToRunsOnlyDueEvents()
{
    VirtualClock clock;
    QVERIFY(clock.isVirtual());
    QObject context;
    QList<qint64> ran;
    for (qint64 t : { 10, 20, 30 })
        clock.callAt(t, &context, [&ran, t] { ran << t; });
    QCOMPARE(clock.nextEventAt(), qint64(10));

    clock.advanceTo(20); // inclusive
    QCOMPARE(ran, (QList<qint64> { 10, 20 }));
    QCOMPARE(clock.nowMs(), qint64(20));
    QVERIFY(clock.hasPending());
    QCOMPARE(clock.nextEventAt(), qint64(30));

    clock.advanceTo(5); // time never goes back
    QCOMPARE(clock.nowMs(), qint64(20));
    QCOMPARE(ran.size(), 2);

    clock.advanceBy(9);
    QCOMPARE(clock.nowMs(), qint64(29));
    QCOMPARE(ran.size(), 2);

    clock.advanceBy(100);
    QCOMPARE(ran, (QList<qint64> { 10, 20, 30 }));
    QCOMPARE(clock.nowMs(), qint64(129));
    QVERIFY(!clock.hasPending());
    QCOMPARE(clock.nextEventAt(), std::numeric_limits<qint64>::max());
}

void TestClock::eventsScheduledWhileRunning()
{
    VirtualClock clock(1000);
    QObject context;
    QStringList ran;
    clock.callAt(1010, &context, [&] {
        ran << u"a"_s;
        clock.callAfter(0, &context, [&] { ran << u"a+0"_s; });
        clock.callAfter(5, &context, [&] { ran << u"a+5"_s; });
        clock.callAfter(50, &context, [&] { ran << u"a+50"_s; });
    });
    clock.callAt(1010, &context, [&] { ran << u"b"_s; });
    clock.callAt(1015, &context, [&] { ran << u"c"_s; });

    clock.advanceTo(1020);
    // a+0 is due at 1010 but was scheduled after b; a+5 ties with c and was scheduled after it.
    QCOMPARE(ran, (QStringList { u"a"_s, u"b"_s, u"a+0"_s, u"c"_s, u"a+5"_s }));
    QCOMPARE(clock.nextEventAt(), qint64(1060));
}

void TestClock::pastTimesRunAtNow()
{
    VirtualClock clock(100);
    QObject context;
    qint64 seen = -1;
    clock.callAt(50, &context, [&] { seen = clock.nowMs(); });
    QCOMPARE(clock.nextEventAt(), qint64(100));
    clock.callAfter(-30, &context, [] {});
    QCOMPARE(clock.nextEventAt(), qint64(100));
    clock.advanceTo(100);
    QCOMPARE(seen, qint64(100));
    QCOMPARE(clock.eventsRun(), quint64(2));
}

void TestClock::cancel()
{
    VirtualClock clock;
    QObject context;
    QList<int> ran;
    const TimerId a = clock.callAt(10, &context, [&] { ran << 1; });
    const TimerId b = clock.callAt(20, &context, [&] { ran << 2; });
    const TimerId c = clock.callAt(20, &context, [&] { ran << 3; });
    QVERIFY(a != b && b != c);

    clock.cancel(b);
    clock.cancel(b); // twice: harmless
    clock.cancel(c + 100); // unknown: harmless
    clock.advanceTo(10);
    clock.cancel(a); // already ran: harmless
    clock.advanceTo(30);
    QCOMPARE(ran, (QList<int> { 1, 3 }));
    QCOMPARE(clock.eventsRun(), quint64(2));

    const TimerId d = clock.callAfter(5, &context, [&] { ran << 4; });
    clock.cancel(d);
    QVERIFY(!clock.hasPending());
    clock.advanceBy(10);
    QCOMPARE(ran, (QList<int> { 1, 3 }));
}

void TestClock::cancelFromAnotherCallback()
{
    VirtualClock clock;
    QObject context;
    QList<int> ran;
    TimerId second = 0;
    clock.callAt(10, &context, [&] {
        ran << 1;
        clock.cancel(second);
    });
    second = clock.callAt(10, &context, [&] { ran << 2; });
    clock.advanceTo(10);
    QCOMPARE(ran, QList<int> { 1 });
}

void TestClock::contextDestructionDropsCallback()
{
    VirtualClock clock;
    auto doomed = std::make_unique<QObject>();
    QObject survivor;
    QList<int> ran;
    clock.callAt(10, doomed.get(), [&] { ran << 1; });
    clock.callAt(10, &survivor, [&] { ran << 2; });
    clock.callAt(10, nullptr, [&] { ran << 3; }); // no context: always runs
    doomed.reset();
    clock.advanceTo(10);
    QCOMPARE(ran, (QList<int> { 2, 3 }));
    QVERIFY(!clock.hasPending());
}

void TestClock::runUntil_data()
{
    QTest::addColumn<QList<qint64>>("times"); // one counter increment per event
    QTest::addColumn<int>("target"); // predicate: counter >= target
    QTest::addColumn<qint64>("deadline");
    QTest::addColumn<bool>("result");
    QTest::addColumn<qint64>("nowAfter");
    QTest::addColumn<int>("countAfter");

    const QList<qint64> times { 10, 20, 30, 40 };
    QTest::newRow("predicate met before the deadline")
        << times << 2 << qint64(100) << true << qint64(20) << 2;
    QTest::newRow("deadline first") << times << 10 << qint64(35) << false << qint64(35) << 3;
    QTest::newRow("event at the deadline still runs") << times << 4 << qint64(40) << true << qint64(40) << 4;
    QTest::newRow("already true") << times << 0 << qint64(1000) << true << qint64(0) << 0;
    QTest::newRow("no events") << QList<qint64> {} << 1 << qint64(500) << false << qint64(500) << 0;
    QTest::newRow("events run out") << times << 5 << qint64(1000) << false << qint64(1000) << 4;
}

void TestClock::runUntil()
{
    QFETCH(QList<qint64>, times);
    QFETCH(int, target);
    QFETCH(qint64, deadline);
    QFETCH(bool, result);
    QFETCH(qint64, nowAfter);
    QFETCH(int, countAfter);

    VirtualClock clock;
    QObject context;
    int count = 0;
    for (qint64 t : std::as_const(times))
        clock.callAt(t, &context, [&count] { ++count; });
    QCOMPARE(clock.runUntil([&] { return count >= target; }, deadline), result);
    QCOMPARE(clock.nowMs(), nowAfter);
    QCOMPARE(count, countAfter);
}

void TestClock::systemClockFiresTimer()
{
    SystemClock clock;
    QVERIFY(!clock.isVirtual());
    QObject context;
    bool fired = false;
    qint64 firedAt = 0;
    const qint64 due = clock.nowMs() + 20;
    clock.callAt(due, &context, [&] {
        fired = true;
        firedAt = clock.nowMs();
    });
    QVERIFY(!fired); // never inside callAt
    QTRY_VERIFY_WITH_TIMEOUT(fired, 2000);
    QVERIFY2(firedAt >= due - 1, qPrintable(u"fired %1 ms early"_s.arg(due - firedAt)));
}

void TestClock::systemClockRunsInTimeOrder()
{
    SystemClock clock;
    QObject context;
    QList<int> ran;
    clock.callAfter(60, &context, [&] { ran << 3; });
    clock.callAfter(0, &context, [&] { ran << 1; });
    clock.callAfter(30, &context, [&] { ran << 2; });
    QTRY_COMPARE_WITH_TIMEOUT(ran, (QList<int> { 1, 2, 3 }), 2000);
}

void TestClock::systemClockCancel()
{
    SystemClock clock;
    QObject context;
    bool cancelled = false, kept = false;
    const TimerId id = clock.callAfter(5, &context, [&] { cancelled = true; });
    clock.callAfter(40, &context, [&] { kept = true; });
    clock.cancel(id);
    clock.cancel(id); // twice: harmless
    clock.cancel(id + 99); // unknown: harmless
    QTRY_VERIFY_WITH_TIMEOUT(kept, 2000);
    QVERIFY(!cancelled);
}

void TestClock::systemClockDropsCallbackOfDestroyedContext()
{
    SystemClock clock;
    auto doomed = std::make_unique<QObject>();
    QObject survivor;
    bool dropped = false, sentinel = false;
    const TimerId id = clock.callAfter(5, doomed.get(), [&] { dropped = true; });
    clock.callAfter(40, &survivor, [&] { sentinel = true; });
    doomed.reset();
    QTRY_VERIFY_WITH_TIMEOUT(sentinel, 2000);
    QVERIFY(!dropped);
    clock.cancel(id); // its timer died with the context: harmless
}

void TestClock::systemClockWithoutContext()
{
    SystemClock clock;
    bool fired = false;
    clock.callAfter(5, nullptr, [&] { fired = true; });
    QTRY_VERIFY_WITH_TIMEOUT(fired, 2000);
}

void TestClock::systemClockDestroyedWithPendingTimers()
{
    QObject context;
    int fired = 0;
    bool sentinel = false;
    auto clock = std::make_unique<SystemClock>();
    for (int i = 0; i < 20; ++i)
        clock->callAfter(5 + i, &context, [&fired] { ++fired; });
    clock->callAfter(5, nullptr, [&fired] { ++fired; });
    clock.reset(); // cancels everything it still holds

    SystemClock other;
    other.callAfter(60, &context, [&] { sentinel = true; });
    QTRY_VERIFY_WITH_TIMEOUT(sentinel, 2000);
    QCOMPARE(fired, 0);
}

void TestClock::systemClockDestroyedRightAfterFiring()
{
    QObject context;
    bool fired = false;
    auto clock = std::make_unique<SystemClock>();
    clock->callAfter(0, &context, [&] { fired = true; });
    clock->callAfter(1, &context, [] {});
    QTRY_VERIFY_WITH_TIMEOUT(fired, 2000);
    clock.reset();
    // The fired timer's deferred deletion runs after its clock is gone; it must not reach back into it.
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    QVERIFY(fired);
}

QTEST_GUILESS_MAIN(TestClock)
#include "tst_clock.moc"
