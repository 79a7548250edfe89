// TrunkTableModel under QAbstractItemModelTester: hand sequences and the real seed-peak fleet.
#include "HandSnapshots.h"
#include "ModelCheck.h"
#include "SeedPeakRig.h"
#include "TrunkTableModel.h"

#include <QAbstractItemModelTester>
#include <QTest>

using namespace icp;
using namespace Qt::StringLiterals;

namespace {
const QString kApse1 = QStringLiteral("ap-southeast-1");
const QString kUse1 = QStringLiteral("us-east-1");

EngineSnapshot trunks(qint64 atMs, QList<TrunkView> rows)
{
    EngineSnapshot s;
    s.atMs = atMs;
    s.trunks = std::move(rows);
    return s;
}
} // namespace

class TestTrunkTableModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void addChangeRemoveReorder();
    void clockMovesOnlyTheTimeColumns();
    void formatsAndSortsRawValues();
    void flashingRowsReportIt();
    void seedPeakFleet();
};

void TestTrunkTableModel::addChangeRemoveReorder()
{
    TrunkTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);

    auto apply = [&](const EngineSnapshot &s) { return [&model, s]() { return model.applySnapshot(s); }; };
    ApplyStats st = applyAndCheck(model, apply(trunks(5000, {handTrunk(u"a"_s, kApse1, {true, true}),
                                                             handTrunk(u"b"_s, kApse1, {true, true}),
                                                             handTrunk(u"c"_s, kUse1, {true})})),
                                  {u"a"_s, u"b"_s, u"c"_s});
    QVERIFY(!QTest::currentTestFailed());
    QCOMPARE(st.insertSignals, 1);
    QCOMPARE(st.insertedRows, 3);

    // a loses a proxy (a registration change), b unchanged, c gone, d new.
    QStringList changed;
    st = applyAndCheck(model, [&]() {
        changed = model.applySnapshot(trunks(5000, {handTrunk(u"a"_s, kApse1, {true, false}), handTrunk(u"b"_s, kApse1, {true, true}),
                                                    handTrunk(u"d"_s, kUse1, {true})}));
    }, {u"a"_s, u"b"_s, u"d"_s});
    QVERIFY(!QTest::currentTestFailed());
    QCOMPARE(changed, QStringList{u"a"_s});
    QCOMPARE(st.removedRows, 1);
    QCOMPARE(st.insertedRows, 1);
    QCOMPARE(st.changedKeys, QSet<QString>{u"a"_s}); // b is not announced
    const int rowA = model.rowOfKey(u"a"_s);
    QCOMPARE(model.index(rowA, TrunkTableModel::Registration).data().toString(), u"degraded 1/2"_s);
    QVERIFY(model.index(rowA, TrunkTableModel::Error).data().toString().contains(u"408"_s));
    QCOMPARE(model.index(rowA, TrunkTableModel::Registration).data(SeverityRole).toInt(), int(Severity::Warning));
    QVERIFY(!model.index(rowA, TrunkTableModel::Registration).data(Qt::DecorationRole).isNull());

    // Reordered, calls changed on d only: no row operations, one row announced.
    st = applyAndCheck(model, [&]() {
        model.applySnapshot(trunks(5000, {handTrunk(u"d"_s, kUse1, {true}, 7), handTrunk(u"b"_s, kApse1, {true, true}),
                                          handTrunk(u"a"_s, kApse1, {true, false})}));
    }, {u"a"_s, u"b"_s, u"d"_s});
    QVERIFY(!QTest::currentTestFailed());
    QCOMPARE(st.insertSignals + st.removeSignals, 0);
    QCOMPARE(st.changedKeys, QSet<QString>{u"d"_s});
    QCOMPARE(st.changedRanges.size(), 1);
    QCOMPARE(st.changedRanges[0].first.column(), int(TrunkTableModel::Inbound));
    QCOMPARE(st.changedRanges[0].second.column(), int(TrunkTableModel::Inbound));

    st = applyAndCheck(model, apply(trunks(5000, {})), {});
    QVERIFY(!QTest::currentTestFailed());
    QCOMPARE(st.removedRows, 3);
}

