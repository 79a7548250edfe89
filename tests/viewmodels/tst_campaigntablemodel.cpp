// CampaignTableModel under QAbstractItemModelTester: hand snapshots, the auto-pacing switch, and the rows the
// real engine publishes (simulator core, virtual time).
#include "CampaignRig.h"
#include "CampaignTableModel.h"
#include "ModelCheck.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace icp;
using namespace Qt::StringLiterals;

namespace {
CampaignRow campaign(const QString &id, const QString &region, int capacity, PacingSetting recommended, PacingSetting applied)
{
    CampaignRow r;
    r.id = id;
    r.name = u"Campaign "_s + id;
    r.region = region;
    r.skillGroupIds = {id + u"-sg"_s};
    r.effectiveCapacity = capacity;
    r.registeredTrunks = 2;
    r.agents = capacity / 2;
    r.hasRecommendation = true;
    r.recommended = recommended;
    r.applied = applied;
    r.writeState = u"idle"_s;
    return r;
}

EngineSnapshot snap(qint64 atMs, QList<CampaignRow> rows)
{
    EngineSnapshot s;
    s.atMs = atMs;
    s.campaigns = std::move(rows);
    return s;
}
} // namespace

class TestCampaignTableModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void addChangeRemove();
    void formatsAndSorts();
    void autoSwitchAsksAndShowsAtOnce();
    void rowsFromTheEngine();
};

void TestCampaignTableModel::addChangeRemove()
{
    CampaignTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    auto apply = [&](const EngineSnapshot &s) { return [&model, s]() { model.applySnapshot(s); }; };
    ApplyStats st = applyAndCheck(model, apply(snap(1000, {campaign(u"a"_s, u"r1"_s, 40, {60, 3.0}, {40, 1.5}),
                                                          campaign(u"b"_s, u"r1"_s, 10, {15, 3.0}, {15, 3.0})})),
                                  {u"a"_s, u"b"_s});
    QVERIFY(!QTest::currentTestFailed());
    QCOMPARE(st.insertSignals, 1);
    QCOMPARE(st.insertedRows, 2);

    // a is applied, b gone, c new; the clock did not move.
    CampaignRow a = campaign(u"a"_s, u"r1"_s, 40, {60, 3.0}, {60, 3.0});
    a.appliedAtMs = 900;
    st = applyAndCheck(model, apply(snap(1000, {a, campaign(u"c"_s, u"r2"_s, 4, {6, 3.0}, {40, 1.5})})), {u"a"_s, u"c"_s});
    QVERIFY(!QTest::currentTestFailed());
    QCOMPARE(st.removedRows, 1);
    QCOMPARE(st.insertedRows, 1);
    QVERIFY(st.changedKeys.contains(u"a"_s));

    // Nothing changed but the clock: only the "Last applied" column moves.
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.applySnapshot(snap(2000, {a, campaign(u"c"_s, u"r2"_s, 4, {6, 3.0}, {40, 1.5})}));
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.first().at(0).toModelIndex().column(), int(CampaignTableModel::LastApplied));
    QCOMPARE(changed.first().at(1).toModelIndex().column(), int(CampaignTableModel::LastApplied));
}

void TestCampaignTableModel::formatsAndSorts()
{
    CampaignTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    CampaignRow a = campaign(u"a"_s, u"r1"_s, 40, {60, 3.0}, {40, 1.5});
    a.appliedAtMs = 5000;
    CampaignRow b = campaign(u"b"_s, u"r1"_s, 10, {15, 2.5}, {15, 2.5});
    b.raiseDueAtMs = 9000;
    CampaignRow c = campaign(u"c"_s, u"r1"_s, 0, {1, 1.0}, {40, 1.5});
    c.hasRecommendation = false;
    c.lastError = u"not applied: 400 bad.request: field x cannot be patched"_s;
    model.applySnapshot(snap(7500, {a, b, c}));
    auto at = [&](int row, int col, int role = Qt::DisplayRole) { return model.index(row, col).data(role); };
    QCOMPARE(at(0, CampaignTableModel::Recommended).toString(), u"60 lines · 3.0/agent"_s);
    QCOMPARE(at(0, CampaignTableModel::Applied).toString(), u"40 lines · 1.5/agent"_s);
    QCOMPARE(at(0, CampaignTableModel::LastApplied).toString(), u"2.5 s ago"_s);
    QCOMPARE(at(0, CampaignTableModel::LastApplied, SortRole).toLongLong(), 5000);
    QCOMPARE(at(0, CampaignTableModel::State).toString(), u"differs"_s);
    QCOMPARE(at(0, CampaignTableModel::Capacity, SortRole).toInt(), 40);
    QCOMPARE(at(1, CampaignTableModel::State).toString(), u"raise pending"_s);
    QCOMPARE(at(1, CampaignTableModel::LastApplied).toString(), u"never"_s);
    QCOMPARE(at(2, CampaignTableModel::Recommended).toString(), u"waiting for the fleet"_s);
    QCOMPARE(at(2, CampaignTableModel::Error, SeverityRole).toInt(), int(Severity::Error));
    QVERIFY(at(2, CampaignTableModel::Error, Qt::ToolTipRole).toString().contains(u"cannot be patched"_s));
    // Auto is off by default and a checkbox.
    QCOMPARE(at(0, CampaignTableModel::Auto, Qt::CheckStateRole).toInt(), int(Qt::Unchecked));
    QVERIFY(model.flags(model.index(0, CampaignTableModel::Auto)) & Qt::ItemIsUserCheckable);
    QVERIFY(!(model.flags(model.index(0, CampaignTableModel::Name)) & Qt::ItemIsUserCheckable));
}

