// The QHttpServer adapter over real loopback HTTP: a SimHost with the real SimCore on free ports, driven with
// QNetworkAccessManager, plus the icp-sim binary through QProcess. No sleeps: every wait is a QTRY/qWaitFor.

#include "Scenario.h"
#include "SimHost.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSignalSpy>
#include <QTest>
#include <QUuid>

#include <memory>
#include <unistd.h>

using namespace icp;
using namespace icp::sim;
using namespace Qt::StringLiterals;

namespace {

constexpr auto kApse1 = "ap-southeast-1"_L1;
constexpr auto kUse1 = "us-east-1"_L1;
const QByteArray kGroup = "use1-sg-1";

struct Answer
{
    int status = 0;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QByteArray body;
    QList<QNetworkReply::RawHeaderPair> headers;

    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    QByteArray header(const QByteArray &name) const
    {
        for (const auto &h : headers)
            if (h.first.compare(name, Qt::CaseInsensitive) == 0)
                return h.second;
        return {};
    }
};

qint64 residentBytes()
{
    QFile statm(u"/proc/self/statm"_s);
    if (!statm.open(QIODevice::ReadOnly))
        return 0;
    const QList<QByteArray> fields = statm.readAll().split(' ');
    return fields.size() > 1 ? fields[1].toLongLong() * sysconf(_SC_PAGESIZE) : 0;
}

struct SseEvent
{
    qint64 id = 0;
    QByteArray topic;
    QJsonObject data;
};

QList<SseEvent> parseEvents(const QByteArray &stream)
{
    QList<SseEvent> out;
    qsizetype from = 0;
    for (qsizetype end = stream.indexOf("\n\n"); end >= 0; from = end + 2, end = stream.indexOf("\n\n", from)) {
        SseEvent e;
        for (const QByteArray &line : stream.mid(from, end - from).split('\n')) {
            if (line.startsWith("id: "))
                e.id = line.mid(4).toLongLong();
            else if (line.startsWith("event: "))
                e.topic = line.mid(7);
            else if (line.startsWith("data: "))
                e.data = QJsonDocument::fromJson(line.mid(6)).object();
        }
        if (e.id > 0)
            out.push_back(e);
    }
    return out;
}

} // namespace

class TestSimHttp : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();

    void tokenOverHttp();
    void skillGroupsWithToken();
    void badRequests_data();
    void badRequests();
    void oversizedBodyGets413();
    void oversizedUploadKeepsMemoryFlat();
    void clientLeavesWhileAnswerDelayed();
    void injectedTransportFaults_data();
    void injectedTransportFaults();
    void regionDownRefusesThenListensAgain();
    void eventStreamDeliversWritesAndResumes();
    void eventStreamNeedsToken();
    void eventStreamHeartbeat();
    void icpSimBinaryServesAndStops();
    void icpSimRejectsBadArguments_data();
    void icpSimRejectsBadArguments();

private:
    QUrl url(QLatin1String region, const QString &pathAndQuery) const;
    QNetworkReply *send(const QByteArray &method, const QUrl &url, const QList<std::pair<QByteArray, QByteArray>> &headers,
                        const QByteArray &body = {}, int timeoutMs = 10000);
    Answer finish(QNetworkReply *reply, int timeoutMs = 15000);
    Answer exchange(const QByteArray &method, const QUrl &url,
                    const QList<std::pair<QByteArray, QByteArray>> &headers = {}, const QByteArray &body = {},
                    int timeoutMs = 10000)
    {
        return finish(send(method, url, headers, body, timeoutMs), timeoutMs + 5000);
    }
    QByteArray fetchToken(const QUrl &base, const OAuthClientSpec &client);
    QByteArray bearer(QLatin1String region) const { return "Bearer " + m_tokens.value(QString(region)); }
    Answer injectFault(QLatin1String region, const QByteArray &json);
    // One capacity write to kGroup on us-east-1, retried on 409; returns the new version (0 on failure).
    qint64 writeCapacity(int capacity);

    std::optional<Scenario> m_scenario;
    std::unique_ptr<SimHost> m_host;
    QNetworkAccessManager m_nam;
    QHash<QString, QByteArray> m_tokens;
};

