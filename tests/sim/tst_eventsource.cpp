// Event sources. SseEventSource over real loopback HTTP against a SimHost: its backoff and liveness timers run
// on a VirtualClock the test advances, so every delay is checked exactly and nothing sleeps; the only waits are
// QTRY waits for real HTTP. InProcessEventSource against a SimCore in virtual time.

#include "IcpClient.h"
#include "InProcessEventSource.h"
#include "NetworkTransport.h"
#include "Scenario.h"
#include "SimCore.h"
#include "SimHost.h"
#include "SseEventSource.h"

#include <QDateTime>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTest>
#include <QUuid>

#include <memory>

using namespace icp;
using namespace icp::sim;
using namespace Qt::StringLiterals;

namespace {

constexpr auto kUse1 = "us-east-1"_L1;
constexpr auto kApse1 = "ap-southeast-1"_L1;
constexpr auto kGroup = "use1-sg-1"_L1;
constexpr auto kEventsPath = "/api/v1/icp/events"_L1;
const RegionCredentials kNoScopeClient{u"icp-console-use1-campaigns"_s, u"sim-only-secret-campaigns"_s};

// Counts the calls of a token provider and the tokens it was told were rejected.
struct TokenLog
{
    int calls = 0;
    QStringList rejected;
};

struct ConnectionChange
{
    bool connected = false;
    QString reason;
};

ConnectionChange change(const QSignalSpy &spy, qsizetype i)
{
    return {spy.at(i).at(1).toBool(), spy.at(i).at(2).toString()};
}

} // namespace

class TestEventSource : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void deliversGroupVersionAfterWrite();
    void resumesAfterRestartWithoutGapsOrDuplicates();
    void backsOffExponentiallyUpToTheCap();
    void honoursRetryAfter();
    void reconnectsAfterRegionDownAndResumes();
    void silentStreamIsDeadAfterThreeHeartbeats();
    void unansweredRequestIsDeadAfter45s();
    void newTokenOnceOn401();
    void repeated401IsReportedAndRetried();
    void forbiddenIsReportedNotRetried();
    void unknownTopicIsNotRetried();

    void inProcessDeliversEveryEventOnce();
    void inProcessResumesAfterRestart();

private:
    std::unique_ptr<SseEventSource> makeSource(IcpClient &client, SseEventSourceOptions options = {});
    // A capacity write to kGroup through the IcpClient; returns the group's new version (0 on failure).
    qint64 writeCapacity(int capacity);
    int injectFault(QLatin1String region, const QByteArray &json);
    QUrl baseUrl(QLatin1String region) const { return m_host->baseUrls().value(QString(region)); }
    Region regionFor(QLatin1String region) const
    {
        const QUrl base = baseUrl(region);
        return Region{region, region, base, base, base};
    }

    std::optional<Scenario> m_scenario;
    std::unique_ptr<SimHost> m_host;
    QNetworkAccessManager m_nam;
    SystemClock m_systemClock; // for the IcpClient's token lifetime
    NetworkTransport *m_transport = nullptr;
    IcpClient *m_use1 = nullptr;
    IcpClient *m_noScope = nullptr;
    std::unique_ptr<VirtualClock> m_clock; // the sources' backoff and liveness timers, fresh per test
    TokenLog m_tokens;
    qint64 m_nextSourceTimestamp = 0;
};

void TestEventSource::initTestCase()
{
    QString error;
    m_scenario = Scenario::load(u"seed-peak"_s, &error);
    QVERIFY2(m_scenario, qPrintable(error));
    // A client of us-east-1 without the scopes the event stream needs, for the 403 case.
    for (RegionSpec &r : m_scenario->regions)
        if (r.id == kUse1)
            r.clients.push_back(
                OAuthClientSpec{kNoScopeClient.clientId, kNoScopeClient.clientSecret, {u"outbound:campaign:view"_s}});

    SimHostOptions options;
    options.seed = 11;
    options.heartbeatMs = 300;
    options.core.runTimeline = false; // only the tests' writes publish events
    m_host = std::make_unique<SimHost>(*m_scenario, options);
    QSignalSpy ready(m_host.get(), &SimHost::ready);
    m_host->start();
    QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 1, 10000);

    const RegionSpec *use1 = nullptr;
    for (const RegionSpec &r : m_scenario->regions)
        if (r.id == kUse1)
            use1 = &r;
    QVERIFY(use1);
    m_transport = new NetworkTransport(this);
    m_use1 = new IcpClient(regionFor(kUse1),
                           RegionCredentials{use1->clients.first().clientId, use1->clients.first().clientSecret},
                           *m_transport, m_systemClock, this);
    m_noScope = new IcpClient(regionFor(kUse1), kNoScopeClient, *m_transport, m_systemClock, this);
    m_nextSourceTimestamp = QDateTime::currentMSecsSinceEpoch() + 3600 * 1000;
}

