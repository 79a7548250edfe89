// POST /wfm/v1/availability over real loopback HTTP, against the real endpoint (WfmIngestServer) committing to
// a real SQLite outbox: every refusal (400, 401, 404, 405, 413, 415) with its clear JSON body and headers, and a
// 202 that counts accepted, stale, duplicate and rejected items exactly as the outbox and the validator decided,
// with the accepted ones in the outbox file before the answer arrives.
#include "Outbox.h"
#include "WfmIngestServer.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace icp;

namespace {

const QByteArray kToken = "test-token-0123456789abcdef";

QList<Agent> roster()
{
    QList<Agent> agents;
    for (int i = 1; i <= 4; ++i)
        agents << Agent{QStringLiteral("a%1").arg(i), {}, {}, QStringLiteral("us-east-1"), QStringLiteral("t1"),
                        QStringLiteral("g1")};
    return agents;
}

struct Answer
{
    int status = 0;
    QByteArray body;
    QByteArray wwwAuthenticate;
    QByteArray allow;
    Json json;
};

QByteArray item(const char *agent, const char *status, int capacity, qint64 ts)
{
    return dumpJson(Json{{"agentId", agent}, {"status", status}, {"capacity", capacity}, {"timestamp", ts}});
}

} // namespace

class TestWfmIngest : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void refusals_data();
    void refusals();
    void acceptedStaleDuplicateRejectedAreCountedAndCommitted();
    void ndjsonRejectionsNameTheirLines();
    void tooManyItems();
    void bodyOverTheLimitIsRefusedBeforeItIsRead();

private:
    Answer send(const QByteArray &method, const QString &path, const QByteArray &contentType,
                const QByteArray &authorization, const QByteArray &body);

    QTemporaryDir m_dir;
    SystemClock m_clock;
    std::unique_ptr<Outbox> m_outbox;
    std::unique_ptr<WfmIngestServer> m_server;
    QNetworkAccessManager m_nam;
    int m_commits = 0;
};

void TestWfmIngest::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_outbox = std::make_unique<Outbox>(m_dir.filePath(QStringLiteral("outbox.db")), QStringLiteral("ingest-test"));
    QVERIFY(m_outbox->open());
    WfmIngestOptions options;
    options.token = kToken;
    m_server = std::make_unique<WfmIngestServer>(options, roster(),
                                                 [this](const QList<OutboxChange> &changes) {
                                                     ++m_commits;
                                                     return m_outbox->accept(changes, m_clock.nowMs());
                                                 },
                                                 m_clock);
    QString error;
    QVERIFY2(m_server->listen(&error), qPrintable(error));
    QCOMPARE(m_server->url().host(), QStringLiteral("127.0.0.1"));
}

void TestWfmIngest::cleanupTestCase()
{
    m_server.reset();
    m_outbox.reset();
}

Answer TestWfmIngest::send(const QByteArray &method, const QString &path, const QByteArray &contentType,
                           const QByteArray &authorization, const QByteArray &body)
{
    QUrl url = m_server->url();
    url.setPath(path);
    QNetworkRequest request(url);
    if (!contentType.isEmpty())
        request.setRawHeader("Content-Type", contentType);
    if (!authorization.isEmpty())
        request.setRawHeader("Authorization", authorization);
    std::unique_ptr<QNetworkReply> reply(m_nam.sendCustomRequest(request, method, body));
    QSignalSpy finished(reply.get(), &QNetworkReply::finished);
    Answer a;
    if (!finished.wait(20000))
        return a;
    a.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    a.body = reply->readAll();
    a.wwwAuthenticate = reply->rawHeader("WWW-Authenticate");
    a.allow = reply->rawHeader("Allow");
    DecodeError error;
    if (auto j = parseJson(a.body, error))
        a.json = *j;
    return a;
}