void TestTrunkTableModel::clockMovesOnlyTheTimeColumns()
{
    TrunkTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const QList<TrunkView> rows{handTrunk(u"a"_s, kApse1, {true}), handTrunk(u"b"_s, kApse1, {false})};
    model.applySnapshot(trunks(5000, rows));
    QCOMPARE(model.index(0, TrunkTableModel::SinceChange).data().toString(), u"4.0 s"_s);
    const ApplyStats st = applyAndCheck(model, [&]() { model.applySnapshot(trunks(65000, rows)); }, {u"a"_s, u"b"_s});
    QVERIFY(!QTest::currentTestFailed());
    QCOMPARE(st.changedRanges.size(), 2);
    for (const auto &[tl, br] : st.changedRanges) {
        QCOMPARE(tl.column(), br.column());
        QVERIFY(tl.column() == TrunkTableModel::Proxies || tl.column() == TrunkTableModel::SinceChange);
    }
    QCOMPARE(model.index(0, TrunkTableModel::SinceChange).data().toString(), u"1 min 04 s"_s);
}

void TestTrunkTableModel::formatsAndSortsRawValues()
{
    TrunkTableModel model;
    TrunkView down = handTrunk(u"z"_s, kUse1, {false, false}, 3);
    down.trunk.connected = false;
    model.applySnapshot(trunks(5000, {down}));
    QCOMPARE(model.index(0, TrunkTableModel::Registration).data().toString(), u"DOWN 0/2"_s);
    QCOMPARE(model.index(0, TrunkTableModel::Registration).data(SortRole).toInt(), 0);
    QCOMPARE(model.index(0, TrunkTableModel::Connected).data().toString(), u"no"_s);
    QCOMPARE(model.index(0, TrunkTableModel::Inbound).data(SortRole).toInt(), 3);
    QCOMPARE(model.index(0, TrunkTableModel::Capacity).data(SortRole).toInt(), 60);
    QVERIFY(model.index(0, TrunkTableModel::Proxies).data(Qt::ToolTipRole).toString().contains(u"FAILED"_s));
    QCOMPARE(model.headerData(TrunkTableModel::Capacity, Qt::Horizontal).toString(), u"Capacity"_s);
}

void TestTrunkTableModel::flashingRowsReportIt()
{
    TrunkTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.applySnapshot(trunks(5000, {handTrunk(u"a"_s, kApse1, {true}), handTrunk(u"b"_s, kApse1, {true})}));
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.setFlashing({u"b"_s});
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed[0][0].value<QModelIndex>().row(), model.rowOfKey(u"b"_s));
    QVERIFY(changed[0][2].value<QList<int>>().contains(Qt::BackgroundRole));
    QVERIFY(model.index(model.rowOfKey(u"b"_s), 0).data(FlashRole).toBool());
    QVERIFY(!model.index(model.rowOfKey(u"a"_s), 0).data(FlashRole).toBool());
    model.setFlashing({});
    QVERIFY(!model.index(model.rowOfKey(u"b"_s), 0).data(FlashRole).toBool());
}

void TestTrunkTableModel::seedPeakFleet()
{
    SeedPeakRig run(1);
    TrunkTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QStringList registrationChanges;
    int maxRows = 0;
    for (qint64 t = 0; t <= 50000; t += 500) {
        run.advanceTo(t);
        const EngineSnapshot s = run.snapshot();
        QStringList expected;
        for (const TrunkView &v : s.trunks)
            expected << v.trunk.id;
        applyAndCheck(model, [&]() { registrationChanges += model.applySnapshot(s); }, expected);
        if (QTest::currentTestFailed())
            return;
        maxRows = qMax(maxRows, model.rowCount());
    }
    QCOMPARE(maxRows, 15); // the scenario's 15 BYOC trunks
    // The scenario takes a register proxy of one ap-southeast-1 trunk away at 45 s.
    QVERIFY2(!registrationChanges.isEmpty(), "no registration change seen");
    const int row = model.rowOfKey(registrationChanges.first());
    QCOMPARE(model.index(row, TrunkTableModel::Region).data().toString(), kApse1);
    QVERIFY(model.index(row, TrunkTableModel::Registration).data().toString().startsWith(u"degraded"_s));
}

QTEST_MAIN(TestTrunkTableModel)
#include "tst_trunktablemodel.moc"