void TestEventSource::init()
{
    m_clock = std::make_unique<VirtualClock>(QDateTime::currentMSecsSinceEpoch());
    m_tokens = {};
}

void TestEventSource::cleanup()
{
    for (QLatin1String region : {kUse1, kApse1}) {
        QNetworkRequest request(baseUrl(region).resolved(QUrl(u"/sim/v1/faults"_s)));
        QNetworkReply *reply = m_nam.sendCustomRequest(request, "DELETE");
        QVERIFY(QTest::qWaitFor([reply]() { return reply->isFinished(); }, 10000));
        reply->deleteLater();
    }
}

std::unique_ptr<SseEventSource> TestEventSource::makeSource(IcpClient &client, SseEventSourceOptions options)
{
    auto provider = [this, &client](const QString &rejected, SseEventSource::TokenCallback done) {
        ++m_tokens.calls;
        m_tokens.rejected << rejected;
        client.fetchToken(std::move(done), rejected);
    };
    return std::make_unique<SseEventSource>(QString(kUse1), baseUrl(kUse1), provider, *m_clock, options);
}

qint64 TestEventSource::writeCapacity(int capacity)
{
    std::optional<ApiResult<SkillGroup>> group;
    m_use1->getSkillGroup(kGroup, [&group](ApiResult<SkillGroup> r) { group = std::move(r); });
    if (!QTest::qWaitFor([&group]() { return group.has_value(); }, 10000) || !group->ok()
        || group->value->members.isEmpty()) {
        qWarning() << "reading the group failed:" << (group ? group->error.summary() : u"timeout"_s);
        return 0;
    }
    BulkCapacityRequest body;
    body.expectedVersion = group->value->version;
    CapacityUpdate update;
    update.agentId = group->value->members.first().agentId;
    update.status = AgentStatus::Available;
    update.capacity = capacity;
    update.sourceTimestampMs = m_nextSourceTimestamp += 1000;
    body.updates = {update};
    std::optional<ApiResult<BulkCapacityResponse>> answer;
    m_use1->postBulk(kGroup, body, QUuid::createUuid().toByteArray(QUuid::WithoutBraces),
                     [&answer](ApiResult<BulkCapacityResponse> r) { answer = std::move(r); });
    if (!QTest::qWaitFor([&answer]() { return answer.has_value(); }, 10000) || !answer->ok()) {
        qWarning() << "capacity write failed:" << (answer ? answer->error.summary() : u"timeout"_s);
        return 0;
    }
    return answer->value->version;
}

int TestEventSource::injectFault(QLatin1String region, const QByteArray &json)
{
    QNetworkRequest request(baseUrl(region).resolved(QUrl(u"/sim/v1/faults"_s)));
    request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
    QNetworkReply *reply = m_nam.post(request, json);
    if (!QTest::qWaitFor([reply]() { return reply->isFinished(); }, 10000))
        return 0;
    reply->deleteLater();
    return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
}

namespace {

std::optional<GroupVersionEvent> groupEvent(const QSignalSpy &spy, qint64 version, qsizetype from = 0)
{
    for (qsizetype i = from; i < spy.size(); ++i) {
        const auto e = spy.at(i).at(0).value<GroupVersionEvent>();
        if (e.skillGroupId == kGroup && e.version == version)
            return e;
    }
    return std::nullopt;
}

} // namespace