QUrl TestSimHttp::url(QLatin1String region, const QString &pathAndQuery) const
{
    return m_host->baseUrls().value(QString(region)).resolved(QUrl(pathAndQuery));
}

QNetworkReply *TestSimHttp::send(const QByteArray &method, const QUrl &url,
                                 const QList<std::pair<QByteArray, QByteArray>> &headers, const QByteArray &body,
                                 int timeoutMs)
{
    QNetworkRequest request(url);
    request.setTransferTimeout(timeoutMs);
    for (const auto &[name, value] : headers)
        request.setRawHeader(name, value);
    if (method == "GET")
        return m_nam.get(request);
    return m_nam.sendCustomRequest(request, method, body);
}

Answer TestSimHttp::finish(QNetworkReply *reply, int timeoutMs)
{
    Answer a;
    // A real event loop, not QTRY's polling: QNetworkAccessManager feeds uploads to its HTTP thread through
    // this thread's events, and 10 ms polls throttle a 64 MiB upload to a crawl.
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!reply->isFinished() && !finished.wait(timeoutMs)) {
        reply->abort();
        a.error = QNetworkReply::TimeoutError;
    } else {
        a.error = reply->error();
    }
    a.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    a.body = reply->isOpen() ? reply->readAll() : QByteArray();
    a.headers = reply->rawHeaderPairs();
    reply->deleteLater();
    return a;
}

QByteArray TestSimHttp::fetchToken(const QUrl &base, const OAuthClientSpec &client)
{
    const QByteArray basic = (client.clientId + u':' + client.clientSecret).toUtf8().toBase64();
    const Answer a = exchange("POST", base.resolved(QUrl(u"/oauth/token"_s)),
                              {{"Authorization", "Basic " + basic},
                               {"Content-Type", "application/x-www-form-urlencoded"}},
                              "grant_type=client_credentials");
    if (a.status != 200)
        qWarning() << "token request failed" << a.status << a.error << a.body;
    return a.json().value(u"access_token"_s).toString().toUtf8();
}

Answer TestSimHttp::injectFault(QLatin1String region, const QByteArray &json)
{
    return exchange("POST", url(region, u"/sim/v1/faults"_s), {{"Content-Type", "application/json"}}, json);
}

qint64 TestSimHttp::writeCapacity(int capacity)
{
    const QString path = u"/api/v1/icp/skillgroups/"_s + QString::fromLatin1(kGroup);
    Answer group = exchange("GET", url(kUse1, path), {{"Authorization", bearer(kUse1)}});
    qint64 version = group.json().value(u"version"_s).toInteger();
    const QString agent = group.json().value(u"members"_s).toArray().first().toObject().value(u"agentId"_s).toString();
    for (int attempt = 0; attempt < 5; ++attempt) {
        const QJsonObject update{{u"agentId"_s, agent},
                                 {u"status"_s, u"AVAILABLE"_s},
                                 {u"capacity"_s, capacity},
                                 {u"sourceTimestamp"_s,
                                  QDateTime::currentDateTimeUtc().addSecs(3600).toString(Qt::ISODateWithMs)}};
        const QJsonObject body{{u"expectedVersion"_s, version}, {u"updates"_s, QJsonArray{update}}};
        const Answer a = exchange("POST", url(kUse1, path + u"/capacity:bulk"_s),
                                  {{"Authorization", bearer(kUse1)},
                                   {"Content-Type", "application/json"},
                                   {"Idempotency-Key", QUuid::createUuid().toByteArray(QUuid::WithoutBraces)}},
                                  QJsonDocument(body).toJson(QJsonDocument::Compact));
        if (a.status == 200)
            return a.json().value(u"version"_s).toInteger();
        if (a.status != 409) {
            qWarning() << "capacity write failed" << a.status << a.error << a.body;
            return 0;
        }
        version = a.json().value(u"currentVersion"_s).toInteger();
    }
    return 0;
}

