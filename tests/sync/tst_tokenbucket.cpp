// Client-side pacing in virtual time: burst and steady refill, nextAvailableAt, Retry-After holds, and
// following the server's inin-ratelimit-* view so the client never exceeds it.
#include "TokenBucket.h"

#include "Clock.h"

#include <QTest>

using namespace icp;

class TestTokenBucket : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void burstThenSteadyRate();
    void nextAvailableAtMatchesTryTake();
    void neverExceedsTheBudgetOverAMinute();
    void holdUntilRetryAfter();
    void serverRemainingCapsTheClient();
    void exhaustedServerWindowWaitsForReset();
    void olderAnswersCannotRaiseTheRemainingCount();
    void serverLimitBelowConfiguredSlowsTheRate();
    void absentHeadersAreIgnored();
};

void TestTokenBucket::burstThenSteadyRate()
{
    VirtualClock clock(5000);
    TokenBucket bucket({10, 300}, clock.nowMs()); // burst 10, one token per 200 ms
    for (int i = 0; i < 10; ++i)
        QVERIFY(bucket.tryTake(clock.nowMs()));
    QVERIFY(!bucket.tryTake(clock.nowMs()));
    QCOMPARE(bucket.nextAvailableAt(clock.nowMs()), qint64(5200));
    clock.advanceBy(199);
    QVERIFY(!bucket.tryTake(clock.nowMs()));
    clock.advanceBy(1);
    QVERIFY(bucket.tryTake(clock.nowMs()));
    QVERIFY(!bucket.tryTake(clock.nowMs()));
    clock.advanceBy(60000); // refills to the burst, not beyond
    QCOMPARE(bucket.available(clock.nowMs()), 10.0);
}

void TestTokenBucket::nextAvailableAtMatchesTryTake()
{
    VirtualClock clock(0);
    TokenBucket bucket({3, 60}, clock.nowMs()); // one per second
    int taken = 0;
    while (clock.nowMs() < 20000) {
        const qint64 at = bucket.nextAvailableAt(clock.nowMs());
        QVERIFY(at >= clock.nowMs());
        if (at > clock.nowMs()) {
            QVERIFY(!bucket.tryTake(clock.nowMs()));
            clock.advanceTo(at);
        }
        QVERIFY(bucket.tryTake(clock.nowMs()));
        ++taken;
    }
    QCOMPARE(taken, 3 + 20); // the burst, then one a second
}

void TestTokenBucket::neverExceedsTheBudgetOverAMinute()
{
    VirtualClock clock(0);
    TokenBucket bucket({300, 300}, clock.nowMs());
    // A greedy sender polling every 10 ms: the budget holds in every 60 s span after the initial burst.
    QList<qint64> sent;
    for (; clock.nowMs() <= 180000; clock.advanceBy(10)) {
        while (bucket.tryTake(clock.nowMs()))
            sent << clock.nowMs();
    }
    int maxInMinute = 0;
    for (int i = 0, j = 0; i < sent.size(); ++i) {
        while (sent[i] - sent[j] >= 60000)
            ++j;
        if (sent[j] >= 60000) // past the initial burst
            maxInMinute = qMax(maxInMinute, i - j + 1);
    }
    QVERIFY2(maxInMinute <= 300, qPrintable(QString::number(maxInMinute)));
    QVERIFY(maxInMinute >= 295);
}

void TestTokenBucket::holdUntilRetryAfter()
{
    VirtualClock clock(1000);
    TokenBucket bucket({300, 300}, clock.nowMs());
    bucket.holdUntil(clock.nowMs() + 2000); // 429 with Retry-After: 2
    QVERIFY(!bucket.tryTake(clock.nowMs()));
    QCOMPARE(bucket.nextAvailableAt(clock.nowMs()), qint64(3000));
    bucket.holdUntil(2000); // an earlier hold never shortens a later one
    clock.advanceTo(2999);
    QVERIFY(!bucket.tryTake(clock.nowMs()));
    clock.advanceTo(3000);
    QVERIFY(bucket.tryTake(clock.nowMs()));
}