void TestEventSource::deliversGroupVersionAfterWrite()
{
    auto source = makeSource(*m_use1);
    QSignalSpy changes(source.get(), &EventSource::connectionChanged);
    QSignalSpy groups(source.get(), &EventSource::groupVersion);
    QSignalSpy rejected(source.get(), &EventSource::eventRejected);
    source->start();
    QTRY_VERIFY_WITH_TIMEOUT(source->isConnected(), 10000);
    QCOMPARE(changes.size(), 1);
    QCOMPARE(changes.at(0).at(0).toString(), QString(kUse1));
    QVERIFY(change(changes, 0).connected);
    QCOMPARE(change(changes, 0).reason, u"us-east-1: event stream connected"_s);
    QCOMPARE(source->streamUrl().path(), QString(kEventsPath));
    QCOMPARE(source->streamUrl().query(), u"topics=trunks,skillgroups,campaigns"_s);

    const qint64 version = writeCapacity(5);
    QVERIFY(version > 1);
    QTRY_VERIFY_WITH_TIMEOUT(groupEvent(groups, version), 10000);
    const GroupVersionEvent e = *groupEvent(groups, version);
    QCOMPARE(e.region, QString(kUse1));
    QCOMPARE(e.modifiedBy, u"icp-console-use1"_s);
    QVERIFY(e.modifiedAtMs > 0);
    QCOMPARE(e.receivedAtMs, m_clock->nowMs()); // stamped by the source's clock
    QVERIFY(!source->lastEventId().isEmpty());
    QCOMPARE(rejected.size(), 0);
    QCOMPARE(source->eventsRejected(), 0);
    QCOMPARE(source->connectionsOpened(), 1);
    QCOMPARE(m_tokens.calls, 1);
}

void TestEventSource::resumesAfterRestartWithoutGapsOrDuplicates()
{
    auto source = makeSource(*m_use1);
    QSignalSpy changes(source.get(), &EventSource::connectionChanged);
    QSignalSpy groups(source.get(), &EventSource::groupVersion);
    source->start();
    QTRY_VERIFY_WITH_TIMEOUT(source->isConnected(), 10000);
    const qint64 v1 = writeCapacity(6);
    QTRY_VERIFY_WITH_TIMEOUT(groupEvent(groups, v1), 10000);
    const QByteArray seen = source->lastEventId();

    source->stop();
    QVERIFY(!source->isConnected());
    QVERIFY(!source->isRunning());
    QCOMPARE(change(changes, changes.size() - 1).reason, u"us-east-1: event stream stopped"_s);
    QVERIFY(!change(changes, changes.size() - 1).connected);

    // Written while the source is stopped: replayed after Last-Event-ID, once each, nothing older again.
    const qint64 v2 = writeCapacity(7);
    const qint64 v3 = writeCapacity(8);
    QCOMPARE(v3, v2 + 1);
    const qsizetype before = groups.size();
    const qint64 receivedBefore = source->eventsReceived();
    source->start();
    QTRY_VERIFY_WITH_TIMEOUT(source->isConnected(), 10000);
    QCOMPARE(change(changes, changes.size() - 1).reason,
             u"us-east-1: event stream resumed after event %1"_s.arg(QString::fromLatin1(seen)));
    const qint64 v4 = writeCapacity(9);
    QTRY_VERIFY_WITH_TIMEOUT(groupEvent(groups, v4, before), 10000);

    QList<qint64> versions;
    for (qsizetype i = before; i < groups.size(); ++i)
        versions << groups.at(i).at(0).value<GroupVersionEvent>().version;
    QCOMPARE(versions, (QList<qint64>{v2, v3, v4}));
    QCOMPARE(source->eventsReceived() - receivedBefore, 3);
    QCOMPARE(source->lastEventId().toLongLong(), seen.toLongLong() + 3);
}

