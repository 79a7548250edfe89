// ConflictTableModel under QAbstractItemModelTester: hand sequences and real 409s from the seed peak.
#include "ConflictTableModel.h"
#include "HandSnapshots.h"
#include "ModelCheck.h"
#include "SeedPeakRig.h"
#include "TableFilterProxy.h"

#include <QAbstractItemModelTester>
#include <QTest>

using namespace icp;
using namespace Qt::StringLiterals;

namespace {
const QString kApse1 = QStringLiteral("ap-southeast-1");
const QString kUse1 = QStringLiteral("us-east-1");

EngineSnapshot conflicts(QList<ConflictRecord> rows)
{
    EngineSnapshot s;
    s.recentConflicts = std::move(rows);
    return s;
}
QStringList keysOf(const EngineSnapshot &s)
{
    QStringList k;
    for (const ConflictRecord &c : s.recentConflicts)
        k << QString::number(c.id);
    return k;
}
} // namespace

class TestConflictTableModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void addChangeRemoveReorder();
    void proxySortsNewestFirstAndFilters();
    void seedPeakConflicts();
};

void TestConflictTableModel::addChangeRemoveReorder()
{
    ConflictTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const EngineSnapshot s1 = conflicts({handConflict(3, kApse1, u"re-reading"_s), handConflict(2, kApse1), handConflict(1, kUse1)});
    applyAndCheck(model, [&]() { model.applySnapshot(s1); }, keysOf(s1));
    QVERIFY(!QTest::currentTestFailed());
    QPersistentModelIndex three(model.index(model.rowOfKey(u"3"_s), ConflictTableModel::Resolution));
    QCOMPARE(three.data().toString(), u"re-reading"_s);
    QCOMPARE(three.data(SeverityRole).toInt(), int(Severity::Warning));

    // 3 is resolved, 1 falls out of the ring, 4 is new, the order is the engine's newest-first.
    const EngineSnapshot s2 = conflicts({handConflict(4, kUse1), handConflict(3, kApse1, u"applied after rebase"_s), handConflict(2, kApse1)});
    const ApplyStats st = applyAndCheck(model, [&]() { model.applySnapshot(s2); }, keysOf(s2));
    QVERIFY(!QTest::currentTestFailed());
    QCOMPARE(st.changedKeys, QSet<QString>{u"3"_s});
    QCOMPARE(st.changedRanges.size(), 1);
    QCOMPARE(st.changedRanges[0].first.column(), int(ConflictTableModel::Resolution));
    QCOMPARE(three.data().toString(), u"applied after rebase"_s);
    QCOMPARE(three.data(SeverityRole).toInt(), int(Severity::Ok));
    QVERIFY(model.record(4));
    QVERIFY(!model.record(1));
    QCOMPARE(model.record(3)->correlationId, u"corr-3"_s);
}

void TestConflictTableModel::proxySortsNewestFirstAndFilters()
{
    ConflictTableModel model;
    TableFilterProxy proxy(ConflictTableModel::Region);
    proxy.setSourceModel(&model);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    proxy.sort(ConflictTableModel::Time, Qt::DescendingOrder);
    model.applySnapshot(conflicts({handConflict(1, kUse1), handConflict(12, kApse1), handConflict(5, kApse1)}));
    auto ids = [&]() {
        QStringList out;
        for (int r = 0; r < proxy.rowCount(); ++r)
            out << proxy.index(r, 0).data(KeyRole).toString();
        return out;
    };
    QCOMPARE(ids(), (QStringList{u"12"_s, u"5"_s, u"1"_s}));
    proxy.setRegion(kApse1);
    QCOMPARE(ids(), (QStringList{u"12"_s, u"5"_s}));
    proxy.setText(u"CORR-5"_s); // tooltips are not searched; the key column is not shown either
    QCOMPARE(proxy.rowCount(), 0);
    proxy.setText(u"sg-0"_s);
    QCOMPARE(ids(), (QStringList{u"12"_s}));
    proxy.setText({});
    proxy.setRegion({});
    proxy.setColumnValue(ConflictTableModel::Group, u"sg-1"_s);
    QCOMPARE(ids(), (QStringList{u"1"_s}));
    // A new, newer row lands at the top of the sorted view.
    model.applySnapshot(conflicts({handConflict(13, kUse1), handConflict(1, kUse1), handConflict(12, kApse1), handConflict(5, kApse1)}));
    QCOMPARE(ids(), (QStringList{u"13"_s, u"1"_s}));
}

void TestConflictTableModel::seedPeakConflicts()
{
    SeedPeakRig run(1);
    ConflictTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    int changedRows = 0;
    for (qint64 t = 0; t <= 60000; t += 200) {
        run.advanceTo(t);
        const EngineSnapshot s = run.snapshot();
        const ApplyStats st = applyAndCheck(model, [&]() { model.applySnapshot(s); }, keysOf(s));
        if (QTest::currentTestFailed())
            return;
        changedRows += int(st.changedKeys.size());
    }
    QVERIFY2(model.rowCount() > 0, "the seed peak produced no 409");
    qInfo("seed-peak: %d conflicts, %d row updates", model.rowCount(), changedRows);
    QVERIFY(changedRows > 0); // resolutions arrive after the row appeared
    const ConflictRecord &r = model.rowAt(0);
    QVERIFY(!r.correlationId.isEmpty());
    QVERIFY(!r.requestBody.isEmpty());
    QVERIFY(!r.responseBody.isEmpty());
    QCOMPARE(model.index(0, ConflictTableModel::ExpectedVersion).data(SortRole).toLongLong(), r.expectedVersion);
}

QTEST_MAIN(TestConflictTableModel)
#include "tst_conflicttablemodel.moc"