void TestSimHttp::initTestCase()
{
    QString error;
    m_scenario = Scenario::load(u"seed-peak"_s, &error);
    QVERIFY2(m_scenario, qPrintable(error));
    SimHostOptions options;
    options.seed = 7;
    options.heartbeatMs = 300;
    options.core.runTimeline = false; // only the tests' own requests change state
    m_host = std::make_unique<SimHost>(*m_scenario, options);
    QSignalSpy ready(m_host.get(), &SimHost::ready);
    m_host->start();
    QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 1, 10000);
    QCOMPARE(m_host->baseUrls().size(), m_scenario->regions.size());
    for (const RegionSpec &r : m_scenario->regions) {
        const QUrl base = m_host->baseUrls().value(r.id);
        QCOMPARE(base.host(), u"127.0.0.1"_s);
        QVERIFY(base.port() > 0);
        m_tokens.insert(r.id, fetchToken(base, r.clients.first()));
        QVERIFY2(!m_tokens.value(r.id).isEmpty(), qPrintable(r.id));
    }
}

void TestSimHttp::cleanup()
{
    for (const RegionSpec &r : m_scenario->regions)
        exchange("DELETE", m_host->baseUrls().value(r.id).resolved(QUrl(u"/sim/v1/faults"_s)));
}

void TestSimHttp::tokenOverHttp()
{
    const RegionSpec &region = m_scenario->regions.first();
    const QByteArray token = fetchToken(m_host->baseUrls().value(region.id), region.clients.first());
    QVERIFY(!token.isEmpty());

    OAuthClientSpec wrong = region.clients.first();
    wrong.clientSecret = u"not-the-secret"_s;
    const QByteArray basic = (wrong.clientId + u':' + wrong.clientSecret).toUtf8().toBase64();
    const QUrl tokenUrl = m_host->baseUrls().value(region.id).resolved(QUrl(u"/oauth/token"_s));
    const Answer refused = exchange("POST", tokenUrl,
                                    {{"Authorization", "Basic " + basic},
                                     {"Content-Type", "application/x-www-form-urlencoded"}},
                                    "grant_type=client_credentials");
    QCOMPARE(refused.status, 401);
}

void TestSimHttp::skillGroupsWithToken()
{
    const Answer a = exchange("GET", url(kUse1, u"/api/v1/icp/skillgroups"_s), {{"Authorization", bearer(kUse1)}});
    QCOMPARE(a.status, 200);
    QVERIFY(!a.header("ININ-Correlation-Id").isEmpty());
    const QJsonArray entities = a.json().value(u"entities"_s).toArray();
    QVERIFY(!entities.isEmpty());
    for (const QJsonValue &e : entities)
        QCOMPARE(e.toObject().value(u"region"_s).toString(), QString(kUse1));
}

void TestSimHttp::badRequests_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");

    const QString bulk = u"/api/v1/icp/skillgroups/use1-sg-1/capacity:bulk"_s;
    QTest::newRow("unknown path") << QByteArray("GET") << u"/api/v1/icp/no-such-thing"_s << QByteArray() << QByteArray()
                                  << 404;
    QTest::newRow("unknown root") << QByteArray("GET") << u"/nowhere"_s << QByteArray() << QByteArray() << 404;
    QTest::newRow("wrong method") << QByteArray("DELETE") << u"/api/v1/icp/skillgroups"_s << QByteArray()
                                  << QByteArray() << 405;
    QTest::newRow("malformed JSON") << QByteArray("POST") << bulk << QByteArray("application/json")
                                    << QByteArray(R"({"expectedVersion": 1, "updates": [)") << 400;
    QTest::newRow("wrong content type") << QByteArray("POST") << bulk << QByteArray("text/plain")
                                        << QByteArray(R"({"expectedVersion":1,"updates":[]})") << 415;
}

void TestSimHttp::badRequests()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(QByteArray, contentType);
    QFETCH(QByteArray, body);
    QFETCH(int, status);

    QList<std::pair<QByteArray, QByteArray>> headers{{"Authorization", bearer(kUse1)},
                                                     {"Idempotency-Key", "bad-request-test"}};
    if (!contentType.isEmpty())
        headers.push_back({"Content-Type", contentType});
    const Answer a = exchange(method, url(kUse1, path), headers, body);
    QCOMPARE(a.status, status);
    const QJsonObject error = a.json();
    QVERIFY2(error.contains(u"errorCode"_s) || error.contains(u"code"_s), a.body.constData());
    QVERIFY(!error.value(u"message"_s).toString().isEmpty());
    if (status == 405)
        QVERIFY(!a.header("Allow").isEmpty());
    // The server stays up.
    QCOMPARE(exchange("GET", url(kUse1, u"/api/v1/icp/skillgroups"_s), {{"Authorization", bearer(kUse1)}}).status,
             200);
}