void TestCampaignTableModel::autoSwitchAsksAndShowsAtOnce()
{
    CampaignTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.applySnapshot(snap(1000, {campaign(u"a"_s, u"r1"_s, 40, {60, 3.0}, {40, 1.5})}));
    QSignalSpy asked(&model, &CampaignTableModel::autoPacingRequested);
    const QModelIndex idx = model.index(0, CampaignTableModel::Auto);
    QVERIFY(!model.setData(model.index(0, CampaignTableModel::Name), Qt::Checked, Qt::CheckStateRole));
    QVERIFY(model.setData(idx, Qt::Checked, Qt::CheckStateRole));
    QCOMPARE(asked.size(), 1);
    QCOMPARE(asked.first().at(0).toString(), u"a"_s);
    QCOMPARE(asked.first().at(1).toBool(), true);
    QCOMPARE(idx.data(Qt::CheckStateRole).toInt(), int(Qt::Checked));
    QVERIFY(!model.setData(idx, Qt::Checked, Qt::CheckStateRole)); // already on: nothing asked
    QCOMPARE(asked.size(), 1);
    // The engine did not take it (e.g. unknown there): its snapshot puts the switch back.
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.applySnapshot(snap(1000, {campaign(u"a"_s, u"r1"_s, 40, {60, 3.0}, {40, 1.5})}));
    QCOMPARE(idx.data(Qt::CheckStateRole).toInt(), int(Qt::Unchecked));
    QVERIFY(!changed.isEmpty());
}

void TestCampaignTableModel::rowsFromTheEngine()
{
    QString error;
    auto sc = Scenario::load(u"seed-peak"_s, &error);
    QVERIFY2(sc, qPrintable(error));
    sc->timeline.clear();
    CampaignRig rig(*sc, 17);
    CampaignTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.applySnapshot(rig.engine->snapshot());
    QCOMPARE(model.rowCount(), 0); // not listed yet
    rig.clock.advanceBy(2000);
    rig.staff(u"apse1-sg-1"_s, 20);
    rig.clock.advanceBy(3500);
    QVERIFY(rig.engine->setAutoPacing(u"apse1-camp-1"_s, true));
    for (int i = 0; i < 20; ++i) {
        rig.clock.advanceBy(100);
        model.applySnapshot(rig.engine->snapshot());
        QVERIFY(!QTest::currentTestFailed());
    }
    QCOMPARE(model.rowCount(), sc->campaigns.size());
    const int row = model.rowOfKey(u"apse1-camp-1"_s);
    QVERIFY(row >= 0);
    QCOMPARE(model.index(row, CampaignTableModel::Capacity).data().toString(), u"40"_s);
    QCOMPARE(model.index(row, CampaignTableModel::Applied).data().toString(), u"60 lines · 3.0/agent"_s);
    QCOMPARE(model.index(row, CampaignTableModel::State).data().toString(), u"in step"_s);
    QCOMPARE(model.index(row, CampaignTableModel::Auto).data(Qt::CheckStateRole).toInt(), int(Qt::Checked));
    const int other = model.rowOfKey(u"use1-camp-1"_s);
    QCOMPARE(model.index(other, CampaignTableModel::Auto).data(Qt::CheckStateRole).toInt(), int(Qt::Unchecked));
}

QTEST_MAIN(TestCampaignTableModel)
#include "tst_campaigntablemodel.moc"
