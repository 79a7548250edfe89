// The benchmarks' smoke runs (each subcommand runs and prints its table with the right columns; no figure is
// asserted: speed belongs to bench/, not to CTest) and the scenarios the benchmarks are built on.
#include "ScaleBench.h"
#include "Scenario.h"
#include "Spread.h"

#include <QProcess>
#include <QTest>

#include <cmath>
#include <limits>

using namespace icp;
using namespace icp::bench;
using namespace Qt::StringLiterals;

class TestBench : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void spread();
    void stressScenario();
    void scaleScenarioSizes();
    void syncSmoke();
    void scaleSmoke();
    void uiSmoke();

private:
    static QString run(const QStringList &args, int timeoutMs);
};

QString TestBench::run(const QStringList &args, int timeoutMs)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::SeparateChannels);
    p.start(QStringLiteral(ICP_BENCH_EXE), args);
    if (!p.waitForStarted(10000))
        return QStringLiteral("cannot start icp-bench: ") + p.errorString();
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished(5000);
        return QStringLiteral("icp-bench did not finish");
    }
    const QString out = QString::fromUtf8(p.readAllStandardOutput());
    if (p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0)
        return QStringLiteral("icp-bench exit %1: %2").arg(p.exitCode()).arg(QString::fromUtf8(p.readAllStandardError()));
    return out;
}

void TestBench::spread()
{
    const Spread s = Spread::of({3, 1, 2, 10});
    QCOMPARE(s.median, 2.5);
    QCOMPARE(s.min, 1.0);
    QCOMPARE(s.max, 10.0);
    QCOMPARE(s.cell(1), u"2.5 (1.0–10.0)"_s);
    QCOMPARE(Spread::of({4, 4}).cell(), u"4"_s);
    // A run that did not converge stays visible in the median instead of vanishing.
    const double inf = std::numeric_limits<double>::infinity();
    QCOMPARE(Spread::of({1, inf, inf}).cell(), u"n/c (1–n/c)"_s);
    QCOMPARE(Spread::of({}).cell(), u"–"_s);
}

void TestBench::stressScenario()
{
    QString error;
    const auto sc = Scenario::load(u"stress"_s, &error);
    QVERIFY2(sc, qPrintable(error));
    QCOMPARE(sc->regions.size(), 3);
    QCOMPARE(sc->agents.size(), 3000);
    int surged = 0;
    for (const TimelineSpec &t : sc->timeline)
        if (t.kind == TimelineSpec::Kind::Surge) {
            QCOMPARE(t.overMs, 5000);
            surged += t.agents * int(t.regions.isEmpty() ? sc->regions.size() : t.regions.size());
        }
    QCOMPARE(surged, 1500);
    bool slowAsync = false;
    for (const RegionSpec &r : sc->regions) {
        QCOMPARE(r.rateLimitPerMinute, 300);
        slowAsync = slowAsync || (r.reconciler.mode == ReconcilerSpec::Mode::Async && r.reconciler.serviceMs.min > 15);
    }
    QVERIFY(slowAsync); // slower than seed-peak's 15-40 ms
    QVERIFY(!sc->foreignWriters.isEmpty());
}

void TestBench::scaleScenarioSizes()
{
    QString error;
    const auto sc = scaleScenario(ScalePoint{5000, 60, 5, 2500}, &error);
    QVERIFY2(sc, qPrintable(error));
    QCOMPARE(sc->agents.size(), 5000);
    QCOMPARE(sc->trunks.size(), 60);
    QCOMPARE(sc->skillGroups.size(), 30);
    QCOMPARE(sc->regions.size(), 5);
    for (const SkillGroupSpec &g : sc->skillGroups)
        for (const QString &t : g.trunkIds)
            QCOMPARE(sc->trunk(t)->region, g.region);
}

void TestBench::syncSmoke()
{
    const QString out = run({u"sync"_s, u"--scenario"_s, QStringLiteral(ICP_SOURCE_DIR "/tests/bench/data/tiny.json"),
                             u"--seeds"_s, u"1"_s, u"--strategies"_s, u"jitter,engine"_s, u"--grace"_s, u"10"_s},
                            120000);
    for (const QString &column : {u"| strategy | region | ingested | applied | lost | dead | requests | writes | 409 | "
                                  "409 % of writes | 409/applied | 429 | p50 s | p99 s | max s | converge s | req/applied |"_s,
                                  u"| engine | ap-southeast-1 |"_s, u"| jitter | **total** |"_s,
                                  u"floor P(409)"_s, u"409/applied < 0.08"_s, u"requests <= 1/3 of jitter's"_s})
        QVERIFY2(out.contains(column), qPrintable(column + u" missing from:\n"_s + out));
}

void TestBench::scaleSmoke()
{
    const QString out = run({u"scale"_s, u"--points"_s, u"200,4,2,100"_s, u"--outbox-changes"_s, u"2000"_s}, 120000);
    for (const QString &column : {u"| agents | trunks | regions | burst/s | WFM feed | changes |"_s, u"engine CPU µs/change"_s,
                                  u"peak RSS MB"_s, u"| 200 | 4 | 2 | 100 |"_s, u"| batch (changes per transaction) | changes/s |"_s,
                                  u"| 1000 |"_s})
        QVERIFY2(out.contains(column), qPrintable(column + u" missing from:\n"_s + out));
}

void TestBench::uiSmoke()
{
#ifndef ICP_WITH_UI
    QSKIP("built without the window");
#endif
    const QString out = run({u"ui"_s, u"--agents"_s, u"200"_s, u"--trunks"_s, u"4"_s, u"--regions"_s, u"2"_s, u"--rate"_s,
                             u"20"_s, u"--seconds"_s, u"3"_s},
                            120000);
    for (const QString &row : {u"| probe lateness p99 |"_s, u"| probe lateness max |"_s, u"time to first paint"_s,
                               u"| peak RSS"_s})
        QVERIFY2(out.contains(row), qPrintable(row + u" missing from:\n"_s + out));
}

QTEST_GUILESS_MAIN(TestBench)
#include "tst_bench.moc"