void TestTokenBucket::serverRemainingCapsTheClient()
{
    VirtualClock clock(0);
    TokenBucket bucket({300, 300}, clock.nowMs());
    // Another client of the same token used most of the window: the server has 5 left for 30 s.
    bucket.observeServerHeaders(295, 300, 30, clock.nowMs());
    QCOMPARE(bucket.serverRemaining(clock.nowMs()), 5);
    QVERIFY(bucket.available(clock.nowMs()) <= 5.0);
    int taken = 0;
    while (bucket.tryTake(clock.nowMs()))
        ++taken;
    QCOMPARE(taken, 5);
    QCOMPARE(bucket.serverRemaining(clock.nowMs()), 0);
}

void TestTokenBucket::exhaustedServerWindowWaitsForReset()
{
    VirtualClock clock(0);
    TokenBucket bucket({300, 300}, clock.nowMs());
    bucket.observeServerHeaders(300, 300, 12, clock.nowMs());
    clock.advanceBy(5000); // our own bucket refills meanwhile, but the server has nothing left
    QVERIFY(!bucket.tryTake(clock.nowMs()));
    QCOMPARE(bucket.nextAvailableAt(clock.nowMs()), qint64(12000));
    clock.advanceTo(11999);
    QVERIFY(!bucket.tryTake(clock.nowMs()));
    clock.advanceTo(12000);
    QCOMPARE(bucket.serverRemaining(clock.nowMs()), -1); // window over: back to our own pacing
    QVERIFY(bucket.tryTake(clock.nowMs()));
}

void TestTokenBucket::olderAnswersCannotRaiseTheRemainingCount()
{
    VirtualClock clock(0);
    TokenBucket bucket({300, 300}, clock.nowMs());
    bucket.observeServerHeaders(290, 300, 40, clock.nowMs());
    clock.advanceBy(300);
    // An answer to an earlier request, counted before the one above: same window, lower count.
    bucket.observeServerHeaders(250, 300, 40, clock.nowMs());
    QCOMPARE(bucket.serverRemaining(clock.nowMs()), 10);
    // A new window (reset well beyond the known one) replaces the view.
    clock.advanceBy(40000);
    bucket.observeServerHeaders(1, 300, 60, clock.nowMs());
    QCOMPARE(bucket.serverRemaining(clock.nowMs()), 299);
}

void TestTokenBucket::serverLimitBelowConfiguredSlowsTheRate()
{
    VirtualClock clock(0);
    TokenBucket bucket({300, 300}, clock.nowMs());
    bucket.observeServerHeaders(0, 60, 60, clock.nowMs());
    QCOMPARE(bucket.refillPerMinute(), 60);
    QVERIFY(bucket.available(clock.nowMs()) <= 60.0);
    while (bucket.tryTake(clock.nowMs())) {
    }
    clock.advanceTo(60000); // the server's window resets
    QCOMPARE(bucket.serverRemaining(clock.nowMs()), -1);
    QCOMPARE(bucket.nextAvailableAt(clock.nowMs()), clock.nowMs());
    // Steady state: one a second, the server's pace, not five.
    while (bucket.tryTake(clock.nowMs())) {
    }
    QCOMPARE(bucket.nextAvailableAt(clock.nowMs()), clock.nowMs() + 1000);
}

void TestTokenBucket::absentHeadersAreIgnored()
{
    VirtualClock clock(0);
    TokenBucket bucket({300, 300}, clock.nowMs());
    bucket.observeServerHeaders(0, 0, 0, clock.nowMs());
    QCOMPARE(bucket.serverRemaining(clock.nowMs()), -1);
    QCOMPARE(bucket.refillPerMinute(), 300);
    QCOMPARE(bucket.available(clock.nowMs()), 300.0);
}

QTEST_GUILESS_MAIN(TestTokenBucket)
#include "tst_tokenbucket.moc"
