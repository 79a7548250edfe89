// Campaign pacing in the engine, in virtual time against the real simulator core: the recommendation follows the
// fleet view, a registration loss is written at once, PATCHes are coalesced per window, PUT mode rebases on 409.
#include "CampaignPacingController.h"
#include "CampaignRig.h"

#include <QTest>

using namespace icp;

namespace {
const QString kApse1 = QStringLiteral("ap-southeast-1");
const QString kCamp = QStringLiteral("apse1-camp-1"); // staffed by apse1-sg-1 (trunks 01, 02) and apse1-sg-2
const QString kTrunk = QStringLiteral("apse1-byoc-01");

Scenario quiet()
{
    QString error;
    auto sc = Scenario::load(QStringLiteral("seed-peak"), &error);
    if (!sc)
        qFatal("%s", qPrintable(error));
    sc->timeline.clear();
    return *sc;
}

// The simulator holds the lines and the engine has had the answer.
bool holds(CampaignRig &rig, int lines)
{
    return rig.held(kApse1, kCamp).outboundLineCount == lines && rig.row(kCamp).applied.outboundLineCount == lines
        && rig.row(kCamp).writeState == QLatin1String("idle");
}
} // namespace

class TestCampaignPacing : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void recommendsOnlyUntilAutoIsOn();
    void registrationLossLowersPacingWithinOneSecond();
    void patchesAreCoalescedPerWindow();
    void putModeRebasesOn409();
    void applyNowWritesOnce();
};

void TestCampaignPacing::recommendsOnlyUntilAutoIsOn()
{
    CampaignRig rig(quiet(), 3);
    rig.clock.advanceBy(2000); // listings
    rig.staff(QStringLiteral("apse1-sg-1"), 20); // 20 agents x 2 on registered trunks: capacity 40
    rig.clock.advanceBy(3500); // up from nothing staffed: the raise waits its window
    CampaignRow row = rig.row(kCamp);
    QCOMPARE(row.region, kApse1);
    QCOMPARE(row.effectiveCapacity, 40);
    QVERIFY(row.hasRecommendation);
    QCOMPARE(row.recommended.outboundLineCount, 60); // 1.5 x 40
    QCOMPARE(row.recommended.maxCallsPerAgent, 3.0);
    QVERIFY(!row.autoPacing);
    QVERIFY(rig.core.campaignWrites(kApse1, kCamp).isEmpty()); // recommend only
    QCOMPARE(rig.held(kApse1, kCamp).outboundLineCount, 40);

    QVERIFY(rig.engine->setAutoPacing(kCamp, true));
    QVERIFY(rig.clock.runUntil([&]() { return holds(rig, 60); }, rig.clock.nowMs() + 2000));
    QCOMPARE(rig.core.campaignWrites(kApse1, kCamp).size(), 1);
    QCOMPARE(rig.core.campaignWrites(kApse1, kCamp).first().method, QByteArray("PATCH"));
    QCOMPARE(rig.held(kApse1, kCamp).maxCallsPerAgent, 3.0);
    row = rig.row(kCamp);
    QCOMPARE(row.applied.outboundLineCount, 60);
    QVERIFY(row.appliedAtMs > 0);
    // Other campaigns stay untouched.
    QVERIFY(rig.core.campaignWrites(kApse1, QStringLiteral("apse1-camp-2")).isEmpty());
}