void TestEventSource::backsOffExponentiallyUpToTheCap()
{
    QCOMPARE(injectFault(kUse1, R"({"action":"status","status":503,"path":"/api/v1/icp/events","count":7})"), 200);
    auto source = makeSource(*m_use1);
    QSignalSpy changes(source.get(), &EventSource::connectionChanged);
    source->start();

    const QList<qint64> expected{500, 1000, 2000, 4000, 8000, 15000, 15000};
    for (qsizetype i = 0; i < expected.size(); ++i) {
        QTRY_COMPARE_WITH_TIMEOUT(changes.size(), i + 1, 10000);
        const ConnectionChange c = change(changes, i);
        QVERIFY(!c.connected);
        QCOMPARE(source->failuresInARow(), int(i + 1));
        QCOMPARE(source->nextAttemptAtMs() - m_clock->nowMs(), expected[i]);
        QCOMPARE(c.reason, u"us-east-1: event stream unavailable (503 SERVICE_UNAVAILABLE: Injected fault: HTTP 503); "
                           "reconnecting in %1 s"_s.arg(double(expected[i]) / 1000.0, 0, 'f', 1));
        // Nothing happens a millisecond early.
        m_clock->advanceBy(expected[i] - 1);
        QVERIFY(source->nextAttemptAtMs() > 0);
        m_clock->advanceBy(1);
        QCOMPARE(source->nextAttemptAtMs(), 0);
    }
    QTRY_VERIFY_WITH_TIMEOUT(source->isConnected(), 10000);
    QCOMPARE(changes.size(), expected.size() + 1);
    QVERIFY(change(changes, expected.size()).connected);
    // Data flowing resets the backoff.
    QTRY_COMPARE_WITH_TIMEOUT(source->failuresInARow(), 0, 10000);
    QCOMPARE(m_tokens.calls, expected.size() + 1);
    QVERIFY(m_tokens.rejected.join(QString()).isEmpty());
}

void TestEventSource::honoursRetryAfter()
{
    QCOMPARE(injectFault(kUse1, R"({"action":"status","status":503,"retryAfterS":4,"path":"/api/v1/icp/events"})"),
             200);
    auto source = makeSource(*m_use1);
    QSignalSpy changes(source.get(), &EventSource::connectionChanged);
    source->start();
    QTRY_COMPARE_WITH_TIMEOUT(changes.size(), 1, 10000);
    QCOMPARE(source->nextAttemptAtMs() - m_clock->nowMs(), 4000);
    QVERIFY(change(changes, 0).reason.endsWith(u"(retry after 4 s)); reconnecting in 4.0 s"_s));
    m_clock->advanceBy(4000);
    QTRY_VERIFY_WITH_TIMEOUT(source->isConnected(), 10000);
}

void TestEventSource::reconnectsAfterRegionDownAndResumes()
{
    auto source = makeSource(*m_use1);
    QSignalSpy changes(source.get(), &EventSource::connectionChanged);
    QSignalSpy groups(source.get(), &EventSource::groupVersion);
    source->start();
    QTRY_VERIFY_WITH_TIMEOUT(source->isConnected(), 10000);
    const qint64 v1 = writeCapacity(10);
    QTRY_VERIFY_WITH_TIMEOUT(groupEvent(groups, v1), 10000);
    source->stop();

    const qint64 missed = writeCapacity(11);
    QVERIFY(missed > v1);
    const qsizetype before = changes.size();
    QCOMPARE(injectFault(kUse1, R"({"action":"down","forMs":1500})"), 200);
    source->start();
    // Refused until the region listens again; each refusal waits its (virtual) backoff.
    QTRY_VERIFY_WITH_TIMEOUT(changes.size() > before, 10000);
    QVERIFY(!change(changes, before).connected);
    QVERIFY2(change(changes, before).reason.startsWith(u"us-east-1: event stream failed (Connection refused)"_s),
             qPrintable(change(changes, before).reason));
    auto retryNowIfWaiting = [&source, this]() {
        if (source->nextAttemptAtMs())
            m_clock->advanceTo(source->nextAttemptAtMs());
        return source->isConnected();
    };
    QTRY_VERIFY_WITH_TIMEOUT(retryNowIfWaiting(), 15000);
    QVERIFY(source->connectionsOpened() == 2);
    QVERIFY(change(changes, changes.size() - 1).reason.startsWith(u"us-east-1: event stream resumed after event "_s));
    QTRY_VERIFY_WITH_TIMEOUT(groupEvent(groups, missed), 10000);
}

