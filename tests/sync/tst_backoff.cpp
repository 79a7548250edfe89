// Full-jitter bounds per retry, the cap, determinism per seed, and Retry-After as a floor.
#include "Backoff.h"

#include <QTest>

using namespace icp;

class TestBackoff : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void ceilingDoublesUpToCap_data();
    void ceilingDoublesUpToCap();
    void delaysStayWithinFullJitterBounds_data();
    void delaysStayWithinFullJitterBounds();
    void hugeRetryCountDoesNotOverflow();
    void sameSeedSameDelays();
    void retryAfterIsAFloor_data();
    void retryAfterIsAFloor();
};

void TestBackoff::ceilingDoublesUpToCap_data()
{
    QTest::addColumn<int>("retry");
    QTest::addColumn<qint64>("ceiling");
    QTest::newRow("n=0 is base") << 0 << qint64(100);
    QTest::newRow("n=1") << 1 << qint64(200);
    QTest::newRow("n=4") << 4 << qint64(1600);
    QTest::newRow("n=7 reaches cap") << 7 << qint64(10000);
    QTest::newRow("n=12 stays at cap") << 12 << qint64(10000);
    QTest::newRow("negative counts as 0") << -3 << qint64(100);
}

void TestBackoff::ceilingDoublesUpToCap()
{
    QFETCH(int, retry);
    QFETCH(qint64, ceiling);
    const Backoff backoff({100, 10000}, 7);
    QCOMPARE(backoff.ceilingMs(retry), ceiling);
}

void TestBackoff::delaysStayWithinFullJitterBounds_data()
{
    QTest::addColumn<int>("retry");
    for (int n = 0; n <= 10; ++n)
        QTest::addRow("n=%d", n) << n;
}

void TestBackoff::delaysStayWithinFullJitterBounds()
{
    QFETCH(int, retry);
    Backoff backoff({5, 2000}, 42); // the AWS simulation's base and cap
    const qint64 ceiling = backoff.ceilingMs(retry);
    QCOMPARE(ceiling, qMin<qint64>(2000, qint64(5) << retry));
    constexpr int kSamples = 5000;
    qint64 lowest = std::numeric_limits<qint64>::max();
    qint64 highest = -1;
    double sum = 0;
    for (int i = 0; i < kSamples; ++i) {
        const qint64 d = backoff.nextDelayMs(retry);
        QVERIFY2(d >= 0 && d <= ceiling, qPrintable(QString::number(d)));
        lowest = qMin(lowest, d);
        highest = qMax(highest, d);
        sum += double(d);
    }
    // Uniform over the whole range, not clustered: both ends are reached and the mean sits near the middle.
    QVERIFY(lowest <= ceiling / 10);
    QVERIFY(highest >= ceiling - qMax<qint64>(1, ceiling / 10));
    const double mean = sum / kSamples;
    QVERIFY2(qAbs(mean - ceiling / 2.0) <= qMax(1.0, ceiling * 0.05), qPrintable(QString::number(mean)));
}

void TestBackoff::hugeRetryCountDoesNotOverflow()
{
    Backoff backoff({100, 20000}, 1);
    QCOMPARE(backoff.ceilingMs(std::numeric_limits<int>::max()), qint64(20000));
    const qint64 d = backoff.nextDelayMs(1000);
    QVERIFY(d >= 0 && d <= 20000);
    const Backoff zeroBase({0, 20000}, 1);
    QCOMPARE(zeroBase.ceilingMs(std::numeric_limits<int>::max()), qint64(0));
}

void TestBackoff::sameSeedSameDelays()
{
    Backoff a({100, 20000}, 99);
    Backoff b({100, 20000}, 99);
    Backoff c({100, 20000}, 100);
    bool differs = false;
    for (int n = 0; n < 50; ++n) {
        const qint64 da = a.nextDelayMs(n % 8);
        QCOMPARE(da, b.nextDelayMs(n % 8));
        differs = differs || da != c.nextDelayMs(n % 8);
    }
    QVERIFY(differs);
}

void TestBackoff::retryAfterIsAFloor_data()
{
    QTest::addColumn<int>("retry");
    QTest::addColumn<int>("retryAfterS");
    QTest::addColumn<qint64>("minimum");
    QTest::addColumn<qint64>("maximum");
    // Floor above every jittered value: exactly the floor, even above the cap.
    QTest::newRow("floor wins") << 0 << 2 << qint64(2000) << qint64(2000);
    QTest::newRow("floor above cap") << 12 << 30 << qint64(30000) << qint64(30000);
    // Floor inside the range: never below it, jitter may go above.
    QTest::newRow("floor inside range") << 6 << 1 << qint64(1000) << qint64(6400);
    QTest::newRow("zero floor") << 3 << 0 << qint64(0) << qint64(800);
    QTest::newRow("negative ignored") << 3 << -5 << qint64(0) << qint64(800);
}

void TestBackoff::retryAfterIsAFloor()
{
    QFETCH(int, retry);
    QFETCH(int, retryAfterS);
    QFETCH(qint64, minimum);
    QFETCH(qint64, maximum);
    Backoff backoff({100, 20000}, 3);
    bool aboveFloor = false;
    for (int i = 0; i < 2000; ++i) {
        const qint64 d = backoff.nextDelayMs(retry, retryAfterS);
        QVERIFY2(d >= minimum && d <= maximum, qPrintable(QString::number(d)));
        aboveFloor = aboveFloor || d > minimum;
    }
    QCOMPARE(aboveFloor, minimum < maximum);
    // Without a Retry-After it is plain full jitter.
    const qint64 plain = backoff.nextDelayMs(retry, std::nullopt);
    QVERIFY(plain >= 0 && plain <= backoff.ceilingMs(retry));
}

QTEST_GUILESS_MAIN(TestBackoff)
#include "tst_backoff.moc"