void TestWfmIngest::refusals_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QByteArray>("authorization");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("errorCode");
    QTest::addColumn<QString>("messageNames");

    const QByteArray bearer = "Bearer " + kToken;
    const QByteArray ok = "[" + item("a1", "AVAILABLE", 1, QDateTime::currentMSecsSinceEpoch() - 1000) + "]";
    const QString path = QLatin1String(WfmIngestHandler::kPath);
    QTest::newRow("no token") << QByteArray("POST") << path << QByteArray("application/json") << QByteArray() << ok
                              << 401 << "UNAUTHORIZED" << "missing bearer token";
    QTest::newRow("wrong token") << QByteArray("POST") << path << QByteArray("application/json")
                                 << QByteArray("Bearer not-the-token-at-all") << ok << 401 << "UNAUTHORIZED" << "rejected";
    QTest::newRow("token prefix") << QByteArray("POST") << path << QByteArray("application/json")
                                  << QByteArray("Bearer ") + kToken.left(10) << ok << 401 << "UNAUTHORIZED" << "rejected";
    QTest::newRow("basic scheme") << QByteArray("POST") << path << QByteArray("application/json")
                                  << QByteArray("Basic ") + kToken.toBase64() << ok << 401 << "UNAUTHORIZED" << "Bearer scheme";
    QTest::newRow("text/plain") << QByteArray("POST") << path << QByteArray("text/plain") << bearer << ok
                                << 415 << "UNSUPPORTED_MEDIA_TYPE" << "\"text/plain\"";
    QTest::newRow("csv over HTTP") << QByteArray("POST") << path << QByteArray("text/csv") << bearer << ok
                                   << 415 << "UNSUPPORTED_MEDIA_TYPE" << "application/x-ndjson";
    QTest::newRow("not JSON") << QByteArray("POST") << path << QByteArray("application/json") << bearer
                              << QByteArray("[{\"agentId\":") << 400 << "MALFORMED_BODY" << "not JSON";
    QTest::newRow("an object") << QByteArray("POST") << path << QByteArray("application/json; charset=utf-8") << bearer
                               << QByteArray(R"({"items":[]})") << 400 << "MALFORMED_BODY" << "JSON array";
    QTest::newRow("empty body") << QByteArray("POST") << path << QByteArray("application/json") << bearer
                                << QByteArray() << 400 << "MALFORMED_BODY" << "empty body";
    QTest::newRow("ndjson line not JSON") << QByteArray("POST") << path << QByteArray("application/x-ndjson") << bearer
                                          << ok.mid(1, ok.size() - 2) + "\n{oops\n" << 400 << "MALFORMED_BODY" << "line 2";
    QTest::newRow("wrong path") << QByteArray("POST") << QStringLiteral("/wfm/v1/agents") << QByteArray("application/json")
                                << bearer << ok << 404 << "NOT_FOUND" << "/wfm/v1/agents";
    QTest::newRow("GET") << QByteArray("GET") << path << QByteArray() << bearer << QByteArray()
                         << 405 << "METHOD_NOT_ALLOWED" << "use POST";
}

void TestWfmIngest::refusals()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(QByteArray, contentType);
    QFETCH(QByteArray, authorization);
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    QFETCH(QString, errorCode);
    QFETCH(QString, messageNames);
    const int commitsBefore = m_commits;
    const Answer a = send(method, path, contentType, authorization, body);
    QCOMPARE(a.status, status);
    QVERIFY2(a.json.is_object(), a.body.constData());
    QCOMPARE(toQString(a.json.value("errorCode", std::string())), errorCode);
    QCOMPARE(a.json.value("status", 0), status);
    const QString message = toQString(a.json.value("message", std::string()));
    QVERIFY2(message.contains(messageNames), qPrintable(message));
    QVERIFY2(!a.body.contains(kToken), "an answer never carries the token");
    QCOMPARE(m_commits, commitsBefore); // nothing reached the outbox
    if (status == 401) {
        QVERIFY2(a.wwwAuthenticate.startsWith("Bearer realm="), a.wwwAuthenticate.constData());
        QCOMPARE(a.wwwAuthenticate.contains("invalid_token"), !authorization.isEmpty());
    }
    if (status == 405)
        QCOMPARE(a.allow, QByteArray("POST"));
}