void TestEventSource::silentStreamIsDeadAfterThreeHeartbeats()
{
    auto source = makeSource(*m_use1);
    QSignalSpy changes(source.get(), &EventSource::connectionChanged);
    source->start();
    QTRY_VERIFY_WITH_TIMEOUT(source->isConnected(), 10000);

    // Heartbeats keep it alive: 30 s of silence, a heartbeat, 30 s more is 60 s in all but never 45 s quiet.
    const qint64 first = source->lastDataAtMs();
    m_clock->advanceBy(30000);
    QTRY_VERIFY_WITH_TIMEOUT(source->lastDataAtMs() > first, 10000); // the next real heartbeat (300 ms here)
    m_clock->advanceBy(30000);
    QVERIFY(source->isConnected());
    QCOMPARE(changes.size(), 1);

    // 45 s without a byte: dead, whatever the socket says.
    m_clock->advanceTo(source->lastDataAtMs() + 45000 - 1);
    QVERIFY(source->isConnected());
    m_clock->advanceBy(1);
    QVERIFY(!source->isConnected());
    QCOMPARE(changes.size(), 2);
    QCOMPARE(change(changes, 1).reason,
             u"us-east-1: event stream was silent for 45.0 s (missed heartbeats); reconnecting in 0.5 s"_s);
    const QByteArray resumeAt = source->lastEventId();
    m_clock->advanceBy(500);
    QTRY_VERIFY_WITH_TIMEOUT(source->isConnected(), 10000);
    const QString resumed = u"us-east-1: event stream resumed after event %1"_s.arg(QString::fromLatin1(resumeAt));
    QCOMPARE(change(changes, 2).reason, resumeAt.isEmpty() ? u"us-east-1: event stream connected"_s : resumed);
}

void TestEventSource::unansweredRequestIsDeadAfter45s()
{
    // A token in the cache makes start() send the request at once.
    bool cached = false;
    m_use1->fetchToken([&cached](const QString &token, const QString &) { cached = !token.isEmpty(); });
    QTRY_VERIFY_WITH_TIMEOUT(cached, 10000);

    // Every events request stalls until the faults are cleared below: whether the first one has reached the
    // server by the time virtual time moves on does not matter.
    QCOMPARE(injectFault(kUse1, R"({"action":"stall","path":"/api/v1/icp/events","count":1000})"), 200);
    auto source = makeSource(*m_use1);
    QSignalSpy changes(source.get(), &EventSource::connectionChanged);
    source->start();
    QVERIFY(source->isRunning());
    m_clock->advanceBy(45000);
    QCOMPARE(changes.size(), 1);
    QCOMPARE(change(changes, 0).reason,
             u"us-east-1: event stream got no answer in 45.0 s; reconnecting in 0.5 s"_s);
    cleanup();
    m_clock->advanceBy(500);
    QTRY_VERIFY_WITH_TIMEOUT(source->isConnected(), 10000);
}

void TestEventSource::newTokenOnceOn401()
{
    QString before;
    m_use1->fetchToken([&before](const QString &token, const QString &) { before = token; });
    QTRY_VERIFY_WITH_TIMEOUT(!before.isEmpty(), 10000);
    const qint64 tokenRequests = m_use1->tokenRequests();

    QCOMPARE(injectFault(kUse1, R"({"action":"revokeTokens"})"), 200);
    auto source = makeSource(*m_use1);
    QSignalSpy changes(source.get(), &EventSource::connectionChanged);
    source->start();
    QTRY_VERIFY_WITH_TIMEOUT(source->isConnected(), 10000);
    // Renewed at once and silently: the only report is the connection.
    QCOMPARE(changes.size(), 1);
    QVERIFY(change(changes, 0).connected);
    QCOMPARE(m_tokens.calls, 2);
    QCOMPARE(m_tokens.rejected, (QStringList{QString(), before}));
    QCOMPARE(m_use1->tokenRequests(), tokenRequests + 1);
}