void TestSimHttp::oversizedBodyGets413()
{
    const QByteArray body(5 * 1024 * 1024, 'x');
    const Answer a = exchange("POST", url(kUse1, u"/api/v1/icp/skillgroups/use1-sg-1/capacity:bulk"_s),
                              {{"Authorization", bearer(kUse1)}, {"Content-Type", "application/json"}}, body);
    QCOMPARE(a.status, 413);
    QCOMPARE(a.json().value(u"errorCode"_s).toString(), u"PAYLOAD_TOO_LARGE"_s);
    QVERIFY(!a.json().value(u"message"_s).toString().isEmpty());
    QCOMPARE(exchange("GET", url(kUse1, u"/api/v1/icp/skillgroups"_s), {{"Authorization", bearer(kUse1)}}).status,
             200);
}

void TestSimHttp::oversizedUploadKeepsMemoryFlat()
{
    // Without the early hook QHttpServer 6.4 buffers the whole upload (more than twice its size) first.
    const qint64 size = 64 * 1024 * 1024;
    const QByteArray body(size, 'y');
    const qint64 before = residentBytes();
    const Answer a = exchange("POST", url(kApse1, u"/api/v1/icp/skillgroups/apse1-sg-1/capacity:bulk"_s),
                              {{"Authorization", bearer(kApse1)}, {"Content-Type", "application/json"}}, body,
                              30000);
    QCOMPARE(a.status, 413);
#if defined(__SANITIZE_ADDRESS__)
    QSKIP("ASan's quarantine keeps freed receive buffers resident; the bound is checked in the normal build");
#endif
    const qint64 grown = residentBytes() - before;
    QVERIFY2(grown < size / 2, qPrintable(u"resident memory grew by %1 MiB"_s.arg(grown >> 20)));
}

void TestSimHttp::clientLeavesWhileAnswerDelayed()
{
    // ap-southeast-1 answers after two simulated legs (at least 90 ms): each client goes away once its request
    // is on the wire, so the server later writes to connections that are gone (the 6.4 use-after-free).
    QList<QNetworkReply *> leaving;
    for (int i = 0; i < 8; ++i) {
        QNetworkReply *reply = send("GET", url(kApse1, u"/api/v1/icp/skillgroups"_s),
                                    {{"Authorization", bearer(kApse1)}});
        connect(reply, &QNetworkReply::requestSent, reply, &QNetworkReply::abort);
        leaving.push_back(reply);
    }
    QTRY_VERIFY(std::all_of(leaving.cbegin(), leaving.cend(), [](QNetworkReply *r) { return r->isFinished(); }));
    for (QNetworkReply *r : leaving) {
        QCOMPARE(r->error(), QNetworkReply::OperationCanceledError);
        r->deleteLater();
    }
    // Three answers in a row take longer than any abandoned one (at most 150 ms), and all still arrive.
    for (int i = 0; i < 3; ++i)
        QCOMPARE(exchange("GET", url(kApse1, u"/api/v1/icp/skillgroups"_s), {{"Authorization", bearer(kApse1)}})
                     .status,
                 200);
}

void TestSimHttp::injectedTransportFaults_data()
{
    QTest::addColumn<QByteArray>("action");
    QTest::addColumn<int>("timeoutMs");
    QTest::addColumn<QList<int>>("errors");
    // QNetworkAccessManager resends once by itself after a broken connection, so faults cover two requests.
    QTest::newRow("reset") << QByteArray("reset") << 10000
                           << QList<int>{QNetworkReply::RemoteHostClosedError};
    QTest::newRow("truncate") << QByteArray("truncate") << 10000
                              << QList<int>{QNetworkReply::RemoteHostClosedError};
    QTest::newRow("stall") << QByteArray("stall") << 500 << QList<int>{QNetworkReply::OperationCanceledError};
}

