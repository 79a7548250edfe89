// The Campaigns tab offscreen over the real engine and simulator core in virtual time: auto-pacing is off for
// every campaign until someone ticks it, and Apply now makes exactly one write.
#include "CampaignRig.h"
#include "CampaignTableModel.h"
#include "CampaignsTab.h"

#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

using namespace icp;
using namespace Qt::StringLiterals;

namespace {
const QString kApse1 = u"ap-southeast-1"_s;
const QString kCamp = u"apse1-camp-2"_s; // staffed by apse1-sg-3 and apse1-sg-4

Scenario quiet()
{
    QString error;
    auto sc = Scenario::load(u"seed-peak"_s, &error);
    if (!sc)
        qFatal("%s", qPrintable(error));
    sc->timeline.clear();
    return *sc;
}
} // namespace

class TestCampaignsTab : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void autoIsOffAndApplyNowWritesOnce();
};

void TestCampaignsTab::autoIsOffAndApplyNowWritesOnce()
{
    CampaignRig rig(quiet(), 19);
    CampaignsTab tab;
    tab.resize(1100, 400);
    tab.show();
    // The window's wiring, without the thread: the tab's requests go to the engine.
    connect(&tab, &CampaignsTab::applyNowRequested, &rig.owner, [&](const QString &id) { rig.engine->applyPacingNow(id); });
    connect(&tab, &CampaignsTab::autoPacingRequested, &rig.owner, [&](const QString &id, bool on) { rig.engine->setAutoPacing(id, on); });
    auto advance = [&](qint64 ms) {
        for (qint64 t = 0; t < ms; t += 100) {
            rig.clock.advanceBy(100);
            tab.applySnapshot(rig.engine->snapshot());
        }
    };

    advance(2000);
    rig.staff(u"apse1-sg-3"_s, 12); // capacity 24 -> 36 lines
    advance(4000);
    CampaignTableModel *model = tab.model();
    QCOMPARE(model->rowCount(), 4);
    for (int r = 0; r < model->rowCount(); ++r) {
        QCOMPARE(model->index(r, CampaignTableModel::Auto).data(Qt::CheckStateRole).toInt(), int(Qt::Unchecked));
        QVERIFY(!model->rowAt(r).autoPacing);
    }
    QVERIFY(!tab.applyNowButton()->isEnabled()); // nothing selected
    QVERIFY(rig.core.campaignWrites(kApse1, kCamp).isEmpty());
    const int row = model->rowOfKey(kCamp);
    QCOMPARE(model->index(row, CampaignTableModel::Recommended).data().toString(), u"36 lines · 3.0/agent"_s);
    QCOMPARE(model->index(row, CampaignTableModel::State).data().toString(), u"differs"_s);

    QVERIFY(tab.selectCampaign(kCamp));
    QVERIFY(tab.applyNowButton()->isEnabled());
    QSignalSpy asked(&tab, &CampaignsTab::applyNowRequested);
    QTest::mouseClick(tab.applyNowButton(), Qt::LeftButton);
    QCOMPARE(asked.size(), 1);
    advance(10000);
    const auto writes = rig.core.campaignWrites(kApse1, kCamp);
    QCOMPARE(writes.size(), 1);
    QCOMPARE(writes.first().method, QByteArray("PATCH"));
    QCOMPARE(rig.held(kApse1, kCamp).outboundLineCount, 36);
    QCOMPARE(model->index(row, CampaignTableModel::Applied).data().toString(), u"36 lines · 3.0/agent"_s);
    QCOMPARE(model->index(row, CampaignTableModel::State).data().toString(), u"in step"_s);
    QVERIFY(model->index(row, CampaignTableModel::LastApplied).data().toString().endsWith(u" ago"_s));
    QVERIFY(!model->rowAt(row).autoPacing); // Apply now is once, not auto
    // No other campaign was written.
    for (const auto &c : rig.scenario.campaigns)
        if (c.id != kCamp)
            QVERIFY(rig.core.campaignWrites(c.region, c.id).isEmpty());

    // Ticking Auto in the view's model turns it on in the engine; the snapshot shows it.
    QVERIFY(model->setData(model->index(row, CampaignTableModel::Auto), Qt::Checked, Qt::CheckStateRole));
    advance(300);
    QVERIFY(model->rowAt(model->rowOfKey(kCamp)).autoPacing);
}

QTEST_MAIN(TestCampaignsTab)
#include "tst_campaignstab.moc"
