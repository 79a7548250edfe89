// The capacity charts sample snapshots into a bounded window, update each series in one bulk replace, and
// follow the region filter.
#include "CapacityTab.h"

#include <QBarSet>
#include <QChartView>
#include <QLineSeries>
#include <QSignalSpy>
#include <QTest>

using namespace icp;

namespace {
const QString kA = QStringLiteral("ap-southeast-1");
const QString kU = QStringLiteral("us-east-1");
constexpr qint64 kT0 = 1'790'000'000'000;

EngineSnapshot snapshotAt(qint64 atMs, int available)
{
    EngineSnapshot s;
    s.atMs = atMs;
    for (const QString &r : {kA, kU}) {
        RegionFleet f;
        f.region = r;
        f.trunksKnown = true;
        f.trunksTotal = 8;
        f.trunksRegistered = 7;
        f.agentsAvailable = available;
        f.effectiveCapacity = available * 2;
        s.fleet << f;
    }
    s.groups << SkillGroupView{kA, QStringLiteral("g1"), QStringLiteral("APSE1 Sales"), {}, 1, 50, 40, 80, 70}
             << SkillGroupView{kA, QStringLiteral("g2"), QStringLiteral("APSE1 Support"), {}, 1, 30, 20, 40, 40}
             << SkillGroupView{kU, QStringLiteral("g3"), QStringLiteral("USE1 Sales"), {}, 1, 60, 55, 110, 90};
    return s;
}
} // namespace

class TestCapacityTab : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void keepsABoundedWindow();
    void oneBulkReplacePerRefresh();
    void followsTheRegionFilter();
};

void TestCapacityTab::keepsABoundedWindow()
{
    CapacityTab tab({kA, kU});
    QCOMPARE(tab.objectName(), QStringLiteral("capacity"));
    tab.setWindowMinutes(1);
    // 200 s of snapshots, ten a second.
    for (int i = 0; i <= 2000; ++i)
        tab.applySnapshot(snapshotAt(kT0 + i * 100, 100 + i % 7));
    tab.refresh();
    QLineSeries *agents = tab.series(kA, CapacityTab::AvailableAgents);
    QVERIFY(agents);
    // Sampled once a second, 60 s kept.
    QVERIFY2(agents->count() >= 59 && agents->count() <= 61, qPrintable(QString::number(agents->count())));
    const qint64 last = kT0 + 2000 * 100;
    QCOMPARE(qint64(agents->at(agents->count() - 1).x()), last);
    QVERIFY(qint64(agents->at(0).x()) >= last - 60'000);
    QCOMPARE(tab.series(kA, CapacityTab::RegisteredTrunks)->at(0).y(), 7.0);
    QCOMPARE(tab.series(kA, CapacityTab::EffectiveCapacity)->count(), agents->count());

    // A wider window keeps more from now on; a narrower one drops at once.
    tab.setWindowMinutes(2);
    for (int i = 2001; i <= 3000; ++i)
        tab.applySnapshot(snapshotAt(kT0 + i * 100, 100));
    tab.refresh();
    QVERIFY(agents->count() > 100);
    tab.setWindowMinutes(1);
    QVERIFY(agents->count() <= 61);
}

void TestCapacityTab::oneBulkReplacePerRefresh()
{
    CapacityTab tab({kA, kU});
    QLineSeries *agents = tab.series(kU, CapacityTab::AvailableAgents);
    QSignalSpy replaced(agents, &QXYSeries::pointsReplaced);
    QSignalSpy added(agents, &QXYSeries::pointAdded);
    for (int i = 0; i < 30; ++i)
        tab.applySnapshot(snapshotAt(kT0 + i * 1000, i));
    QCOMPARE(agents->count(), 0); // nothing drawn until the refresh
    tab.refresh();
    QCOMPARE(replaced.count(), 1);
    QCOMPARE(added.count(), 0);
    QCOMPARE(agents->count(), 30);
    QCOMPARE(agents->at(29).y(), 29.0);
    tab.refresh(); // nothing new: no redraw
    QCOMPARE(replaced.count(), 1);
}

void TestCapacityTab::followsTheRegionFilter()
{
    CapacityTab tab({kA, kU});
    tab.applySnapshot(snapshotAt(kT0, 10));
    tab.refresh();
    QCOMPARE(tab.barCategories(), (QStringList{QStringLiteral("APSE1 Sales"), QStringLiteral("APSE1 Support"),
                                               QStringLiteral("USE1 Sales")}));
    QCOMPARE(tab.capacityBars()->at(2), 110.0);
    QCOMPARE(tab.effectiveBars()->at(2), 90.0);

    tab.setRegionFilter(kA);
    QVERIFY(!tab.regionChart(kA)->isHidden());
    QVERIFY(tab.regionChart(kU)->isHidden());
    QCOMPARE(tab.barCategories(), (QStringList{QStringLiteral("APSE1 Sales"), QStringLiteral("APSE1 Support")}));
    QCOMPARE(tab.capacityBars()->count(), 2);
    QCOMPARE(tab.effectiveBars()->at(1), 40.0);

    tab.setRegionFilter(QString());
    QVERIFY(!tab.regionChart(kU)->isHidden());
    QCOMPARE(tab.barCategories().size(), 3);
}

QTEST_MAIN(TestCapacityTab)
#include "tst_capacitytab.moc"