void TestSimHttp::injectedTransportFaults()
{
    QFETCH(QByteArray, action);
    QFETCH(int, timeoutMs);
    QFETCH(QList<int>, errors);

    const Answer injected =
        injectFault(kUse1, R"({"action":")" + action + R"(","path":"/api/v1/icp/skillgroups","count":2})");
    QCOMPARE(injected.status, 200);
    const Answer a = exchange("GET", url(kUse1, u"/api/v1/icp/skillgroups"_s), {{"Authorization", bearer(kUse1)}}, {},
                              timeoutMs);
    QVERIFY2(errors.contains(int(a.error)), qPrintable(u"got error %1, status %2"_s.arg(int(a.error)).arg(a.status)));
    QCOMPARE(a.status == 200 && a.error == QNetworkReply::NoError, false);

    QCOMPARE(exchange("DELETE", url(kUse1, u"/sim/v1/faults"_s)).status, 200);
    QCOMPARE(exchange("GET", url(kUse1, u"/api/v1/icp/skillgroups"_s), {{"Authorization", bearer(kUse1)}}).status,
             200);
}

void TestSimHttp::regionDownRefusesThenListensAgain()
{
    const QUrl before = m_host->baseUrls().value(QString(kUse1));
    QCOMPARE(injectFault(kUse1, R"({"action":"down","forMs":800})").status, 200);
    const Answer refused =
        exchange("GET", url(kUse1, u"/api/v1/icp/skillgroups"_s), {{"Authorization", bearer(kUse1)}});
    QCOMPARE(refused.error, QNetworkReply::ConnectionRefusedError);
    // Back on the same port once the outage ends.
    QTRY_COMPARE_WITH_TIMEOUT(
        exchange("GET", url(kUse1, u"/api/v1/icp/skillgroups"_s), {{"Authorization", bearer(kUse1)}}).status, 200,
        10000);
    QCOMPARE(m_host->baseUrls().value(QString(kUse1)), before);
}

