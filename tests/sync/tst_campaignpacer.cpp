// The campaign pacing formula and its hysteresis: pure, time passed in.
#include "CampaignPacer.h"

#include <QTest>

using namespace icp;

namespace {
// One evaluation: at atMs the campaign has this capacity; the pacer then recommends `lines` (changed/urgent).
struct PacerStep
{
    qint64 atMs;
    int effective;
    int freeChannels;
    int agents;
    int trunks;
    int lines;
    double calls;
    bool changed;
    bool urgent;
};
} // namespace

Q_DECLARE_METATYPE(CampaignCapacity)
Q_DECLARE_METATYPE(CampaignPacingPolicy)
Q_DECLARE_METATYPE(QList<PacerStep>)

class TestCampaignPacer : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void formula_data();
    void formula();
    void hysteresis_data();
    void hysteresis();
};

void TestCampaignPacer::formula_data()
{
    QTest::addColumn<CampaignCapacity>("capacity");
    QTest::addColumn<CampaignPacingPolicy>("policy");
    QTest::addColumn<int>("lines");
    QTest::addColumn<double>("calls");
    const CampaignPacingPolicy d;
    CampaignPacingPolicy oneToOne;
    oneToOne.linesPerCapacity = 1.0;
    oneToOne.minLines = 5;
    oneToOne.maxLines = 12;
    //                                               effective free agents trunks
    QTest::newRow("ratio x capacity") << CampaignCapacity{20, 100, 10, 2} << d << 30 << 3.0;
    QTest::newRow("bounded by free channels") << CampaignCapacity{20, 25, 10, 2} << d << 25 << 2.5;
    QTest::newRow("nothing registered: floor") << CampaignCapacity{0, 0, 0, 0} << d << 1 << 1.0;
    QTest::newRow("ceiling") << CampaignCapacity{200, 1000, 100, 8} << d << 200 << 2.0;
    QTest::newRow("calls per agent floor") << CampaignCapacity{10, 10, 20, 2} << d << 10 << 1.0;
    QTest::newRow("calls per agent ceiling") << CampaignCapacity{7, 50, 3, 1} << d << 11 << 3.0;
    QTest::newRow("calls rounded to 0.1") << CampaignCapacity{13, 50, 7, 1} << d << 20 << 2.9;
    QTest::newRow("own policy: floor wins") << CampaignCapacity{2, 40, 2, 1} << oneToOne << 5 << 2.5;
    QTest::newRow("own policy: ceiling") << CampaignCapacity{30, 40, 10, 1} << oneToOne << 12 << 1.2;
}

void TestCampaignPacer::formula()
{
    QFETCH(CampaignCapacity, capacity);
    QFETCH(CampaignPacingPolicy, policy);
    QFETCH(int, lines);
    QFETCH(double, calls);
    const PacingSetting s = CampaignPacer::target(capacity, policy);
    QCOMPARE(s.outboundLineCount, lines);
    QCOMPARE(s.maxCallsPerAgent, calls);
}

void TestCampaignPacer::hysteresis_data()
{
    QTest::addColumn<QList<PacerStep>>("steps");
    // Default policy: 1.5 lines per capacity unit, band max(2, 10% of lines), 0.25 calls, raise window 3 s.
    QTest::newRow("small wobbles write nothing") << QList<PacerStep>{
        {0, 20, 100, 10, 2, 30, 3.0, true, false},
        {500, 21, 100, 10, 2, 30, 3.0, false, false},  // 32 lines: inside the band of 3
        {900, 19, 100, 10, 2, 30, 3.0, false, false},  // 29 lines
        {5000, 21, 100, 10, 2, 30, 3.0, false, false},
    };
    QTest::newRow("a real decrease is taken at once") << QList<PacerStep>{
        {0, 20, 100, 10, 2, 30, 3.0, true, false},
        {100, 14, 100, 10, 2, 21, 2.1, true, false},
    };
    QTest::newRow("registration loss: at once, urgent, even inside the band") << QList<PacerStep>{
        {0, 20, 100, 10, 2, 30, 3.0, true, false},
        {100, 19, 50, 10, 1, 29, 2.9, true, true},
        {200, 18, 50, 10, 1, 29, 2.9, false, false}, // no further loss: back to the band
    };
    QTest::newRow("an increase waits for the window") << QList<PacerStep>{
        {0, 14, 100, 10, 2, 21, 2.1, true, false},
        {1000, 20, 100, 10, 2, 21, 2.1, false, false},
        {3999, 20, 100, 10, 2, 21, 2.1, false, false},
        {4000, 20, 100, 10, 2, 30, 3.0, true, false},
    };
    QTest::newRow("an increase that does not hold is dropped") << QList<PacerStep>{
        {0, 14, 100, 10, 2, 21, 2.1, true, false},
        {1000, 20, 100, 10, 2, 21, 2.1, false, false},
        {2000, 14, 100, 10, 2, 21, 2.1, false, false},
        {4500, 20, 100, 10, 2, 21, 2.1, false, false}, // a new window starts here
        {7000, 20, 100, 10, 2, 21, 2.1, false, false},
        {7500, 20, 100, 10, 2, 30, 3.0, true, false},
    };
    QTest::newRow("a raise goes to the lowest target of its window") << QList<PacerStep>{
        {0, 14, 100, 10, 2, 21, 2.1, true, false},
        {1000, 24, 100, 12, 2, 21, 2.1, false, false}, // 36 lines
        {2500, 20, 100, 10, 2, 21, 2.1, false, false}, // 30 lines
        {4000, 24, 100, 12, 2, 30, 3.0, true, false},
    };
    QTest::newRow("a trunk that returns raises after the window") << QList<PacerStep>{
        {0, 20, 100, 10, 2, 30, 3.0, true, false},
        {100, 10, 50, 5, 1, 15, 3.0, true, true},
        {200, 20, 100, 10, 2, 15, 3.0, false, false},
        {3100, 20, 100, 10, 2, 15, 3.0, false, false},
        {3200, 20, 100, 10, 2, 30, 3.0, true, false},
    };
}

void TestCampaignPacer::hysteresis()
{
    QFETCH(QList<PacerStep>, steps);
    CampaignPacer pacer(CampaignPacingPolicy{}, 3000);
    for (int i = 0; i < steps.size(); ++i) {
        const PacerStep &s = steps[i];
        const auto step = pacer.evaluate(CampaignCapacity{s.effective, s.freeChannels, s.agents, s.trunks}, s.atMs);
        const QString where = QStringLiteral("step %1 at %2 ms: ").arg(i).arg(s.atMs);
        QVERIFY2(step.recommended.outboundLineCount == s.lines,
                 qPrintable(where + QStringLiteral("lines %1").arg(step.recommended.outboundLineCount)));
        QVERIFY2(qAbs(step.recommended.maxCallsPerAgent - s.calls) < 1e-9,
                 qPrintable(where + QStringLiteral("calls %1").arg(step.recommended.maxCallsPerAgent)));
        QVERIFY2(step.changed == s.changed, qPrintable(where + QStringLiteral("changed")));
        QVERIFY2(step.urgent == s.urgent, qPrintable(where + QStringLiteral("urgent")));
    }
}

QTEST_APPLESS_MAIN(TestCampaignPacer)
#include "tst_campaignpacer.moc"
