// The Trunks and Sync queue tabs' behaviour, and what every tab owes its users: object names, accessible names
// and tooltips on every control.
#include "ConflictsTab.h"
#include "DeadLettersTab.h"
#include "HandSnapshots.h"
#include "SyncQueueModel.h"
#include "SyncQueueTab.h"
#include "TrunkTableModel.h"
#include "TrunksTab.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QTabBar>
#include <QTableView>
#include <QTest>

using namespace icp;
using namespace Qt::StringLiterals;

namespace {
const QString kApse1 = QStringLiteral("ap-southeast-1");
const QString kUse1 = QStringLiteral("us-east-1");

RegionStatus region(const QString &name, const QString &breaker, qint64 applied, int pending)
{
    RegionStatus r;
    r.region = name;
    r.breakerState = breaker;
    r.applied = applied;
    r.pending = pending;
    r.retryBudgetTokens = 7;
    r.state = breaker == QLatin1String("open") ? RegionSyncState::CircuitOpen : RegionSyncState::Running;
    return r;
}
// Qt's own sub-widgets (a line edit's clear button, a table's headers, a combo box's list, a tab bar's arrows).
bool isPartOfAnotherControl(QWidget *w, QWidget *tab)
{
    for (QWidget *p = w->parentWidget(); p && p != tab; p = p->parentWidget()) {
        if (qobject_cast<QLineEdit *>(p) || qobject_cast<QComboBox *>(p) || qobject_cast<QAbstractItemView *>(p)
            || qobject_cast<QTabBar *>(p) || p->inherits("QComboBoxPrivateContainer"))
            return true;
    }
    return false;
}
} // namespace

class TestTabBehaviour : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void trunkRegistrationChangeFlashes();
    void trunkFilterIsDebounced();
    void queueCountdownRunsBetweenSnapshots();
    void queueShowsRegionProgressBudgetAndBreaker();
    void everyControlIsNamedAndExplained();
};

void TestTabBehaviour::trunkRegistrationChangeFlashes()
{
    TrunksTab tab;
    tab.show();
    EngineSnapshot s;
    s.atMs = 10000;
    s.trunks = {handTrunk(u"t1"_s, kApse1, {true, true}), handTrunk(u"t2"_s, kApse1, {true, true})};
    tab.applySnapshot(s);
    auto flashing = [&](const QString &id) {
        return tab.model()->index(tab.model()->rowOfKey(id), 0).data(FlashRole).toBool();
    };
    QVERIFY(!flashing(u"t1"_s));
    tab.view()->selectRow(0);
    s.atMs = 10100;
    s.trunks[1] = handTrunk(u"t2"_s, kApse1, {true, false});
    tab.applySnapshot(s);
    QVERIFY(flashing(u"t2"_s));
    QVERIFY(!flashing(u"t1"_s));
    QCOMPARE(tab.view()->selectionModel()->selectedRows().size(), 1); // the update kept the selection
    QTRY_VERIFY(!flashing(u"t2"_s)); // the flash ends by itself
}

void TestTabBehaviour::trunkFilterIsDebounced()
{
    TrunksTab tab;
    tab.show();
    EngineSnapshot s;
    s.atMs = 10000;
    s.trunks = {handTrunk(u"alpha"_s, kApse1, {true}), handTrunk(u"beta"_s, kUse1, {true}), handTrunk(u"gamma"_s, kUse1, {false})};
    tab.applySnapshot(s);
    auto *filter = tab.findChild<QLineEdit *>(u"trunkFilter"_s);
    QTest::keyClicks(filter, u"FAILED"_s);
    QCOMPARE(tab.view()->model()->rowCount(), 3); // not on every key stroke
    QTRY_COMPARE(tab.view()->model()->rowCount(), 1);
    QCOMPARE(tab.view()->model()->index(0, TrunkTableModel::Name).data().toString(), u"Trunk gamma"_s);
    filter->clear();
    QTRY_COMPARE(tab.view()->model()->rowCount(), 3);
    tab.setRegionFilter(kUse1);
    QCOMPARE(tab.view()->model()->rowCount(), 2);
    QVERIFY(tab.findChild<QLabel *>(u"trunkSummary"_s)->text().contains(u"1 not"_s));
}

