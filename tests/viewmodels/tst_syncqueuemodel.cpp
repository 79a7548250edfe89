// SyncQueueModel under QAbstractItemModelTester: hand sequences, the countdown clock, the real seed-peak queue.
#include "HandSnapshots.h"
#include "ModelCheck.h"
#include "SeedPeakRig.h"
#include "SyncQueueModel.h"

#include <QAbstractItemModelTester>
#include <QTest>

using namespace icp;
using namespace Qt::StringLiterals;

namespace {
const QString kApse1 = QStringLiteral("ap-southeast-1");
const QString kUse1 = QStringLiteral("us-east-1");

EngineSnapshot batches(qint64 atMs, QList<BatchStatus> rows)
{
    EngineSnapshot s;
    s.atMs = atMs;
    s.batches = std::move(rows);
    return s;
}
QStringList keysOf(const EngineSnapshot &s)
{
    QStringList k;
    for (const BatchStatus &b : s.batches)
        k << b.region + u'/' + b.skillGroupId;
    return k;
}
} // namespace

class TestSyncQueueModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void addChangeRemoveReorder();
    void countdownTicksOnlyItsColumn();
    void stateWords_data();
    void stateWords();
    void seedPeakQueue();
};

void TestSyncQueueModel::addChangeRemoveReorder()
{
    SyncQueueModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const EngineSnapshot s1 = batches(1000, {handBatch(kApse1, u"g1"_s, WriterState::Gathering),
                                             handBatch(kApse1, u"g2"_s, WriterState::InFlight, 1),
                                             handBatch(kUse1, u"g1"_s, WriterState::Settling)});
    ApplyStats st = applyAndCheck(model, [&]() { model.applySnapshot(s1); }, keysOf(s1));
    QVERIFY(!QTest::currentTestFailed());
    QCOMPARE(st.insertSignals, 1);

    QPersistentModelIndex g2(model.index(model.rowOfKey(kApse1 + u"/g2"_s), SyncQueueModel::State));
    // g2 got a 409 and backs off; use1/g1 finished; apse1/g3 is new; order reversed.
    const EngineSnapshot s2 = batches(1000, {handBatch(kApse1, u"g3"_s, WriterState::Gathering),
                                             handBatch(kApse1, u"g2"_s, WriterState::BackingOff, 2, 1400, u"409 version conflict"_s),
                                             handBatch(kApse1, u"g1"_s, WriterState::Gathering)});
    st = applyAndCheck(model, [&]() { model.applySnapshot(s2); }, keysOf(s2));
    QVERIFY(!QTest::currentTestFailed());
    QCOMPARE(st.removedRows, 1);
    QCOMPARE(st.insertedRows, 1);
    QCOMPARE(st.changedKeys, QSet<QString>{kApse1 + u"/g2"_s});
    QVERIFY(g2.isValid());
    QCOMPARE(g2.data().toString(), u"backing off after 409"_s);
    QCOMPARE(g2.sibling(g2.row(), SyncQueueModel::Attempt).data().toString(), u"2 of 20"_s);
    QCOMPARE(g2.sibling(g2.row(), SyncQueueModel::NextAttempt).data().toString(), u"in 400 ms"_s);
    QCOMPARE(g2.sibling(g2.row(), SyncQueueModel::LastError).data().toString(), u"409 version conflict"_s);
    QCOMPARE(g2.data(SeverityRole).toInt(), int(Severity::Warning));

    st = applyAndCheck(model, [&]() { model.applySnapshot(batches(1000, {})); }, {});
    QVERIFY(!QTest::currentTestFailed());
    QVERIFY(!g2.isValid());
}

