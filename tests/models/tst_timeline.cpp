// Expansion of a scenario's timeline into concrete, seeded events.

#include "ScenarioTimeline.h"

#include <QTest>

using namespace icp;
using namespace Qt::StringLiterals;

namespace {

const QString kApse1 = u"ap-southeast-1"_s;
const QString kUse1 = u"us-east-1"_s;

bool sameEvent(const TimelineEvent &a, const TimelineEvent &b)
{
    return a.kind == b.kind && a.atMs == b.atMs && a.region == b.region && a.change == b.change
        && a.skillGroupId == b.skillGroupId && a.trunkId == b.trunkId && a.proxyIndex == b.proxyIndex
        && a.registered == b.registered && a.errorText == b.errorText;
}

bool sameEvents(const QList<TimelineEvent> &a, const QList<TimelineEvent> &b)
{
    return std::equal(a.cbegin(), a.cend(), b.cbegin(), b.cend(), sameEvent);
}

// What an agent change did to the agent, judged against the agent's state before it.
enum class Transition
{
    LogIn,
    LogOut,
    StatusChange
};

struct Replay
{
    QHash<QString, AgentStatus> status;
    QList<Transition> transitions; // one per agent change, in event order
    QString problem; // first inconsistency found
};

// Replays the agent changes from the scenario's initial state and checks that each one is a legal move.
Replay replay(const Scenario &s, const QList<TimelineEvent> &events)
{
    Replay r;
    for (const auto &a : s.agents)
        r.status.insert(a.id, s.initiallyLoggedIn(a.id) ? AgentStatus::Available : AgentStatus::LoggedOut);
    for (const auto &ev : events) {
        if (ev.kind != TimelineEvent::Kind::AgentChange)
            continue;
        const QString &id = ev.change.agentId;
        const auto fail = [&](const QString &what) {
            if (r.problem.isEmpty())
                r.problem = u"%1 at %2 ms: %3"_s.arg(id).arg(ev.atMs).arg(what);
        };
        const Agent *agent = s.agent(id);
        if (!agent) {
            fail(u"unknown agent"_s);
            continue;
        }
        if (ev.region != agent->region || ev.skillGroupId != agent->skillGroupId)
            fail(u"event names region %1 / group %2"_s.arg(ev.region, ev.skillGroupId));
        const AgentStatus before = r.status.value(id);
        const AgentStatus after = ev.change.status;
        if (after == before)
            fail(u"no-op change to %1"_s.arg(agentStatusName(after)));
        const int expectedCapacity = isLoggedIn(after) ? s.initialCapacity(id) : 0;
        if (ev.change.capacity != expectedCapacity)
            fail(u"capacity %1, expected %2"_s.arg(ev.change.capacity).arg(expectedCapacity));
        if (!isLoggedIn(before) && isLoggedIn(after))
            r.transitions << Transition::LogIn;
        else if (isLoggedIn(before) && !isLoggedIn(after))
            r.transitions << Transition::LogOut;
        else if (isLoggedIn(before))
            r.transitions << Transition::StatusChange;
        else
            fail(u"logged out twice"_s);
        r.status.insert(id, after);
    }
    return r;
}

int countChanges(const QList<TimelineEvent> &events, const QString &region, qint64 fromMs, qint64 toMs)
{
    return int(std::count_if(events.cbegin(), events.cend(), [&](const TimelineEvent &ev) {
        return ev.kind == TimelineEvent::Kind::AgentChange && ev.region == region && ev.atMs >= fromMs
            && ev.atMs < toMs;
    }));
}

Scenario decode(const QByteArray &json)
{
    DecodeError error;
    const auto s = decodeDocument<Scenario>(json, error);
    if (!s)
        qFatal("test scenario does not decode: %s", qPrintable(error.message()));
    return *s;
}

// Two regions, one group each, a block of 10 agents per group with `loggedIn` of them logged in at t = 0.
Scenario smallScenario(int loggedIn, const char *timeline)
{
    return decode(QByteArray(R"({"name": "small", "duration": "60s",
      "regions": [{"id": "r1"}, {"id": "r2"}],
      "trunks": [{"id": "t1", "region": "r1", "proxies": ["p1"]},
                 {"id": "t2", "region": "r2", "proxies": ["p2"]}],
      "skillGroups": [{"id": "g1", "region": "r1", "trunkIds": ["t1"]},
                      {"id": "g2", "region": "r2", "trunkIds": ["t2"]}],
      "agentBlocks": [{"skillGroup": "g1", "idPrefix": "x", "count": 10, "capacity": 3,
                       "initiallyLoggedIn": )")
        + QByteArray::number(loggedIn) + R"(},
                      {"skillGroup": "g2", "idPrefix": "y", "count": 10, "capacity": 1,
                       "initiallyLoggedIn": )"
        + QByteArray::number(loggedIn) + R"(}],
      "timeline": )"
        + timeline + '}');
}

} // namespace

class TestTimeline : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void deterministicPerSeed_data();
    void deterministicPerSeed();
    void sortedByTime_data() { seeds(); }
    void sortedByTime();
    void sourceTimestampsIncreasePerAgent_data() { seeds(); }
    void sourceTimestampsIncreasePerAgent();
    void stateMachineIsConsistent_data() { seeds(); }
    void stateMachineIsConsistent();
    void surgeLogsInAgents_data() { seeds(); }
    void surgeLogsInAgents();
    void churnRates_data() { seeds(); }
    void churnRates();
    void trunkRegistrationLossAndRegain();