void TestCampaignPacing::registrationLossLowersPacingWithinOneSecond()
{
    CampaignRig rig(quiet(), 5);
    rig.clock.advanceBy(2000);
    rig.staff(QStringLiteral("apse1-sg-1"), 20); // 10 on trunk 01, 10 on trunk 02
    rig.clock.advanceBy(3500);
    QVERIFY(rig.engine->setAutoPacing(kCamp, true));
    QVERIFY(rig.clock.runUntil([&]() { return holds(rig, 60); }, rig.clock.nowMs() + 2000));
    const int writesBefore = int(rig.core.campaignWrites(kApse1, kCamp).size());
    // The loss comes right after a write: the coalescing window would hold an ordinary change for ~3 s.
    rig.clock.advanceBy(200);
    const qint64 lostAt = rig.clock.nowMs();
    rig.setRegistered(kApse1, kTrunk, false);
    QVERIFY2(rig.clock.runUntil([&]() { return holds(rig, 30); }, lostAt + 1000),
             qPrintable(QStringLiteral("campaign still holds %1 lines 1 s after the loss")
                            .arg(rig.held(kApse1, kCamp).outboundLineCount)));
    const qint64 loweredAt = rig.core.campaignWrites(kApse1, kCamp).last().atMs;
    qInfo("registration loss lowered the campaign's lines 60 -> 30 %lld ms after the event", loweredAt - lostAt);
    QCOMPARE(int(rig.core.campaignWrites(kApse1, kCamp).size()), writesBefore + 1);
    QCOMPARE(rig.row(kCamp).registeredTrunks, 3);

    // The trunk comes back: the raise waits for the window (3 s) before it is even recommended.
    rig.clock.advanceBy(1000);
    const qint64 backAt = rig.clock.nowMs();
    rig.setRegistered(kApse1, kTrunk, true);
    rig.clock.advanceBy(2500);
    QVERIFY(holds(rig, 30));
    QCOMPARE(rig.row(kCamp).recommended.outboundLineCount, 30);
    QVERIFY(rig.row(kCamp).raiseDueAtMs > 0);
    QVERIFY(rig.clock.runUntil([&]() { return holds(rig, 60); }, backAt + 5000));
    QVERIFY(rig.core.campaignWrites(kApse1, kCamp).last().atMs >= backAt + 3000);
}

void TestCampaignPacing::patchesAreCoalescedPerWindow()
{
    EngineConfig config;
    config.campaignPacing.deadBandShare = 0; // every step of the staircase below moves the recommendation
    CampaignRig rig(quiet(), 7, config);
    rig.clock.advanceBy(2000);
    rig.staff(QStringLiteral("apse1-sg-1"), 60);
    rig.clock.advanceBy(3500);
    QVERIFY(rig.engine->setAutoPacing(kCamp, true));
    // Agents leave two at a time every 300 ms for 7.5 s: 25 decreases, each taken at once by the pacer.
    QSet<int> recommended;
    for (int n = 58; n >= 10; n -= 2) {
        rig.clock.advanceBy(300);
        rig.staff(QStringLiteral("apse1-sg-1"), n);
        rig.clock.advanceBy(150);
        recommended.insert(rig.row(kCamp).recommended.outboundLineCount);
    }
    QVERIFY(rig.clock.runUntil([&]() { return holds(rig, 30); }, rig.clock.nowMs() + 5000)); // 10 x 2 x 1.5
    const QList<sim::CampaignWrite> writes = rig.core.campaignWrites(kApse1, kCamp);
    qInfo("%lld recommendation changes, %lld writes", qlonglong(recommended.size()), qlonglong(writes.size()));
    QVERIFY(recommended.size() >= 20);
    QVERIFY(writes.size() >= 3);
    QVERIFY(writes.size() * 3 <= recommended.size()); // ~11 s of changes in 3 s windows
    for (int i = 0; i < writes.size(); ++i) {
        QCOMPARE(writes[i].method, QByteArray("PATCH"));
        QCOMPARE(writes[i].status, 200);
        // Sends leave at least a window apart; the simulated network legs can shift arrivals by a few ms.
        if (i > 0)
            QVERIFY2(writes[i].atMs - writes[i - 1].atMs >= 3000 - 100,
                     qPrintable(QStringLiteral("writes %1 and %2 only %3 ms apart").arg(i - 1).arg(i).arg(writes[i].atMs - writes[i - 1].atMs)));
    }
    QCOMPARE(rig.row(kCamp).recommended.outboundLineCount, 30);
    QCOMPARE(rig.held(kApse1, kCamp).version, 1 + writes.size()); // PATCH needs no version, still bumps it
}