void TestSyncQueueModel::countdownTicksOnlyItsColumn()
{
    SyncQueueModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.applySnapshot(batches(10000, {handBatch(kApse1, u"g1"_s, WriterState::BackingOff, 3, 12500),
                                        handBatch(kApse1, u"g2"_s, WriterState::Gathering)}));
    const int row = model.rowOfKey(kApse1 + u"/g1"_s);
    QCOMPARE(model.index(row, SyncQueueModel::NextAttempt).data().toString(), u"in 2.5 s"_s);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.setNow(11750);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed[0][0].value<QModelIndex>().column(), int(SyncQueueModel::NextAttempt));
    QCOMPARE(changed[0][1].value<QModelIndex>().column(), int(SyncQueueModel::NextAttempt));
    QCOMPARE(model.index(row, SyncQueueModel::NextAttempt).data().toString(), u"in 750 ms"_s);
    QCOMPARE(model.index(row, SyncQueueModel::NextAttempt).data(SortRole).toLongLong(), 750);
    model.setNow(13000);
    QCOMPARE(model.index(row, SyncQueueModel::NextAttempt).data().toString(), u"due now"_s);
    QCOMPARE(model.index(1 - row, SyncQueueModel::NextAttempt).data().toString(), u"—"_s);
    model.setNow(13000); // same clock: nothing announced
    QCOMPARE(changed.size(), 2);
}

void TestSyncQueueModel::stateWords_data()
{
    QTest::addColumn<int>("state");
    QTest::addColumn<QString>("error");
    QTest::addColumn<QString>("words");
    QTest::addColumn<int>("severity");
    QTest::addRow("gathering") << int(WriterState::Gathering) << QString() << u"gathering"_s << int(Severity::None);
    QTest::addRow("settling") << int(WriterState::Settling) << QString() << u"waiting to settle"_s << int(Severity::None);
    QTest::addRow("in flight") << int(WriterState::InFlight) << QString() << u"in flight"_s << int(Severity::Ok);
    QTest::addRow("after 409") << int(WriterState::BackingOff) << u"HTTP 409 conflict"_s << u"backing off after 409"_s
                               << int(Severity::Warning);
    QTest::addRow("after 503") << int(WriterState::BackingOff) << u"HTTP 503"_s << u"backing off"_s << int(Severity::Warning);
    QTest::addRow("throttled") << int(WriterState::Throttled) << u"429"_s << u"throttled"_s << int(Severity::Warning);
    QTest::addRow("blocked") << int(WriterState::Blocked) << u"401"_s << u"blocked: needs a person"_s << int(Severity::Error);
}

void TestSyncQueueModel::stateWords()
{
    QFETCH(int, state);
    QFETCH(QString, error);
    QFETCH(QString, words);
    QFETCH(int, severity);
    const BatchStatus b = handBatch(kUse1, u"g"_s, WriterState(state), 1, 0, error);
    QCOMPARE(SyncQueueModel::stateText(b), words);
    QCOMPARE(int(SyncQueueModel::stateSeverity(b)), severity);
}

void TestSyncQueueModel::seedPeakQueue()
{
    SeedPeakRig run(1);
    SyncQueueModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    int maxRows = 0;
    int withCountdown = 0;
    int inserted = 0;
    int removed = 0;
    for (qint64 t = 0; t <= 40000; t += 100) {
        run.advanceTo(t);
        const EngineSnapshot s = run.snapshot();
        const ApplyStats st = applyAndCheck(model, [&]() { model.applySnapshot(s); }, keysOf(s));
        if (QTest::currentTestFailed())
            return;
        inserted += st.insertedRows;
        removed += st.removedRows;
        maxRows = qMax(maxRows, model.rowCount());
        for (int r = 0; r < model.rowCount(); ++r)
            withCountdown += model.index(r, SyncQueueModel::NextAttempt).data().toString().startsWith(u"in "_s) ? 1 : 0;
    }
    qInfo("seed-peak queue: up to %d rows, %d inserted, %d removed, %d countdown cells", maxRows, inserted, removed, withCountdown);
    QVERIFY(maxRows >= 2);
    QVERIFY(inserted > 0 && removed > 0);
}

QTEST_MAIN(TestSyncQueueModel)
#include "tst_syncqueuemodel.moc"