void TestSimHttp::eventStreamDeliversWritesAndResumes()
{
    QByteArray received;
    auto open = [&](qint64 lastEventId) {
        QList<std::pair<QByteArray, QByteArray>> headers{{"Authorization", bearer(kUse1)},
                                                         {"Accept", "text/event-stream"}};
        if (lastEventId > 0)
            headers.push_back({"Last-Event-ID", QByteArray::number(lastEventId)});
        QNetworkReply *stream = send("GET", url(kUse1, u"/api/v1/icp/events?topics=skillgroups"_s), headers, {}, 0);
        connect(stream, &QIODevice::readyRead, this, [stream, &received]() { received += stream->readAll(); });
        return stream;
    };
    auto eventFor = [&](qint64 version) -> std::optional<SseEvent> {
        for (const SseEvent &e : parseEvents(received))
            if (e.topic == "skillgroups" && e.data.value(u"id"_s).toString() == QString::fromLatin1(kGroup)
                && e.data.value(u"version"_s).toInteger() == version)
                return e;
        return std::nullopt;
    };

    QNetworkReply *stream = open(0);
    QTRY_VERIFY(received.contains(": stream open"));
    QCOMPARE(stream->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    QCOMPARE(stream->header(QNetworkRequest::ContentTypeHeader).toString(), u"text/event-stream"_s);
    QVERIFY(!stream->rawHeader("ININ-Correlation-Id").isEmpty());

    const qint64 first = writeCapacity(2);
    QVERIFY(first > 0);
    QTRY_VERIFY(eventFor(first));
    const SseEvent seen = *eventFor(first);
    QVERIFY(!seen.data.value(u"modifiedBy"_s).toString().isEmpty());
    stream->abort();
    stream->deleteLater();

    // Written while disconnected: replayed after Last-Event-ID on reconnect, and nothing older comes again.
    const qint64 missed = writeCapacity(3);
    QVERIFY(missed > first);
    received.clear();
    stream = open(seen.id);
    QTRY_VERIFY(eventFor(missed));
    QVERIFY(eventFor(missed)->id > seen.id);
    for (const SseEvent &e : parseEvents(received))
        QVERIFY(e.id > seen.id);
    stream->abort();
    stream->deleteLater();
}

void TestSimHttp::eventStreamNeedsToken()
{
    const Answer a = exchange("GET", url(kUse1, u"/api/v1/icp/events?topics=trunks"_s), {}, {}, 5000);
    QCOMPARE(a.status, 401);
    QVERIFY(!a.header("Content-Type").contains("event-stream"));
    const Answer unknown = exchange("GET", url(kUse1, u"/api/v1/icp/events?topics=weather"_s),
                                    {{"Authorization", bearer(kUse1)}}, {}, 5000);
    QCOMPARE(unknown.status, 400);
}

void TestSimHttp::eventStreamHeartbeat()
{
    QByteArray received;
    QNetworkReply *stream = send("GET", url(kApse1, u"/api/v1/icp/events"_s),
                                 {{"Authorization", bearer(kApse1)}, {"Accept", "text/event-stream"}}, {}, 0);
    connect(stream, &QIODevice::readyRead, this, [stream, &received]() { received += stream->readAll(); });
    QTRY_VERIFY(received.contains(": heartbeat\n\n")); // every 300 ms in this host, 15 s by default
    stream->abort();
    stream->deleteLater();
}

void TestSimHttp::icpSimBinaryServesAndStops()
{
    QProcess sim;
    sim.setProgram(QStringLiteral(ICP_SIM_BINARY));
    sim.setArguments({u"--scenario"_s, u"seed-peak"_s, u"--seed"_s, u"3"_s, u"--port-base"_s, u"0"_s});
    sim.start();
    QVERIFY(sim.waitForStarted());
    QByteArray out;
    connect(&sim, &QProcess::readyReadStandardOutput, this, [&]() { out += sim.readAllStandardOutput(); });
    QTRY_COMPARE_WITH_TIMEOUT(out.count('\n'), m_scenario->regions.size(), 10000);

    QHash<QString, QUrl> urls;
    for (const QByteArray &line : out.trimmed().split('\n')) {
        const QList<QByteArray> parts = line.split(' ');
        QCOMPARE(parts.size(), 2);
        urls.insert(QString::fromUtf8(parts[0]), QUrl(QString::fromUtf8(parts[1])));
    }
    for (const RegionSpec &r : m_scenario->regions) {
        QVERIFY2(urls.value(r.id).isValid(), qPrintable(r.id));
        QCOMPARE(urls.value(r.id).scheme(), u"http"_s);
        QVERIFY(!fetchToken(urls.value(r.id), r.clients.first()).isEmpty());
    }

    QSignalSpy finished(&sim, &QProcess::finished);
    sim.terminate(); // SIGTERM
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);
    QCOMPARE(sim.exitStatus(), QProcess::NormalExit);
    QCOMPARE(sim.exitCode(), 0);
}

void TestSimHttp::icpSimRejectsBadArguments_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("no scenario") << QStringList{} << u"--scenario"_s;
    QTest::newRow("unknown scenario") << QStringList{u"--scenario"_s, u"no-such-scenario"_s} << u"no-such-scenario"_s;
    QTest::newRow("bad port") << QStringList{u"--scenario"_s, u"seed-peak"_s, u"--port-base"_s, u"http"_s}
                              << u"--port-base"_s;
    QTest::newRow("bad seed") << QStringList{u"--scenario"_s, u"seed-peak"_s, u"--seed"_s, u"-4"_s} << u"--seed"_s;
    QTest::newRow("unknown option") << QStringList{u"--scenario"_s, u"seed-peak"_s, u"--colour"_s} << u"colour"_s;
}

void TestSimHttp::icpSimRejectsBadArguments()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, mentions);
    QProcess sim;
    QSignalSpy finished(&sim, &QProcess::finished);
    sim.start(QStringLiteral(ICP_SIM_BINARY), arguments);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);
    QCOMPARE(sim.exitStatus(), QProcess::NormalExit);
    QCOMPARE(sim.exitCode(), 2);
    const QString err = QString::fromUtf8(sim.readAllStandardError());
    QVERIFY2(err.contains(mentions), qPrintable(err));
    QVERIFY(sim.readAllStandardOutput().isEmpty());
}

QTEST_GUILESS_MAIN(TestSimHttp)
#include "tst_simhttp.moc"