void TestEventSource::repeated401IsReportedAndRetried()
{
    QCOMPARE(injectFault(kUse1, R"({"action":"status","status":401,"path":"/api/v1/icp/events","count":2})"), 200);
    auto source = makeSource(*m_use1);
    QSignalSpy changes(source.get(), &EventSource::connectionChanged);
    source->start();
    QTRY_COMPARE_WITH_TIMEOUT(changes.size(), 1, 10000);
    QCOMPARE(change(changes, 0).reason,
             u"us-east-1: event stream token rejected (401) again with a new token; check the client secret in "
             "Settings > Regions; reconnecting in 0.5 s"_s);
    QCOMPARE(m_tokens.calls, 2);
    m_clock->advanceBy(500);
    QTRY_VERIFY_WITH_TIMEOUT(source->isConnected(), 10000);
    // The attempt after the backoff asks for a new token again rather than resend the refused one.
    QCOMPARE(m_tokens.calls, 3);
    QVERIFY(!m_tokens.rejected.at(1).isEmpty());
    QVERIFY(!m_tokens.rejected.at(2).isEmpty());
}

void TestEventSource::forbiddenIsReportedNotRetried()
{
    auto source = makeSource(*m_noScope);
    QSignalSpy changes(source.get(), &EventSource::connectionChanged);
    source->start();
    QTRY_COMPARE_WITH_TIMEOUT(changes.size(), 1, 10000);
    QCOMPARE(change(changes, 0).reason,
             u"us-east-1: event stream forbidden (403, missing scope admin:trunk:read); grant the scope to this "
             "client, then restart the stream"_s);
    QVERIFY(!source->isRunning());
    QCOMPARE(source->nextAttemptAtMs(), 0);
    m_clock->advanceBy(600000);
    QCOMPARE(changes.size(), 1);
    QCOMPARE(m_tokens.calls, 1);
}

void TestEventSource::unknownTopicIsNotRetried()
{
    SseEventSourceOptions options;
    options.topics = {u"weather"_s};
    auto source = makeSource(*m_use1, options);
    QSignalSpy changes(source.get(), &EventSource::connectionChanged);
    source->start();
    QTRY_COMPARE_WITH_TIMEOUT(changes.size(), 1, 10000);
    const QString reason = change(changes, 0).reason;
    QVERIFY2(reason.startsWith(u"us-east-1: event stream refused (400 VALIDATION: unknown topic \"weather\""_s),
             qPrintable(reason));
    QVERIFY(reason.endsWith(u"; not retrying: check the region's ICP URL"_s));
    QVERIFY(!source->isRunning());
    m_clock->advanceBy(600000);
    QCOMPARE(changes.size(), 1);
}

namespace {

struct InProcessRun
{
    VirtualClock clock;
    SimCore core;
    InProcessEventSource source;
    QSignalSpy changes;
    QSignalSpy groups;
    QSignalSpy trunks;
    QSignalSpy metrics;
    QSignalSpy rejected;

    explicit InProcessRun(const Scenario &scenario)
        : clock(scenario.startTimeMs)
        , core(scenario, 5, clock)
        , source(core, QString(kApse1))
        , changes(&source, &EventSource::connectionChanged)
        , groups(&source, &EventSource::groupVersion)
        , trunks(&source, &EventSource::trunkChanged)
        , metrics(&source, &EventSource::trunkMetrics)
        , rejected(&source, &EventSource::eventRejected)
    {
    }

    // The events the core has put on the stream so far (some may still be on their network leg).
    QList<SimEvent> published() const { return core.eventsSince(QString(kApse1), 0); }
};

} // namespace

