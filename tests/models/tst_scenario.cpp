// Loading the built-in scenario, and the path-named errors of malformed or inconsistent scenarios.

#include "Scenario.h"

#include <QTest>

using namespace icp;
using namespace Qt::StringLiterals;

namespace {

// The smallest valid scenario; the bad cases below differ from it in one place.
constexpr char kMinimal[] = R"({
  "name": "minimal", "duration": "10s",
  "regions": [{"id": "r1"}],
  "trunks": [{"id": "t1", "region": "r1", "proxies": ["p1:5061"]}],
  "skillGroups": [{"id": "g1", "region": "r1", "trunkIds": ["t1"]}],
  "agents": [{"id": "a1", "region": "r1", "trunkId": "t1", "skillGroupId": "g1"}]
})";

// Two regions with a trunk and a group each, and agent a1 unless extra brings its own agents.
QByteArray twoRegions(const char *extra)
{
    return QByteArray(R"({"name": "two", "duration": "60s",
      "regions": [{"id": "r1"}, {"id": "r2"}],
      "trunks": [{"id": "t1", "region": "r1", "proxies": ["p1a", "p1b"]},
                 {"id": "t2", "region": "r2", "proxies": ["p2a"]}],
      "skillGroups": [{"id": "g1", "region": "r1", "trunkIds": ["t1"]},
                      {"id": "g2", "region": "r2", "trunkIds": ["t2"]}])")
        + (QByteArray(extra).contains("\"agents\": [")
                ? QByteArray()
                : QByteArray(
                    R"(, "agents": [{"id": "a1", "region": "r1", "trunkId": "t1", "skillGroupId": "g1"}])"))
        + extra + '}';
}

} // namespace

class TestScenario : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void loadsSeedPeak();
    void seedPeakRegionSettings();
    void seedPeakAgentBlocks();
    void builtInNames();
    void loadReportsUnknownName();
    void loadsFromFilePath();
    void minimalScenarioDefaults();
    void timelineKinds();
    void rejectsBadScenario_data();
    void rejectsBadScenario();
};

void TestScenario::loadsSeedPeak()
{
    QString error;
    const auto s = Scenario::load(u"seed-peak"_s, &error);
    QVERIFY2(s, qPrintable(error));
    QVERIFY(error.isEmpty());

    QCOMPARE(s->name, u"seed-peak"_s);
    QCOMPARE(s->startTimeMs, qint64(1795856400000)); // 2026-11-28T09:00:00Z
    QCOMPARE(s->durationMs, qint64(90000));
    QCOMPARE(s->regionIds(), (QStringList { u"ap-southeast-1"_s, u"us-east-1"_s }));
    QCOMPARE(s->trunks.size(), 15);
    QCOMPARE(s->skillGroups.size(), 8);
    QCOMPARE(s->agents.size(), 600);
    QCOMPARE(s->campaigns.size(), 4);
    QCOMPARE(s->timeline.size(), 6);

    QHash<QString, int> trunks, groups, agents, campaigns;
    for (const auto &t : s->trunks)
        ++trunks[t.region];
    for (const auto &g : s->skillGroups)
        ++groups[g.region];
    for (const auto &a : s->agents)
        ++agents[a.region];
    for (const auto &c : s->campaigns)
        ++campaigns[c.region];
    QCOMPARE(trunks.value(u"ap-southeast-1"_s), 8);
    QCOMPARE(trunks.value(u"us-east-1"_s), 7);
    QCOMPARE(groups.value(u"ap-southeast-1"_s), 4);
    QCOMPARE(groups.value(u"us-east-1"_s), 4);
    QCOMPARE(agents.value(u"ap-southeast-1"_s), 300);
    QCOMPARE(agents.value(u"us-east-1"_s), 300);
    QCOMPARE(campaigns.value(u"ap-southeast-1"_s), 2);
    QCOMPARE(campaigns.value(u"us-east-1"_s), 2);

    const TrunkSpec *lossy = s->trunk(u"apse1-byoc-03"_s);
    QVERIFY(lossy);
    QCOMPARE(lossy->proxies.size(), 2);
    QCOMPARE(lossy->maxConcurrentCalls, 60);
    QVERIFY(!s->trunk(u"nope"_s));
    QCOMPARE(s->skillGroup(u"use1-sg-4"_s)->trunkIds, QStringList { u"use1-byoc-07"_s });
}