void TestCampaignPacing::putModeRebasesOn409()
{
    EngineConfig config;
    config.campaignUsePut = true;
    CampaignRig rig(quiet(), 11, config);
    rig.clock.advanceBy(2000);
    rig.staff(QStringLiteral("apse1-sg-1"), 20);
    rig.clock.advanceBy(3500);
    QVERIFY(rig.engine->setAutoPacing(kCamp, true));
    QVERIFY(rig.clock.runUntil([&]() { return holds(rig, 60); }, rig.clock.nowMs() + 2000));
    QCOMPARE(rig.held(kApse1, kCamp).version, 2);
    QCOMPARE(rig.core.campaignWrites(kApse1, kCamp).first().method, QByteArray("PUT"));

    // Capacity falls; the write waits for its window. Someone else edits the campaign while our PUT is on the wire.
    rig.staff(QStringLiteral("apse1-sg-1"), 10);
    QVERIFY(rig.clock.runUntil([&]() { return rig.row(kCamp).writeState == QLatin1String("in flight"); }, rig.clock.nowMs() + 5000));
    rig.core.foreignCampaignEdit(kApse1, kCamp, 4.5);
    QCOMPARE(rig.held(kApse1, kCamp).version, 3);
    QVERIFY(rig.clock.runUntil([&]() { return holds(rig, 30); }, rig.clock.nowMs() + 3000));

    const QList<sim::CampaignWrite> writes = rig.core.campaignWrites(kApse1, kCamp);
    QCOMPARE(writes.size(), 3);
    QCOMPARE(writes[1].status, 409);
    QCOMPARE(writes[2].status, 200);
    QCOMPARE(rig.core.counters(kApse1)->campaignConflicts409, 1);
    // Rebased, not overwritten: the other writer's field survives, the version moved on from theirs.
    QCOMPARE(rig.held(kApse1, kCamp).abandonRate, 4.5);
    QCOMPARE(rig.held(kApse1, kCamp).version, 4);
    QList<ConflictRecord> campaignConflicts;
    for (const auto &r : rig.engine->snapshot().recentConflicts)
        if (!r.campaignId.isEmpty())
            campaignConflicts << r;
    QCOMPARE(campaignConflicts.size(), 1);
    const ConflictRecord &c = campaignConflicts.first();
    QCOMPARE(c.campaignId, kCamp);
    QCOMPARE(c.region, kApse1);
    QCOMPARE(c.expectedVersion, 2);
    QVERIFY2(c.resolution.startsWith(QLatin1String("applied")), qPrintable(c.resolution));
    QVERIFY(c.responseBody.contains("version number"));
    QVERIFY(c.requestBody.contains("\"version\":2"));
    QVERIFY(!c.requestBody.contains("skillGroupIds")); // the console's mapping never leaves
    QCOMPARE(rig.row(kCamp).conflicts409, 1);
    QVERIFY(rig.row(kCamp).lastError.isEmpty());
}

void TestCampaignPacing::applyNowWritesOnce()
{
    CampaignRig rig(quiet(), 13);
    rig.clock.advanceBy(2000);
    QString why;
    QVERIFY(!rig.engine->applyPacingNow(QStringLiteral("no-such-campaign"), &why));
    QVERIFY(why.contains(QLatin1String("no-such-campaign")));
    rig.staff(QStringLiteral("apse1-sg-2"), 8); // capacity 16 -> 24 lines
    rig.clock.advanceBy(3500);
    QVERIFY(rig.engine->applyPacingNow(kCamp, &why));
    QVERIFY(rig.clock.runUntil([&]() { return holds(rig, 24); }, rig.clock.nowMs() + 1000));
    rig.clock.advanceBy(10000);
    QCOMPARE(rig.core.campaignWrites(kApse1, kCamp).size(), 1);
    QVERIFY(!rig.row(kCamp).autoPacing);
    // Auto stays off: a later change is recommended, not written.
    rig.staff(QStringLiteral("apse1-sg-2"), 2);
    rig.clock.advanceBy(5000);
    QCOMPARE(rig.row(kCamp).recommended.outboundLineCount, 6);
    QCOMPARE(rig.core.campaignWrites(kApse1, kCamp).size(), 1);
}

QTEST_GUILESS_MAIN(TestCampaignPacing)
#include "tst_campaignpacing.moc"