    void explicitChangesAtTheSameMillisecond();
    void surgeToLoggedOutTakesLoggedInAgents();
    void surgeStopsWhenPoolIsEmpty();
    void churnRespectsRegionsAndZeroRate();

private:
    void seeds();
    Scenario m_seedPeak;
};

void TestTimeline::initTestCase()
{
    QString error;
    auto s = Scenario::load(u"seed-peak"_s, &error);
    QVERIFY2(s, qPrintable(error));
    m_seedPeak = *s;
}

void TestTimeline::seeds()
{
    QTest::addColumn<quint64>("seed");
    QTest::newRow("seed 0") << quint64(0);
    QTest::newRow("seed 1") << quint64(1);
    QTest::newRow("seed 42") << quint64(42);
    QTest::newRow("seed 2026") << quint64(2026);
    QTest::newRow("seed max") << std::numeric_limits<quint64>::max();
}

void TestTimeline::deterministicPerSeed_data()
{
    seeds();
}

void TestTimeline::deterministicPerSeed()
{
    QFETCH(quint64, seed);
    const auto first = expandTimeline(m_seedPeak, seed);
    const auto second = expandTimeline(m_seedPeak, seed);
    QVERIFY(!first.isEmpty());
    QCOMPARE(first.size(), second.size());
    QVERIFY(sameEvents(first, second));

    const auto other = expandTimeline(m_seedPeak, seed + 1);
    QVERIFY2(!sameEvents(first, other), "another seed gave the same events");
}

void TestTimeline::sortedByTime()
{
    QFETCH(quint64, seed);
    const auto events = expandTimeline(m_seedPeak, seed);
    for (qsizetype i = 0; i < events.size(); ++i) {
        QVERIFY(events[i].atMs >= 0);
        QVERIFY(events[i].atMs < m_seedPeak.durationMs);
        if (i > 0)
            QVERIFY2(events[i - 1].atMs <= events[i].atMs, qPrintable(u"event %1 out of order"_s.arg(i)));
    }
}

void TestTimeline::sourceTimestampsIncreasePerAgent()
{
    QFETCH(quint64, seed);
    const auto events = expandTimeline(m_seedPeak, seed);
    QHash<QString, qint64> last;
    for (const auto &ev : events) {
        if (ev.kind != TimelineEvent::Kind::AgentChange)
            continue;
        const qint64 ts = ev.change.sourceTimestampMs;
        const qint64 nominal = m_seedPeak.startTimeMs + ev.atMs;
        // Only a same-millisecond collision for one agent pushes a timestamp past its nominal value.
        QVERIFY(ts >= nominal);
        QVERIFY2(ts - nominal < 10, qPrintable(ev.change.agentId));
        const auto it = last.constFind(ev.change.agentId);
        if (it != last.cend())
            QVERIFY2(ts > it.value(),
                qPrintable(u"%1: %2 after %3"_s.arg(ev.change.agentId).arg(ts).arg(it.value())));
        last.insert(ev.change.agentId, ts);
    }
    QVERIFY(last.size() > 300);
}

void TestTimeline::stateMachineIsConsistent()
{
    QFETCH(quint64, seed);
    const auto events = expandTimeline(m_seedPeak, seed);
    const Replay r = replay(m_seedPeak, events);
    QVERIFY2(r.problem.isEmpty(), qPrintable(r.problem));
}