void TestScenario::seedPeakRegionSettings()
{
    QString error;
    const auto s = Scenario::load(u"seed-peak"_s, &error);
    QVERIFY2(s, qPrintable(error));

    const RegionSpec *apse1 = s->region(u"ap-southeast-1"_s);
    QVERIFY(apse1);
    QCOMPARE(apse1->displayName, u"Asia Pacific (Singapore)"_s);
    QCOMPARE(apse1->latencyMeanMs, 60);
    QCOMPARE(apse1->latencyJitterMs, 15);
    QCOMPARE(apse1->rateLimitPerMinute, 300);
    QCOMPARE(apse1->tokenLifetimeS, 86400);
    QCOMPARE(apse1->reconciler.mode, ReconcilerSpec::Mode::Async);
    QCOMPARE(apse1->reconciler.baseDelayMs, (RangeMs { 100, 300 }));
    QCOMPARE(apse1->reconciler.serviceMs, (RangeMs { 15, 40 }));
    QCOMPARE(apse1->clients.size(), 1);
    QCOMPARE(apse1->clients[0].clientId, u"icp-console-apse1"_s);
    QVERIFY(apse1->clients[0].scopes.contains(u"admin:icp:write"_s));

    const RegionSpec *use1 = s->region(u"us-east-1"_s);
    QVERIFY(use1);
    QCOMPARE(use1->reconciler.mode, ReconcilerSpec::Mode::Sync);
    QCOMPARE(use1->latencyMeanMs, 17);
}

void TestScenario::seedPeakAgentBlocks()
{
    QString error;
    const auto s = Scenario::load(u"seed-peak"_s, &error);
    QVERIFY2(s, qPrintable(error));

    QCOMPARE(s->agentBlocks.size(), 8);
    int loggedIn = 0;
    for (const auto &a : s->agents) {
        const SkillGroupSpec *g = s->skillGroup(a.skillGroupId);
        QVERIFY2(g, qPrintable(a.id));
        QCOMPARE(a.region, g->region);
        QVERIFY2(g->trunkIds.contains(a.trunkId), qPrintable(a.id));
        QCOMPARE(s->initialCapacity(a.id), 2);
        QCOMPARE(s->agent(a.id), &a);
        loggedIn += s->initiallyLoggedIn(a.id) ? 1 : 0;
    }
    QCOMPARE(loggedIn, 100);

    // Block agents are numbered from 1, four digits, and spread round-robin over the group's trunks.
    const Agent *first = s->agent(u"apse1-g1-a0001"_s);
    QVERIFY(first);
    QCOMPARE(first->trunkId, u"apse1-byoc-01"_s);
    QCOMPARE(first->site, u"Singapore"_s);
    QCOMPARE(s->agent(u"apse1-g1-a0002"_s)->trunkId, u"apse1-byoc-02"_s);
    QVERIFY(s->agent(u"apse1-g1-a0075"_s));
    QVERIFY(!s->agent(u"apse1-g1-a0076"_s));
    QVERIFY(s->initiallyLoggedIn(u"apse1-g1-a0013"_s));
    QVERIFY(!s->initiallyLoggedIn(u"apse1-g1-a0014"_s));
}

void TestScenario::builtInNames()
{
    QVERIFY(Scenario::builtInNames().contains(u"seed-peak"_s));
}

void TestScenario::loadReportsUnknownName()
{
    QString error;
    QVERIFY(!Scenario::load(u"no-such-scenario"_s, &error));
    QVERIFY2(error.startsWith(u"scenario \"no-such-scenario\": cannot open"_s), qPrintable(error));
    QVERIFY2(error.contains(u"seed-peak"_s), qPrintable(error));
    QVERIFY(!Scenario::load(u"no-such-scenario"_s, nullptr)); // no error sink: still no crash
}

void TestScenario::loadsFromFilePath()
{
    QString error;
    const auto s
        = Scenario::load(QStringLiteral(ICP_SOURCE_DIR "/resources/scenarios/seed-peak.json"), &error);
    QVERIFY2(s, qPrintable(error));
    QCOMPARE(s->agents.size(), 600);
}