void TestTabBehaviour::queueCountdownRunsBetweenSnapshots()
{
    SyncQueueTab tab;
    tab.show();
    EngineSnapshot s;
    s.atMs = QDateTime::currentMSecsSinceEpoch();
    s.batches = {handBatch(kApse1, u"g1"_s, WriterState::BackingOff, 2, s.atMs + 60000, u"409 version conflict"_s)};
    tab.applySnapshot(s);
    const QModelIndex cell = tab.view()->model()->index(0, SyncQueueModel::NextAttempt);
    QCOMPARE(cell.data().toString(), u"in 1 min 00 s"_s);
    // No new snapshot: the tab's own tick moves the countdown.
    QTRY_VERIFY(cell.data().toString() != u"in 1 min 00 s"_s);
    QVERIFY(cell.data().toString().startsWith(u"in 59"_s));
}

void TestTabBehaviour::queueShowsRegionProgressBudgetAndBreaker()
{
    SyncQueueTab tab;
    tab.show();
    EngineSnapshot s;
    s.atMs = 5000;
    s.regions = {region(kApse1, u"closed"_s, 300, 100), region(kUse1, u"open"_s, 0, 40)};
    tab.applySnapshot(s);
    auto *apse1 = tab.findChild<QProgressBar *>(u"progress-ap-southeast-1"_s);
    QVERIFY(apse1);
    QCOMPARE(apse1->value(), 750); // per mille of applied + pending
    QVERIFY(apse1->text().contains(u"300 applied"_s));
    QVERIFY(apse1->text().contains(u"100 pending"_s));
    QCOMPARE(tab.findChild<QLabel *>(u"budget-us-east-1"_s)->text(), u"retry budget: 7"_s);
    QVERIFY(tab.findChild<QLabel *>(u"breaker-us-east-1"_s)->text().contains(u"OPEN"_s));
    QVERIFY(tab.findChild<QLabel *>(u"breaker-ap-southeast-1"_s)->text().contains(u"closed"_s));
    QVERIFY(tab.findChild<QLabel *>(u"queueEmpty"_s)->isVisible());
    tab.setRegionFilter(kApse1);
    QVERIFY(!tab.findChild<QProgressBar *>(u"progress-us-east-1"_s)->isVisible());
    QVERIFY(apse1->isVisible());
}

void TestTabBehaviour::everyControlIsNamedAndExplained()
{
    TrunksTab trunks;
    SyncQueueTab queue;
    ConflictsTab conflicts;
    DeadLettersTab dead;
    EngineSnapshot s;
    s.atMs = 5000;
    s.regions = {region(kApse1, u"closed"_s, 1, 1)};
    queue.applySnapshot(s);
    const QList<std::pair<QWidget *, QString>> tabs{
        {&trunks, u"trunks"_s}, {&queue, u"queue"_s}, {&conflicts, u"conflicts"_s}, {&dead, u"deadletters"_s}};
    for (const auto &[tab, name] : tabs) {
        QCOMPARE(tab->objectName(), name);
        QVERIFY(!tab->accessibleName().isEmpty());
        for (QWidget *w : tab->findChildren<QWidget *>()) {
            const bool control = qobject_cast<QAbstractButton *>(w) || qobject_cast<QLineEdit *>(w)
                || qobject_cast<QComboBox *>(w) || qobject_cast<QAbstractItemView *>(w) || qobject_cast<QProgressBar *>(w);
            if (!control || isPartOfAnotherControl(w, tab))
                continue;
            const QString what = name + u": "_s + QString::fromLatin1(w->metaObject()->className()) + u' ' + w->objectName();
            QVERIFY2(!w->accessibleName().isEmpty(), qPrintable(what + u" has no accessible name"_s));
            QVERIFY2(!w->toolTip().isEmpty(), qPrintable(what + u" has no tooltip"_s));
        }
    }
}

QTEST_MAIN(TestTabBehaviour)
#include "tst_tabbehaviour.moc"
