// The simulator must reproduce the field's three observations with the field client (`seed` strategy), in
// virtual time through the in-process transport:
//   1. 409s in ap-southeast-1 and none in us-east-1 under the same load;
//   2. few 409s for a 20-agent peak (median < 6% of writes over 20 seeds), many for a 250-agent peak (> 20%);
//   3. the 500 ms gap lowers the 409 share compared with no gap, but not to zero.
#include "SeedRun.h"

#include <QTest>

#include <algorithm>

using namespace icp;
using namespace icp::bench;

namespace {
const QString kApse1 = QStringLiteral("ap-southeast-1");
const QString kUse1 = QStringLiteral("us-east-1");

Scenario seedPeak()
{
    QString error;
    auto sc = Scenario::load(QStringLiteral("seed-peak"), &error);
    if (!sc)
        qFatal("%s", qPrintable(error));
    return *sc;
}

QList<double> apse1Shares(const Scenario &sc, int seeds, int gapMs)
{
    QList<double> shares;
    for (int s = 1; s <= seeds; ++s)
        shares << runSeedClient(sc, quint64(s), gapMs).value(kApse1).ratio();
    return shares;
}
} // namespace

class TestSeedObservations : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void onlyApSoutheastConflicts_data();
    void onlyApSoutheastConflicts();
    void peakSizeDecides();
    void gapHelpsButDoesNotCure();
};

void TestSeedObservations::onlyApSoutheastConflicts_data()
{
    QTest::addColumn<quint64>("seed");
    for (quint64 s : {1, 2, 3})
        QTest::addRow("seed %llu", s) << s;
}

void TestSeedObservations::onlyApSoutheastConflicts()
{
    QFETCH(quint64, seed);
    const auto result = runSeedClient(seedPeak(), seed, 500);
    qInfo("seed-peak: ap-southeast-1 %lld of %lld writes conflicted, us-east-1 %lld of %lld",
          result[kApse1].conflicts, result[kApse1].writes, result[kUse1].conflicts, result[kUse1].writes);
    QVERIFY(result[kApse1].writes > 50);
    QVERIFY(result[kUse1].writes > 50);
    QVERIFY(result[kApse1].conflicts > 0);
    QCOMPARE(result[kUse1].conflicts, 0);
}

void TestSeedObservations::peakSizeDecides()
{
    const Scenario base = seedPeak();
    const QList<double> small = apse1Shares(seedPeakWithPeak(base, 20), 20, 500);
    const QList<double> large = apse1Shares(seedPeakWithPeak(base, 250), 20, 500);
    const double mSmall = median(small), mLarge = median(large);
    qInfo("409 share of writes, ap-southeast-1, median of 20 seeds: 20-agent peak %.1f%%, 250-agent peak %.1f%%",
          100 * mSmall, 100 * mLarge);
    QVERIFY2(mSmall < 0.06, qPrintable(QStringLiteral("20-agent peak median %1").arg(mSmall)));
    QVERIFY2(mLarge > 0.20, qPrintable(QStringLiteral("250-agent peak median %1").arg(mLarge)));
}

void TestSeedObservations::gapHelpsButDoesNotCure()
{
    const Scenario sc = seedPeakWithPeak(seedPeak(), 20);
    const double withGap = median(apse1Shares(sc, 20, 500));
    const double noGap = median(apse1Shares(sc, 20, 0));
    qInfo("20-agent peak, ap-southeast-1 median 409 share: 500 ms gap %.1f%%, no gap %.1f%%", 100 * withGap, 100 * noGap);
    QVERIFY(withGap < noGap);
    QVERIFY(withGap > 0.0);
}

QTEST_GUILESS_MAIN(TestSeedObservations)
#include "tst_seed_observations.moc"
