// The simulator must reproduce the field's three observations with the field client (`seed` strategy), in
// virtual time through the in-process transport:
//   1. 409s in ap-southeast-1 and none in us-east-1 under the same load;
//   2. few 409s for a 20-agent surge (median < 6% of writes over 20 seeds), many for a 250-agent surge (> 20%);
//   3. the 500 ms gap lowers the 409 share compared with no gap, but not to zero.
#include "InProcessTransport.h"
#include "IcpClient.h"
#include "ScenarioFeed.h"
#include "SeedStrategy.h"
#include "SimCore.h"

#include <QTest>

#include <algorithm>

using namespace icp;
using namespace icp::sim;

namespace {

const QString kApse1 = QStringLiteral("ap-southeast-1");
const QString kUse1 = QStringLiteral("us-east-1");

struct Share
{
    qint64 writes = 0;
    qint64 conflicts = 0;
    double ratio() const { return writes ? double(conflicts) / double(writes) : 0.0; }
};

QHash<QString, Share> runSeedClient(const Scenario &sc, quint64 seed, int gapMs)
{
    VirtualClock clock(sc.startTimeMs);
    SimCore core(sc, seed, clock);
    InProcessTransport transport(core);
    QObject owner;
    QHash<QString, IcpClient *> clients;
    for (const auto &r : sc.regions) {
        const QUrl base = InProcessTransport::baseUrl(r.id);
        clients.insert(r.id, new IcpClient(Region{r.id, r.displayName, base, base, base},
                                           RegionCredentials{r.clients[0].clientId, r.clients[0].clientSecret},
                                           transport, clock, &owner));
    }
    SeedStrategy seedClient(clients, clock, seed, SeedStrategyOptions{gapMs, 500, 3});
    ScenarioFeed feed(sc, seed, clock);
    core.start();
    feed.start([&](const TimelineEvent &ev) { seedClient.ingest(ev.region, ev.skillGroupId, ev.change); });
    clock.advanceTo(sc.startTimeMs + sc.durationMs);
    QHash<QString, Share> out;
    for (const auto &r : sc.regions) {
        const SimCounters *c = core.counters(r.id);
        out.insert(r.id, Share{c->writes, c->conflicts409});
    }
    return out;
}

Scenario seedPeak()
{
    QString error;
    auto sc = Scenario::load(QStringLiteral("seed-peak"), &error);
    if (!sc)
        qFatal("%s", qPrintable(error));
    return *sc;
}

// A peak of `agents` agents: that many log in within the surge, and the after-login churn that follows scales
// with it (seed-peak: 250 agents, then 20 changes/s per region). The steady churn around the peak stays.
Scenario withPeak(int agents)
{
    Scenario sc = seedPeak();
    int surgeIndex = -1;
    for (int i = 0; i < sc.timeline.size(); ++i)
        if (sc.timeline[i].kind == TimelineSpec::Kind::Surge) {
            surgeIndex = i;
            sc.timeline[i].agents = agents;
        }
    // The churn entry right after the surge is the peak's.
    const double scale = agents / 250.0;
    if (surgeIndex >= 0 && surgeIndex + 1 < sc.timeline.size())
        sc.timeline[surgeIndex + 1].ratePerS *= scale;
    return sc;
}

double median(QList<double> v)
{
    std::sort(v.begin(), v.end());
    const qsizetype n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
}

QList<double> apse1Shares(const Scenario &sc, int seeds, int gapMs)
{
    QList<double> shares;
    for (int s = 1; s <= seeds; ++s)
        shares << runSeedClient(sc, quint64(s), gapMs).value(kApse1).ratio();
    return shares;
}

} // namespace

class TestSeedObservations : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void onlyApSoutheastConflicts();
    void surgeSizeDecides();
    void gapHelpsButDoesNotCure();
};

void TestSeedObservations::onlyApSoutheastConflicts()
{
    const auto result = runSeedClient(seedPeak(), 1, 500);
    qInfo("seed-peak seed 1: ap-southeast-1 %lld/%lld writes conflicted, us-east-1 %lld/%lld",
          result[kApse1].conflicts, result[kApse1].writes, result[kUse1].conflicts, result[kUse1].writes);
    QVERIFY(result[kApse1].writes > 50);
    QVERIFY(result[kUse1].writes > 50);
    QVERIFY(result[kApse1].conflicts > 0);
    QCOMPARE(result[kUse1].conflicts, 0);
}

void TestSeedObservations::surgeSizeDecides()
{
    const QList<double> small = apse1Shares(withPeak(20), 20, 500);
    const QList<double> large = apse1Shares(withPeak(250), 20, 500);
    const double mSmall = median(small), mLarge = median(large);
    qInfo("409 share of writes, ap-southeast-1, median of 20 seeds: 20-agent surge %.1f%% (min %.1f, max %.1f), "
          "250-agent surge %.1f%% (min %.1f, max %.1f)",
          100 * mSmall, 100 * *std::min_element(small.begin(), small.end()), 100 * *std::max_element(small.begin(), small.end()),
          100 * mLarge, 100 * *std::min_element(large.begin(), large.end()), 100 * *std::max_element(large.begin(), large.end()));
    QVERIFY2(mSmall < 0.06, qPrintable(QStringLiteral("20-agent surge median %1").arg(mSmall)));
    QVERIFY2(mLarge > 0.20, qPrintable(QStringLiteral("250-agent surge median %1").arg(mLarge)));
}

void TestSeedObservations::gapHelpsButDoesNotCure()
{
    const Scenario sc = withPeak(20);
    const double withGap = median(apse1Shares(sc, 20, 500));
    const double noGap = median(apse1Shares(sc, 20, 0));
    qInfo("20-agent surge, ap-southeast-1 median 409 share: 500 ms gap %.1f%%, no gap %.1f%%", 100 * withGap, 100 * noGap);
    QVERIFY(withGap < noGap);
    QVERIFY(withGap > 0.0);
}

QTEST_GUILESS_MAIN(TestSeedObservations)
#include "tst_seed_observations.moc"