void TestTimeline::surgeLogsInAgents()
{
    QFETCH(quint64, seed);
    const auto events = expandTimeline(m_seedPeak, seed);
    const Replay r = replay(m_seedPeak, events);
    QVERIFY2(r.problem.isEmpty(), qPrintable(r.problem));

    // Nothing else happens between 20 s and 23 s, so every change there is a surge log-in.
    QHash<QString, int> logins;
    qsizetype change = 0;
    for (const auto &ev : events) {
        if (ev.kind != TimelineEvent::Kind::AgentChange)
            continue;
        const Transition t = r.transitions[change++];
        if (ev.atMs < 20000 || ev.atMs >= 23000)
            continue;
        QCOMPARE(t, Transition::LogIn);
        QCOMPARE(ev.change.status, AgentStatus::Available);
        QCOMPARE(ev.change.capacity, 2);
        ++logins[ev.region];
    }
    // 250 asked for per region; a few fewer when the early churn left fewer than 250 logged out.
    for (const QString &region : { kApse1, kUse1 }) {
        const int n = logins.value(region);
        QVERIFY2(n >= 240 && n <= 250, qPrintable(u"%1: %2 surge log-ins"_s.arg(region).arg(n)));
    }
}

void TestTimeline::churnRates()
{
    QFETCH(quint64, seed);
    const auto events = expandTimeline(m_seedPeak, seed);

    // Poisson counts: expected 50, 1200 and 17.5 per region; the bounds are about
    // five standard deviations wide (300 seeds stayed well inside them).
    for (const QString &region : { kApse1, kUse1 }) {
        const int steady = countChanges(events, region, 0, 20000);
        const int heavy = countChanges(events, region, 23000, 83000);
        const int tail = countChanges(events, region, 83000, 90000);
        const QString counts = u"%1: %2 / %3 / %4"_s.arg(region).arg(steady).arg(heavy).arg(tail);
        QVERIFY2(steady >= 20 && steady <= 90, qPrintable(counts));
        QVERIFY2(heavy >= 1050 && heavy <= 1350, qPrintable(counts));
        QVERIFY2(tail >= 2 && tail <= 45, qPrintable(counts));
    }

    // Churn is mostly status changes among the logged-in; about 3% log-ins and 3% log-outs (log-outs take
    // over when nobody is left to log in).
    const Replay r = replay(m_seedPeak, events);
    QVERIFY2(r.problem.isEmpty(), qPrintable(r.problem));
    int churn = 0, moves = 0;
    qsizetype change = 0;
    for (const auto &ev : events) {
        if (ev.kind != TimelineEvent::Kind::AgentChange)
            continue;
        const Transition t = r.transitions[change++];
        if (ev.atMs >= 20000 && ev.atMs < 23000)
            continue; // surge
        ++churn;
        moves += t == Transition::StatusChange ? 0 : 1;
    }
    const double share = double(moves) / churn;
    QVERIFY2(share > 0.03 && share < 0.10, qPrintable(u"log-in/out share %1 of %2"_s.arg(share).arg(churn)));
}

void TestTimeline::trunkRegistrationLossAndRegain()
{
    const auto events = expandTimeline(m_seedPeak, 7);
    QList<TimelineEvent> trunkEvents;
    for (const auto &ev : events)
        if (ev.kind == TimelineEvent::Kind::TrunkRegistration)
            trunkEvents << ev;
    QCOMPARE(trunkEvents.size(), 2);

    const TimelineEvent &lost = trunkEvents[0];
    QCOMPARE(lost.atMs, qint64(45000));
    QCOMPARE(lost.trunkId, u"apse1-byoc-03"_s);
    QCOMPARE(lost.region, kApse1);
    QCOMPARE(lost.proxyIndex, 1);
    QVERIFY(!lost.registered);
    QVERIFY2(lost.errorText.contains(u"408"_s), qPrintable(lost.errorText));

    const TimelineEvent &back = trunkEvents[1];
    QCOMPARE(back.atMs, qint64(52000));
    QCOMPARE(back.trunkId, u"apse1-byoc-03"_s);
    QCOMPARE(back.proxyIndex, 1);
    QVERIFY(back.registered);
    QVERIFY(back.errorText.isEmpty());
}

