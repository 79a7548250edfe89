// DeadLetterModel under QAbstractItemModelTester: hand sequences, and a real dead letter leaving after a retry.
#include "DeadLetterModel.h"
#include "DeadLetterRig.h"
#include "HandSnapshots.h"
#include "ModelCheck.h"

#include <QAbstractItemModelTester>
#include <QTest>

using namespace icp;
using namespace Qt::StringLiterals;

namespace {
const QString kApse1 = QStringLiteral("ap-southeast-1");
const QString kUse1 = QStringLiteral("us-east-1");

EngineSnapshot deadLetters(QList<DeadLetter> rows)
{
    EngineSnapshot s;
    s.deadLetters = std::move(rows);
    return s;
}
QStringList keysOf(const EngineSnapshot &s)
{
    QStringList k;
    for (const DeadLetter &d : s.deadLetters)
        k << QString::number(d.id);
    return k;
}
} // namespace

class TestDeadLetterModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void addChangeRemoveReorder();
    void realDeadLetterLeavesAfterRetry();
};

void TestDeadLetterModel::addChangeRemoveReorder()
{
    DeadLetterModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const EngineSnapshot s1 = deadLetters({handDeadLetter(9, kApse1), handDeadLetter(4, kUse1), handDeadLetter(2, kUse1)});
    applyAndCheck(model, [&]() { model.applySnapshot(s1); }, keysOf(s1));
    QVERIFY(!QTest::currentTestFailed());
    const int row4 = model.rowOfKey(u"4"_s);
    QCOMPARE(model.index(row4, DeadLetterModel::Change).data().toString(), u"AVAILABLE, capacity 2"_s);
    QCOMPARE(model.index(row4, DeadLetterModel::Agent).data().toString(), u"agent-4"_s);
    QCOMPARE(model.index(row4, DeadLetterModel::Attempts).data(SortRole).toInt(), 3);
    QVERIFY(!model.index(row4, DeadLetterModel::DeadAt).data(Qt::DecorationRole).isNull());
    QPersistentModelIndex two(model.index(model.rowOfKey(u"2"_s), DeadLetterModel::Reason));

    // 4 retried (gone), 2's reason updated, 11 new, reordered.
    const EngineSnapshot s2 = deadLetters({handDeadLetter(11, kApse1), handDeadLetter(2, kUse1, u"rejected: unknown agent\nsecond line"_s),
                                           handDeadLetter(9, kApse1)});
    const ApplyStats st = applyAndCheck(model, [&]() { model.applySnapshot(s2); }, keysOf(s2));
    QVERIFY(!QTest::currentTestFailed());
    QCOMPARE(st.removedRows, 1);
    QCOMPARE(st.insertedRows, 1);
    QCOMPARE(st.changedKeys, QSet<QString>{u"2"_s});
    QCOMPARE(two.data().toString(), u"rejected: unknown agent"_s); // one line; the tooltip has all
    QVERIFY(two.data(Qt::ToolTipRole).toString().contains(u"second line"_s));
    QVERIFY(model.deadLetter(11));
    QVERIFY(!model.deadLetter(4));
}

void TestDeadLetterModel::realDeadLetterLeavesAfterRetry()
{
    DeadLetterRig run;
    QVERIFY(run.runUntilDead());
    DeadLetterModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const EngineSnapshot dead = run.snapshot();
    applyAndCheck(model, [&]() { model.applySnapshot(dead); }, keysOf(dead));
    QVERIFY(!QTest::currentTestFailed());
    QCOMPARE(model.rowCount(), 1);
    const DeadLetter &d = model.rowAt(0);
    QCOMPARE(d.change.agentId, run.change.change.agentId);
    QCOMPARE(model.index(0, DeadLetterModel::Region).data().toString(), kUse1);
    QVERIFY(!d.historyJson.isEmpty());

    QCOMPARE(run.rig.engine->retryDeadLetter(d.id), DeadLetterRetry::Requeued);
    QVERIFY(run.runUntilIdle());
    QVERIFY(run.rig.holds(run.change));
    const EngineSnapshot after = run.snapshot();
    const ApplyStats st = applyAndCheck(model, [&]() { model.applySnapshot(after); }, keysOf(after));
    QVERIFY(!QTest::currentTestFailed());
    QCOMPARE(st.removedRows, 1);
    QCOMPARE(model.rowCount(), 0);
}

QTEST_MAIN(TestDeadLetterModel)
#include "tst_deadlettermodel.moc"