void TestWfmIngest::acceptedStaleDuplicateRejectedAreCountedAndCommitted()
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    // a1 twice identical (duplicate), a2 newer then older (stale), a3 with an unknown status, an unknown agent,
    // a4 ten minutes in the future.
    const QByteArray body = "[" + item("a1", "AVAILABLE", 2, now - 3000) + "," + item("a1", "AVAILABLE", 2, now - 3000)
        + "," + item("a2", "ON_CALL", 1, now - 1000) + "," + item("a2", "AVAILABLE", 3, now - 2000) + ","
        + item("a3", "SLEEPING", 1, now - 1000) + "," + item("ghost", "AVAILABLE", 1, now - 1000) + ","
        + item("a4", "AVAILABLE", 1, now + 600000) + "]";
    const Answer a = send("POST", QLatin1String(WfmIngestHandler::kPath), "application/json", "Bearer " + kToken, body);
    QCOMPARE(a.status, 202);
    QVERIFY2(a.json.is_object(), a.body.constData());
    QCOMPARE(a.json["accepted"].get<int>(), 2);
    QCOMPARE(a.json["duplicate"].get<int>(), 1);
    QCOMPARE(a.json["stale"].get<int>(), 1);
    QCOMPARE(a.json["rejected"].get<int>(), 3);
    const Json &r = a.json["rejections"];
    QCOMPARE(int(r.size()), 3);
    QCOMPARE(r[0]["index"].get<int>(), 4);
    QCOMPARE(r[0]["agentId"].get<std::string>(), std::string("a3"));
    QCOMPARE(r[0]["reason"].get<std::string>(), std::string("unknown_status"));
    QCOMPARE(r[1]["index"].get<int>(), 5);
    QCOMPARE(r[1]["reason"].get<std::string>(), std::string("unknown_agent"));
    QCOMPARE(r[2]["index"].get<int>(), 6);
    QCOMPARE(r[2]["reason"].get<std::string>(), std::string("future_timestamp"));
    QVERIFY(toQString(r[2]["message"].get<std::string>()).contains(QStringLiteral("timestamp:")));

    // Committed before the answer: the outbox holds the newest of each accepted agent.
    const auto a1 = m_outbox->entry(QStringLiteral("a1"));
    QVERIFY(a1);
    QCOMPARE(a1->change, (AgentAvailability{QStringLiteral("a1"), AgentStatus::Available, 2, now - 3000}));
    const auto a2 = m_outbox->entry(QStringLiteral("a2"));
    QVERIFY(a2);
    QCOMPARE(a2->change, (AgentAvailability{QStringLiteral("a2"), AgentStatus::OnCall, 1, now - 1000}));
    QVERIFY(!m_outbox->entry(QStringLiteral("a3")));
    QVERIFY(!m_outbox->entry(QStringLiteral("a4")));

    // The same batch again: nothing new, everything counted duplicate or stale (idempotent).
    const Answer again = send("POST", QLatin1String(WfmIngestHandler::kPath), "application/json", "Bearer " + kToken, body);
    QCOMPARE(again.status, 202);
    QCOMPARE(again.json["accepted"].get<int>(), 0);
    QCOMPARE(again.json["duplicate"].get<int>(), 3);
    QCOMPARE(again.json["stale"].get<int>(), 1);
    QCOMPARE(again.json["rejected"].get<int>(), 3);
}

void TestWfmIngest::ndjsonRejectionsNameTheirLines()
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const QByteArray body = item("a3", "BREAK", 0, now - 500) + "\n\n" + item("a4", "AVAILABLE", 40, now - 500) + "\n";
    const Answer a = send("POST", QLatin1String(WfmIngestHandler::kPath), "application/x-ndjson", "Bearer " + kToken, body);
    QCOMPARE(a.status, 202);
    QCOMPARE(a.json["accepted"].get<int>(), 1);
    QCOMPARE(a.json["rejected"].get<int>(), 1);
    const Json &r = a.json["rejections"][0];
    QCOMPARE(r["index"].get<int>(), 1);
    QCOMPARE(r["line"].get<int>(), 3);
    QCOMPARE(r["reason"].get<std::string>(), std::string("capacity_out_of_range"));
}

void TestWfmIngest::tooManyItems()
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    QByteArray body = "[";
    for (int i = 0; i < WfmIngestLimits::kDefaultMaxItems + 1; ++i)
        body += (i ? "," : "") + item("a1", "AVAILABLE", 1, now - 100000 + i);
    body += "]";
    QVERIFY(body.size() < WfmIngestLimits::kDefaultBodyLimit);
    const int commitsBefore = m_commits;
    const Answer a = send("POST", QLatin1String(WfmIngestHandler::kPath), "application/json", "Bearer " + kToken, body);
    QCOMPARE(a.status, 413);
    QCOMPARE(toQString(a.json.value("errorCode", std::string())), QStringLiteral("TOO_MANY_ITEMS"));
    QVERIFY(toQString(a.json.value("message", std::string())).contains(QStringLiteral("5001 items")));
    QCOMPARE(m_commits, commitsBefore);
}

void TestWfmIngest::bodyOverTheLimitIsRefusedBeforeItIsRead()
{
    const QByteArray body = "[" + QByteArray(WfmIngestLimits::kDefaultBodyLimit, ' ') + "]";
    const int commitsBefore = m_commits;
    const Answer a = send("POST", QLatin1String(WfmIngestHandler::kPath), "application/json", "Bearer " + kToken, body);
    QCOMPARE(a.status, 413);
    QCOMPARE(toQString(a.json.value("errorCode", std::string())), QStringLiteral("PAYLOAD_TOO_LARGE"));
    QVERIFY(toQString(a.json.value("message", std::string())).contains(QStringLiteral("at most 5000 items")));
    QCOMPARE(m_commits, commitsBefore);
}

QTEST_GUILESS_MAIN(TestWfmIngest)
#include "tst_wfmingest.moc"