void TestTimeline::explicitChangesAtTheSameMillisecond()
{
    const Scenario s = smallScenario(0, R"([
        {"at": "1s", "agent": {"id": "x0001", "status": "AVAILABLE"}},
        {"at": "1s", "agent": {"id": "x0001", "status": "ON_CALL", "capacity": 7}},
        {"at": "1s", "agent": {"id": "x0001", "status": "LOGGED_OUT"}},
        {"at": 500, "agent": {"id": "y0002", "status": "BREAK"}}
    ])");
    const auto events = expandTimeline(s, 1);
    QCOMPARE(events.size(), 4);

    QCOMPARE(events[0].change.agentId, u"y0002"_s); // sorted by time, not by position in the file
    QCOMPARE(events[0].atMs, qint64(500));
    QCOMPARE(events[0].change.capacity, 1);
    QCOMPARE(events[0].region, u"r2"_s);
    QCOMPARE(events[0].skillGroupId, u"g2"_s);

    // Same agent, same millisecond: written order kept, source timestamps made strictly increasing.
    const qint64 at1s = s.startTimeMs + 1000;
    QCOMPARE(events[1].change.status, AgentStatus::Available);
    QCOMPARE(events[1].change.capacity, 3);
    QCOMPARE(events[1].change.sourceTimestampMs, at1s);
    QCOMPARE(events[2].change.status, AgentStatus::OnCall);
    QCOMPARE(events[2].change.capacity, 7);
    QCOMPARE(events[2].change.sourceTimestampMs, at1s + 1);
    QCOMPARE(events[3].change.status, AgentStatus::LoggedOut);
    QCOMPARE(events[3].change.capacity, 0);
    QCOMPARE(events[3].change.sourceTimestampMs, at1s + 2);
    QCOMPARE(events[3].atMs, qint64(1000));
}

void TestTimeline::surgeToLoggedOutTakesLoggedInAgents()
{
    const Scenario s = smallScenario(6, R"([{"at": "2s", "surge": {"region": "r1", "agents": 4, "over": "1s",
                                                                   "status": "LOGGED_OUT"}}])");
    const auto events = expandTimeline(s, 3);
    QCOMPARE(events.size(), 4);
    QSet<QString> agents;
    for (const auto &ev : events) {
        QVERIFY(ev.atMs >= 2000 && ev.atMs < 3000);
        QCOMPARE(ev.region, u"r1"_s);
        QCOMPARE(ev.change.status, AgentStatus::LoggedOut);
        QCOMPARE(ev.change.capacity, 0);
        QVERIFY2(s.initiallyLoggedIn(ev.change.agentId), qPrintable(ev.change.agentId));
        agents.insert(ev.change.agentId);
    }
    QCOMPARE(agents.size(), 4);
    const Replay r = replay(s, events);
    QVERIFY2(r.problem.isEmpty(), qPrintable(r.problem));
}

void TestTimeline::surgeStopsWhenPoolIsEmpty()
{
    // 7 of 10 logged out per region: a surge of 20 per region logs in those 7 and nobody twice.
    const Scenario s = smallScenario(3, R"([{"at": "0s", "surge": {"agents": 20}}])");
    const auto events = expandTimeline(s, 11);
    QCOMPARE(countChanges(events, u"r1"_s, 0, 1), 7);
    QCOMPARE(countChanges(events, u"r2"_s, 0, 1), 7);
    const Replay r = replay(s, events);
    QVERIFY2(r.problem.isEmpty(), qPrintable(r.problem));
    QVERIFY(!r.transitions.contains(Transition::StatusChange));
}

void TestTimeline::churnRespectsRegionsAndZeroRate()
{
    const Scenario s = smallScenario(5, R"([
        {"at": "0s", "churn": {"region": "r2", "ratePerS": 50, "for": "10s"}},
        {"at": "0s", "churn": {"region": "r1", "ratePerS": 0, "for": "10s"}}
    ])");
    const auto events = expandTimeline(s, 5);
    QCOMPARE(countChanges(events, u"r1"_s, 0, 60000), 0);
    const int r2 = countChanges(events, u"r2"_s, 0, 10000);
    QVERIFY2(r2 > 400 && r2 < 600, qPrintable(QString::number(r2)));
    QCOMPARE(countChanges(events, u"r2"_s, 10000, 60000), 0);
    const Replay r = replay(s, events);
    QVERIFY2(r.problem.isEmpty(), qPrintable(r.problem));
}

QTEST_GUILESS_MAIN(TestTimeline)
#include "tst_timeline.moc"