void TestScenario::minimalScenarioDefaults()
{
    DecodeError error;
    const auto s = decodeDocument<Scenario>(kMinimal, error);
    QVERIFY2(s, qPrintable(error.message()));
    QCOMPARE(s->startTimeMs, qint64(1795856400000));
    QCOMPARE(s->durationMs, qint64(10000));
    QVERIFY(s->description.isEmpty());

    const RegionSpec &r = s->regions.front();
    QCOMPARE(r.displayName, u"r1"_s);
    QCOMPARE(r.latencyMeanMs, 20);
    QCOMPARE(r.latencyJitterMs, 5);
    QCOMPARE(r.rateLimitPerMinute, 300);
    QCOMPARE(r.tokenLifetimeS, 86400);
    QCOMPARE(r.reconciler, ReconcilerSpec {});
    QVERIFY(r.clients.isEmpty());

    QCOMPARE(s->trunks.front().name, u"t1"_s);
    QCOMPARE(s->trunks.front().maxConcurrentCalls, 100);
    QCOMPARE(s->skillGroups.front().name, u"g1"_s);
    QCOMPARE(s->initialCapacity(u"a1"_s), 1);
    QVERIFY(!s->initiallyLoggedIn(u"a1"_s));
    QVERIFY(s->timeline.isEmpty());
    QVERIFY(s->campaigns.isEmpty());
}

void TestScenario::timelineKinds()
{
    DecodeError error;
    const auto s = decodeDocument<Scenario>(twoRegions(R"(, "timeline": [
        {"at": "1.5s", "agent": {"id": "a1", "status": "ON_CALL", "capacity": 3}},
        {"at": 2000, "surge": {"region": "r2", "agents": 5, "over": "750ms", "status": "LOGGED_OUT"}},
        {"at": "0s", "churn": {"regions": ["r1", "r2"], "ratePerS": 0.5, "for": "1m"}},
        {"at": "3s", "churn": {"region": "*", "ratePerS": 2, "for": "5s"}},
        {"at": "4s", "trunkRegistration": {"trunk": "t1", "proxy": 1, "registered": false,
                                           "errorText": "408"}},
        {"at": "5s", "surge": {"agents": 2}}
    ])"),
        error);
    QVERIFY2(s, qPrintable(error.message()));
    QCOMPARE(s->timeline.size(), 6);

    const TimelineSpec &agent = s->timeline[0];
    QCOMPARE(agent.kind, TimelineSpec::Kind::Agent);
    QCOMPARE(agent.atMs, qint64(1500));
    QCOMPARE(agent.agentId, u"a1"_s);
    QCOMPARE(agent.status, AgentStatus::OnCall);
    QCOMPARE(agent.capacity, std::optional<int>(3));

    const TimelineSpec &surge = s->timeline[1];
    QCOMPARE(surge.kind, TimelineSpec::Kind::Surge);
    QCOMPARE(surge.atMs, qint64(2000));
    QCOMPARE(surge.regions, QStringList { u"r2"_s });
    QCOMPARE(surge.agents, 5);
    QCOMPARE(surge.overMs, qint64(750));
    QCOMPARE(surge.status, AgentStatus::LoggedOut);

    const TimelineSpec &churn = s->timeline[2];
    QCOMPARE(churn.kind, TimelineSpec::Kind::Churn);
    QCOMPARE(churn.regions, (QStringList { u"r1"_s, u"r2"_s }));
    QCOMPARE(churn.ratePerS, 0.5);
    QCOMPARE(churn.overMs, qint64(60000));
    QVERIFY(s->timeline[3].regions.isEmpty()); // "*": every region

    const TimelineSpec &reg = s->timeline[4];
    QCOMPARE(reg.kind, TimelineSpec::Kind::TrunkRegistration);
    QCOMPARE(reg.trunkId, u"t1"_s);
    QCOMPARE(reg.proxyIndex, 1);
    QVERIFY(!reg.registered);
    QCOMPARE(reg.errorText, u"408"_s);

    const TimelineSpec &defaults = s->timeline[5];
    QVERIFY(defaults.regions.isEmpty());
    QCOMPARE(defaults.overMs, qint64(0));
    QCOMPARE(defaults.status, AgentStatus::Available);
}

