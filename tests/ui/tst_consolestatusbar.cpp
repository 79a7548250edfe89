// The status bar: requests per second from the difference of the request counter between snapshots, queue depth,
// connection state in words, time since the last write.
#include "ConsoleStatusBar.h"

#include <QTest>

using namespace icp;

namespace {
const QString kA = QStringLiteral("ap-southeast-1");

EngineSnapshot snapshot(qint64 atMs, qint64 requests, bool connected = true)
{
    EngineSnapshot s;
    s.atMs = atMs;
    RegionStatus r;
    r.region = kA;
    r.requests = requests;
    r.pending = 12;
    r.inFlight = 3;
    r.eventStreamConnected = connected;
    r.lastSuccessAtMs = atMs - 4000;
    s.regions << r;
    return s;
}
} // namespace

class TestConsoleStatusBar : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void requestRateFromCounterDifferences();
    void showsStateQueueAndLastWrite();
};

void TestConsoleStatusBar::requestRateFromCounterDifferences()
{
    ConsoleStatusBar bar({kA, QStringLiteral("us-east-1")});
    QCOMPARE(bar.requestRate(kA), 0.0);
    bar.applySnapshot(snapshot(10'000, 100));
    QCOMPARE(bar.requestRate(kA), 0.0); // one sample is no rate
    bar.applySnapshot(snapshot(10'500, 103));
    QCOMPARE(bar.requestRate(kA), 6.0);
    bar.applySnapshot(snapshot(11'000, 110));
    QCOMPARE(bar.requestRate(kA), 10.0); // (110 - 100) over 1 s
    // Samples older than the 2 s window fall out.
    bar.applySnapshot(snapshot(13'000, 130));
    QCOMPARE(bar.requestRate(kA), 10.0); // (130 - 110) over 2 s: the older samples fell out
    bar.applySnapshot(snapshot(14'000, 130));
    QCOMPARE(bar.requestRate(kA), 0.0);  // nothing sent in the last window
    QCOMPARE(bar.requestRate(QStringLiteral("us-east-1")), 0.0);
}

void TestConsoleStatusBar::showsStateQueueAndLastWrite()
{
    ConsoleStatusBar bar({kA});
    QVERIFY(bar.regionText(kA).contains(QStringLiteral("starting")));
    bar.applySnapshot(snapshot(20'000, 5));
    bar.applySnapshot(snapshot(21'000, 9));
    const QString text = bar.regionText(kA);
    QVERIFY2(text.startsWith(QStringLiteral("ap-southeast-1: connected, 4.0 req/s, queue 15, last write 4")),
             qPrintable(text));
    bar.applySnapshot(snapshot(22'000, 9, false));
    QVERIFY2(bar.regionText(kA).contains(QStringLiteral("event stream down")), qPrintable(bar.regionText(kA)));
}

QTEST_MAIN(TestConsoleStatusBar)
#include "tst_consolestatusbar.moc"
