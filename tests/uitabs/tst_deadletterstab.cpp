// The Dead letters tab: Retry goes straight to retryRequested with the selected ids, and a real engine retrying
// them empties the table on the next snapshot; Discard asks first.
#include "DeadLetterModel.h"
#include "DeadLetterRig.h"
#include "DeadLettersTab.h"
#include "HandSnapshots.h"

#include <QAbstractButton>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <QTextBrowser>

using namespace icp;
using namespace Qt::StringLiterals;

class TestDeadLettersTab : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void retryARealDeadLetter();
    void discardAsksFirst();
    void discardOnTheRealEngine();

private:
    static QMessageBox *confirmation(QWidget &tab) { return tab.findChild<QMessageBox *>(u"confirmDiscard"_s); }
    static void clickRow(QTableView *view, int row)
    {
        const QRect r = view->visualRect(view->model()->index(row, DeadLetterModel::Agent));
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, r.center());
    }
};

void TestDeadLettersTab::retryARealDeadLetter()
{
    DeadLetterRig run;
    QVERIFY(run.runUntilDead());
    DeadLettersTab tab;
    tab.resize(1280, 700);
    tab.show();
    tab.applySnapshot(run.snapshot());
    QCOMPARE(tab.view()->model()->rowCount(), 1);
    QVERIFY(!tab.retryButton()->isEnabled()); // nothing selected yet
    clickRow(tab.view(), 0);
    const qint64 id = tab.model()->rowAt(0).id;
    QCOMPARE(tab.selectedIds(), QList<qint64>{id});
    QVERIFY(tab.findChild<QTextBrowser *>(u"deadLetterHistory"_s)->toPlainText().contains(u"gave up after 2 attempts"_s));

    QSignalSpy retry(&tab, &DeadLettersTab::retryRequested);
    QSignalSpy discard(&tab, &DeadLettersTab::discardRequested);
    QVERIFY(tab.retryButton()->isEnabled());
    QTest::mouseClick(tab.retryButton(), Qt::LeftButton);
    QCOMPARE(retry.size(), 1);
    QCOMPARE(retry[0][0].value<QList<qint64>>(), QList<qint64>{id});
    QCOMPARE(discard.size(), 0);
    QVERIFY(!confirmation(tab)); // Retry asks nothing

    // What the window does with the signal: the engine requeues it and writes it this time.
    for (qint64 d : retry[0][0].value<QList<qint64>>())
        QCOMPARE(run.rig.engine->retryDeadLetter(d), DeadLetterRetry::Requeued);
    QVERIFY(run.runUntilIdle());
    QVERIFY(run.rig.holds(run.change));
    tab.applySnapshot(run.snapshot());
    QCOMPARE(tab.view()->model()->rowCount(), 0);
    QVERIFY(!tab.retryButton()->isEnabled());
}

void TestDeadLettersTab::discardAsksFirst()
{
    DeadLettersTab tab;
    tab.show();
    EngineSnapshot s;
    s.deadLetters = {handDeadLetter(5, u"us-east-1"_s), handDeadLetter(3, u"us-east-1"_s), handDeadLetter(1, u"ap-southeast-1"_s)};
    tab.applySnapshot(s);
    tab.view()->selectAll();
    QSignalSpy discard(&tab, &DeadLettersTab::discardRequested);

    QTest::mouseClick(tab.discardButton(), Qt::LeftButton);
    QMessageBox *box = confirmation(tab);
    QVERIFY(box);
    QTRY_VERIFY(box->isVisible());
    QVERIFY(box->text().contains(u"3 dead letter"_s));
    QCOMPARE(discard.size(), 0); // nothing yet
    box->button(QMessageBox::Cancel)->click();
    QCOMPARE(discard.size(), 0);
    QTRY_VERIFY(!confirmation(tab)); // closed and deleted

    tab.setRegionFilter(u"us-east-1"_s);
    tab.view()->selectAll();
    QTest::mouseClick(tab.discardButton(), Qt::LeftButton);
    box = confirmation(tab);
    QVERIFY(box);
    box->button(QMessageBox::Discard)->click();
    QCOMPARE(discard.size(), 1);
    QList<qint64> ids = discard[0][0].value<QList<qint64>>();
    std::sort(ids.begin(), ids.end());
    QCOMPARE(ids, (QList<qint64>{3, 5}));
}

void TestDeadLettersTab::discardOnTheRealEngine()
{
    DeadLetterRig run;
    QVERIFY(run.runUntilDead());
    DeadLettersTab tab;
    tab.show();
    tab.applySnapshot(run.snapshot());
    QObject::connect(&tab, &DeadLettersTab::discardRequested, &tab, [&](const QList<qint64> &ids) {
        for (qint64 id : ids)
            QVERIFY(run.rig.engine->discardDeadLetter(id));
    });
    clickRow(tab.view(), 0);
    QTest::mouseClick(tab.discardButton(), Qt::LeftButton);
    QMessageBox *box = confirmation(tab);
    QVERIFY(box);
    box->button(QMessageBox::Discard)->click();
    tab.applySnapshot(run.snapshot());
    QCOMPARE(tab.view()->model()->rowCount(), 0);
    QCOMPARE(run.rig.engine->outboxRef().counters().discarded, 1);
    QVERIFY(!run.rig.holds(run.change));
}

QTEST_MAIN(TestDeadLettersTab)
#include "tst_deadletterstab.moc"