void TestScenario::rejectsBadScenario_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("reason");

    // Cross-references.
    QTest::newRow("trunk in an unknown region")
        << QByteArray(R"({"name": "x", "duration": "10s", "regions": [{"id": "r1"}],
            "trunks": [{"id": "t1", "region": "r9", "proxies": ["p"]}], "skillGroups": []})")
        << u"trunks[0].region"_s << u"unknown region \"r9\""_s;
    QTest::newRow("unknown trunk in a skill group")
        << QByteArray(R"({"name": "x", "duration": "10s", "regions": [{"id": "r1"}],
            "trunks": [{"id": "t1", "region": "r1", "proxies": ["p"]}],
            "skillGroups": [{"id": "g1", "region": "r1", "trunkIds": ["t1"]},
                            {"id": "g2", "region": "r1", "trunkIds": ["t9"]}]})")
        << u"skillGroups[1].trunkIds[0]"_s << u"unknown trunk \"t9\""_s;
    QTest::newRow("skill group uses another region's trunk")
        << QByteArray(R"({"name": "x", "duration": "10s", "regions": [{"id": "r1"}, {"id": "r2"}],
            "trunks": [{"id": "t1", "region": "r1", "proxies": ["p"]},
                       {"id": "t2", "region": "r2", "proxies": ["p"]}],
            "skillGroups": [{"id": "g1", "region": "r1", "trunkIds": ["t1", "t2"]}]})")
        << u"skillGroups[0].trunkIds[1]"_s << u"trunk \"t2\" is in r2, not r1"_s;
    QTest::newRow("skill group in an unknown region")
        << QByteArray(R"({"name": "x", "duration": "10s", "regions": [{"id": "r1"}],
            "trunks": [{"id": "t1", "region": "r1", "proxies": ["p"]}],
            "skillGroups": [{"id": "g1", "region": "eu-west-1", "trunkIds": ["t1"]}]})")
        << u"skillGroups[0].region"_s << u"unknown region \"eu-west-1\""_s;
    QTest::newRow("agent in an unknown skill group")
        << twoRegions(R"(, "agents": [{"id": "a1", "region": "r1", "trunkId": "t1", "skillGroupId": "g7"}])")
        << u"agents[0].skillGroupId"_s << u"unknown skill group \"g7\""_s;
    QTest::newRow("agent on a trunk that does not feed its group")
        << twoRegions(R"(, "agents": [{"id": "a1", "region": "r1", "trunkId": "t2", "skillGroupId": "g1"}])")
        << u"agents[0].trunkId"_s << u"trunk \"t2\" does not feed skill group \"g1\""_s;
    QTest::newRow("agent region differs from its group's")
        << twoRegions(R"(, "agents": [{"id": "a1", "region": "r2", "trunkId": "t1", "skillGroupId": "g1"}])")
        << u"agents[0].region"_s << u"skill group \"g1\" is in r1, not r2"_s;
    QTest::newRow("agent block for an unknown group")
        << twoRegions(R"(, "agentBlocks": [{"skillGroup": "g1", "idPrefix": "b", "count": 2},
                                           {"skillGroup": "g3", "idPrefix": "c", "count": 2}])")
        << u"agentBlocks[1].skillGroup"_s << u"unknown skill group \"g3\""_s;
    QTest::newRow("campaign staffed by an unknown group")
        << twoRegions(
               R"(, "campaigns": [{"id": "c1", "name": "C", "region": "r1", "skillGroupIds": ["g1", "gX"],
                                          "dialingMode": "power", "campaignStatus": "on", "version": 1}])")
        << u"campaigns[0].skillGroupIds[1]"_s << u"unknown skill group \"gX\""_s;
    QTest::newRow("campaign in an unknown region")
        << twoRegions(R"(, "campaigns": [{"id": "c1", "name": "C", "region": "r3",
                                          "dialingMode": "power", "campaignStatus": "on", "version": 1}])")
        << u"campaigns[0].region"_s << u"unknown region \"r3\""_s;
    QTest::newRow("foreign writer on an unknown group")
        << twoRegions(
               R"(, "foreignWriters": [{"region": "r1", "skillGroups": ["gZ"], "writesPerMinute": 2}])")
        << u"foreignWriters[0].skillGroups[0]"_s << u"unknown skill group \"gZ\""_s;
    QTest::newRow("foreign writer in an unknown region")
        << twoRegions(R"(, "foreignWriters": [{"region": "r0", "writesPerMinute": 2}])")
        << u"foreignWriters[0].region"_s << u"unknown region \"r0\""_s;

    // Duplicates.
    QTest::newRow("duplicate region id")
        << QByteArray(R"({"name": "x", "duration": "10s", "regions": [{"id": "r1"}, {"id": "r1"}],
            "trunks": [], "skillGroups": []})")
        << u"regions[1].id"_s << u"duplicate region id \"r1\""_s;
    QTest::newRow("duplicate trunk id")
        << QByteArray(R"({"name": "x", "duration": "10s", "regions": [{"id": "r1"}],
            "trunks": [{"id": "t1", "region": "r1", "proxies": ["p"]},
                       {"id": "t1", "region": "r1", "proxies": ["q"]}],
            "skillGroups": []})")
        << u"trunks[1].id"_s << u"duplicate trunk id \"t1\""_s;
    QTest::newRow("duplicate skill group id")
        << QByteArray(R"({"name": "x", "duration": "10s", "regions": [{"id": "r1"}],
            "trunks": [{"id": "t1", "region": "r1", "proxies": ["p"]}],
            "skillGroups": [{"id": "g1", "region": "r1", "trunkIds": ["t1"]},
                            {"id": "g1", "region": "r1", "trunkIds": ["t1"]}]})")
        << u"skillGroups[1].id"_s << u"duplicate skill group id \"g1\""_s;
    QTest::newRow("duplicate explicit agent id")
        << twoRegions(R"(, "agents": [{"id": "a1", "region": "r1", "trunkId": "t1", "skillGroupId": "g1"},
                                      {"id": "a1", "region": "r2", "trunkId": "t2", "skillGroupId": "g2"}])")
        << u"agents[1].id"_s << u"duplicate agent id \"a1\""_s;
    QTest::newRow("block agent collides with an explicit agent")
        << twoRegions(R"(, "agents": [{"id": "b0002", "region": "r1", "trunkId": "t1", "skillGroupId": "g1"}],
                          "agentBlocks": [{"skillGroup": "g1", "idPrefix": "b", "count": 3}])")
        << u"agents[2].id"_s << u"duplicate agent id \"b0002\""_s;

    // Timeline.
    QTest::newRow("timeline entry with two kinds")
        << twoRegions(R"(, "timeline": [{"at": "1s", "surge": {"agents": 1},
                                         "churn": {"ratePerS": 1, "for": "2s"}}])")
        << u"timeline[0]"_s << u"expected exactly one of agent, surge, churn, trunkRegistration"_s;
    QTest::newRow("timeline entry without a kind")
        << twoRegions(R"(, "timeline": [{"at": "1s"}, {"at": "2s", "sugre": {"agents": 1}}])")
        << u"timeline[0]"_s << u"expected exactly one of"_s;
    QTest::newRow("unknown agent in the timeline")
        << twoRegions(R"(, "timeline": [{"at": "1s", "agent": {"id": "a1", "status": "AVAILABLE"}},
                                        {"at": "2s", "agent": {"id": "ghost", "status": "AVAILABLE"}}])")
        << u"timeline[1].agent.id"_s << u"unknown agent \"ghost\""_s;
    QTest::newRow("agent status unknown")
        << twoRegions(R"(, "timeline": [{"at": "1s", "agent": {"id": "a1", "status": "LUNCH"}}])")
        << u"timeline[0].agent.status"_s << u"unknown value \"LUNCH\""_s;
    QTest::newRow("agent capacity 33") << twoRegions(
        R"(, "timeline": [{"at": "1s", "agent": {"id": "a1", "status": "AVAILABLE", "capacity": 33}}])")
                                       << u"timeline[0].agent.capacity"_s << u"33 is out of range 0..32"_s;
    QTest::newRow("surge in an unknown region")
        << twoRegions(R"(, "timeline": [{"at": "1s", "surge": {"region": "r7", "agents": 4}}])")
        << u"timeline[0].surge.region"_s << u"unknown region \"r7\""_s;
    QTest::newRow("churn in an unknown region") << twoRegions(
        R"(, "timeline": [{"at": "1s", "churn": {"regions": ["r1", "r8"], "ratePerS": 1, "for": "2s"}}])")
                                                << u"timeline[0].churn.regions[1]"_s
                                                << u"unknown region \"r8\""_s;
    QTest::newRow("surge without agents")
        << twoRegions(R"(, "timeline": [{"at": "1s", "surge": {"agents": 0}}])")
        << u"timeline[0].surge.agents"_s << u"0 is out of range 1..1000000"_s;
    QTest::newRow("churn without a duration")
        << twoRegions(R"(, "timeline": [{"at": "1s", "churn": {"ratePerS": 1}}])")
        << u"timeline[0].churn.for"_s << u"required field is missing"_s;
    QTest::newRow("churn rate as string")
        << twoRegions(R"(, "timeline": [{"at": "1s", "churn": {"ratePerS": "fast", "for": "1s"}}])")
        << u"timeline[0].churn.ratePerS"_s << u"expected number, got string"_s;
    QTest::newRow("proxy index out of range")
        << twoRegions(R"(, "timeline": [{"at": "1s", "trunkRegistration": {"trunk": "t2", "proxy": 1,
                                                                           "registered": false}}])")
        << u"timeline[0].trunkRegistration.proxy"_s << u"trunk \"t2\" has 1 proxies"_s;
    QTest::newRow("registration of an unknown trunk")
        << twoRegions(
               R"(, "timeline": [{"at": "1s", "trunkRegistration": {"trunk": "t5", "registered": true}}])")
        << u"timeline[0].trunkRegistration.trunk"_s << u"unknown trunk \"t5\""_s;
    QTest::newRow("registration without a state")
        << twoRegions(R"(, "timeline": [{"at": "1s", "trunkRegistration": {"trunk": "t1"}}])")
        << u"timeline[0].trunkRegistration.registered"_s << u"required field is missing"_s;
    QTest::newRow("timeline entry after the end")
        << twoRegions(R"(, "timeline": [{"at": "61s", "surge": {"agents": 1}}])") << u"timeline[0].at"_s
        << u"after the scenario's duration"_s;
    QTest::newRow("timeline at malformed")
        << twoRegions(R"(, "timeline": [{"at": "soon", "surge": {"agents": 1}}])") << u"timeline[0].at"_s
        << u"malformed duration \"soon\""_s;
    QTest::newRow("timeline is an object")
        << twoRegions(R"(, "timeline": {"at": "1s"})") << u"timeline"_s << u"expected array, got object"_s;

    // Shape and values of the top-level and region fields.
    QTest::newRow("duration in parsecs")
        << QByteArray(R"({"name": "x", "duration": "20 parsecs", "regions": [{"id": "r1"}], "trunks": [],
                          "skillGroups": []})")
        << u"duration"_s << u"malformed duration \"20 parsecs\" (expected e.g. \"20s\""_s;
    QTest::newRow("negative duration") << QByteArray(
        R"({"name": "x", "duration": -5, "regions": [{"id": "r1"}], "trunks": [], "skillGroups": []})")
                                       << u"duration"_s << u"malformed duration -5"_s;
    QTest::newRow("name missing") << QByteArray(
        R"({"duration": "10s", "regions": [{"id": "r1"}], "trunks": [], "skillGroups": []})")
                                  << u"name"_s << u"required field is missing"_s;
    QTest::newRow("start time malformed")
        << QByteArray(R"({"name": "x", "startTime": "28/11/2026 09:00", "duration": "10s",
                          "regions": [{"id": "r1"}], "trunks": [], "skillGroups": []})")
        << u"startTime"_s << u"malformed timestamp \"28/11/2026 09:00\""_s;
    QTest::newRow("no regions") << QByteArray(
        R"({"name": "x", "duration": "10s", "regions": [], "trunks": [], "skillGroups": []})")
                                << u"regions"_s << u"at least one region is required"_s;
    QTest::newRow("jitter above mean")
        << QByteArray(R"({"name": "x", "duration": "10s", "regions": [{"id": "r1", "latency": {"meanMs": 10,
                          "jitterMs": 11}}], "trunks": [], "skillGroups": []})")
        << u"regions[0].latency.jitterMs"_s << u"must not exceed meanMs"_s;
    QTest::newRow("reconciler range reversed")
        << QByteArray(
               R"({"name": "x", "duration": "10s", "regions": [{"id": "r1", "reconciler": {"mode": "async",
                          "baseDelayMs": [300, 100]}}], "trunks": [], "skillGroups": []})")
        << u"regions[0].reconciler.baseDelayMs"_s << u"expected [min, max] with min <= max"_s;
    QTest::newRow("reconciler range element not an integer")
        << QByteArray(
               R"({"name": "x", "duration": "10s", "regions": [{"id": "r1", "reconciler": {"mode": "sync",
                          "serviceMs": [15, "40"]}}], "trunks": [], "skillGroups": []})")
        << u"regions[0].reconciler.serviceMs[1]"_s
        << u"expected integer milliseconds 0..600000, got string"_s;
    QTest::newRow("reconciler mode unknown") << QByteArray(
        R"({"name": "x", "duration": "10s", "regions": [{"id": "r1", "reconciler": {"mode": "eventual"}}],
                          "trunks": [], "skillGroups": []})")
                                             << u"regions[0].reconciler.mode"_s
                                             << u"unknown value \"eventual\" (expected one of sync, async)"_s;
    QTest::newRow("token lifetime under a second")
        << QByteArray(R"({"name": "x", "duration": "10s", "regions": [{"id": "r1", "tokenLifetime": "500ms"}],
                          "trunks": [], "skillGroups": []})")
        << u"regions[0].tokenLifetime"_s << u"must be at least 1s"_s;
    QTest::newRow("client scope not a string")
        << QByteArray(
               R"({"name": "x", "duration": "10s", "regions": [{"id": "r1", "clients": [{"clientId": "c",
                          "clientSecret": "s", "scopes": ["admin:icp:write", 7]}]}],
                          "trunks": [], "skillGroups": []})")
        << u"regions[0].clients[0].scopes[1]"_s << u"expected string, got integer"_s;
    QTest::newRow("trunk without proxies")
        << QByteArray(R"({"name": "x", "duration": "10s", "regions": [{"id": "r1"}],
                          "trunks": [{"id": "t1", "region": "r1", "proxies": []}], "skillGroups": []})")
        << u"trunks[0].proxies"_s << u"a BYOC trunk needs at least one register proxy"_s;
    QTest::newRow("skill group without trunks")
        << QByteArray(R"({"name": "x", "duration": "10s", "regions": [{"id": "r1"}], "trunks": [],
                          "skillGroups": [{"id": "g1", "region": "r1", "trunkIds": []}]})")
        << u"skillGroups[0].trunkIds"_s << u"a trunk-based skill group needs at least one trunk"_s;
    QTest::newRow("block logs in more agents than it has") << twoRegions(
        R"(, "agentBlocks": [{"skillGroup": "g1", "idPrefix": "b", "count": 2, "initiallyLoggedIn": 5}])")
                                                           << u"agentBlocks[0].initiallyLoggedIn"_s
                                                           << u"5 is out of range 0..2"_s;
    QTest::newRow("block capacity 33") << twoRegions(
        R"(, "agentBlocks": [{"skillGroup": "g1", "idPrefix": "b", "count": 2, "capacity": 33}])")
                                       << u"agentBlocks[0].capacity"_s << u"33 is out of range 1..32"_s;
    QTest::newRow("root is an array") << QByteArray("[]") << QString() << u"expected object, got array"_s;
    QTest::newRow("malformed JSON") << QByteArray(R"({"name": "x",,})") << QString()
                                    << u"malformed JSON at byte"_s;
}

void TestScenario::rejectsBadScenario()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, path);
    QFETCH(QString, reason);

    DecodeError error;
    const auto s = decodeDocument<Scenario>(json, error);
    QVERIFY2(!s, "decoded although it is invalid");
    QCOMPARE(error.path, path);
    QVERIFY2(error.reason.contains(reason), qPrintable(u"reason was: "_s + error.reason));
}

QTEST_GUILESS_MAIN(TestScenario)
#include "tst_scenario.moc"