void TestEventSource::inProcessDeliversEveryEventOnce()
{
    InProcessRun run(*m_scenario);
    run.core.start();
    run.source.start();
    QCOMPARE(run.changes.size(), 1);
    QCOMPARE(change(run.changes, 0).reason, u"ap-southeast-1: event stream connected"_s);
    QVERIFY(run.source.isConnected());

    run.clock.advanceBy(100000); // the whole 90 s timeline: surge, churn, a trunk losing a proxy and regaining it
    const QList<SimEvent> published = run.published();
    QVERIFY(published.size() > 100);
    QCOMPARE(run.rejected.size(), 0);
    QVERIFY(run.source.lastEventId() > 0);
    // Every event up to the last delivered, once: ids are dense per region.
    QCOMPARE(run.source.eventsReceived(), run.source.lastEventId());

    qsizetype groupEvents = 0, trunkEvents = 0, metricEvents = 0;
    QHash<QString, qint64> lastVersion;
    for (const SimEvent &e : published) {
        if (e.id > run.source.lastEventId())
            break;
        if (e.topic == u"skillgroups"_s) {
            ++groupEvents;
            const Json j = Json::parse(e.data.toStdString());
            lastVersion[toQString(j["id"].get<std::string>())] = j["version"].get<qint64>();
        } else if (e.topic == u"trunks"_s) {
            if (e.data.contains("\"registersStatus\"")) {
                ++trunkEvents;
                ++metricEvents; // the trunk's calls
            } else {
                ++metricEvents;
            }
        }
    }
    QCOMPARE(run.groups.size(), groupEvents);
    QCOMPARE(run.trunks.size(), trunkEvents);
    QCOMPARE(run.metrics.size(), metricEvents);
    QVERIFY(groupEvents > 0);
    QCOMPARE(trunkEvents, 2); // apse1-byoc-03 proxy 1 down at 45 s, up at 52 s

    QHash<QString, qint64> decodedVersion;
    for (const QList<QVariant> &args : std::as_const(run.groups)) {
        const auto e = args.at(0).value<GroupVersionEvent>();
        QCOMPARE(e.region, QString(kApse1));
        QVERIFY(e.receivedAtMs >= e.modifiedAtMs); // delivered after its network leg
        QVERIFY(e.version > decodedVersion.value(e.skillGroupId)); // in order
        decodedVersion[e.skillGroupId] = e.version;
    }
    QCOMPARE(decodedVersion, lastVersion);
    const Trunk down = run.trunks.at(0).at(1).value<Trunk>();
    const Trunk up = run.trunks.at(1).at(1).value<Trunk>();
    QCOMPARE(down.id, u"apse1-byoc-03"_s);
    QVERIFY(!down.isRegistered());
    QVERIFY(up.isRegistered());
}

void TestEventSource::inProcessResumesAfterRestart()
{
    InProcessRun run(*m_scenario);
    run.core.start();
    run.source.start();
    run.clock.advanceBy(21000); // into the surge
    QVERIFY(run.source.eventsReceived() > 0);
    run.source.stop();
    QVERIFY(!run.source.isConnected());
    QCOMPARE(change(run.changes, 1).reason, u"ap-southeast-1: event stream stopped"_s);
    const qint64 stoppedAt = run.source.lastEventId();
    const qsizetype groupsBefore = run.groups.size();

    run.clock.advanceBy(10000); // missed while stopped
    QCOMPARE(run.groups.size(), groupsBefore);
    QVERIFY(run.published().last().id > stoppedAt);
    run.source.start();
    QCOMPARE(change(run.changes, 2).reason,
             u"ap-southeast-1: event stream resumed after event %1"_s.arg(stoppedAt));
    // The replay runs at once, including events still on their network leg; those are not given twice.
    QCOMPARE(run.source.lastEventId(), run.published().last().id);
    run.clock.advanceBy(70000);
    QCOMPARE(run.source.eventsReceived(), run.source.lastEventId());
    QCOMPARE(run.source.lastEventId(), run.published().last().id);
    QCOMPARE(run.rejected.size(), 0);
    QVERIFY(run.groups.size() > groupsBefore);

    // A region the core does not have is reported, not a crash.
    InProcessEventSource nowhere(run.core, u"eu-west-9"_s);
    QSignalSpy nowhereChanges(&nowhere, &EventSource::connectionChanged);
    nowhere.start();
    QCOMPARE(nowhereChanges.size(), 1);
    QCOMPARE(change(nowhereChanges, 0).reason, u"eu-west-9: no such region in the simulator"_s);
    QVERIFY(!nowhere.isConnected());
}

QTEST_GUILESS_MAIN(TestEventSource)
#include "tst_eventsource.moc"
