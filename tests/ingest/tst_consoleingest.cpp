// The window's wiring of the ingest endpoint: ConsoleRuntime with an ingest port serves POST /wfm/v1/availability
// on the engine's worker thread (EngineHost's startFeed path). This thread plays the GUI thread: it only runs its
// event loop while the request is answered there, and the change then reaches the embedded simulator.
#include "ConsoleRuntime.h"
#include "JsonCodec.h"
#include "MetaTypes.h"
#include "SimHost.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

using namespace icp;

namespace {

const QByteArray kToken = "console-ingest-token-31d0c2";

quint16 freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

QByteArray request(QNetworkAccessManager &nam, const QUrl &url, const QByteArray &body, int *status)
{
    QNetworkRequest r(url);
    r.setRawHeader("Content-Type", "application/json");
    r.setRawHeader("Authorization", "Bearer " + kToken);
    std::unique_ptr<QNetworkReply> reply(body.isNull() ? nam.get(r) : nam.post(r, body));
    QSignalSpy finished(reply.get(), &QNetworkReply::finished);
    if (!finished.wait(20000))
        return {};
    *status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    return reply->readAll();
}

} // namespace

class TestConsoleIngest : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { registerMetaTypes(); }
    void endpointOnTheEngineThreadCommitsAndSyncs();
};

void TestConsoleIngest::endpointOnTheEngineThreadCommitsAndSyncs()
{
    QString error;
    auto scenario = Scenario::load(QStringLiteral(ICP_INGEST_DATA_DIR "/ingest-small.json"), &error);
    QVERIFY2(scenario, qPrintable(error));
    ConsoleRuntimeOptions o;
    o.scenario = *scenario;
    WfmIngestOptions ingest;
    ingest.port = freePort();
    ingest.token = kToken;
    o.ingest = ingest;
    ConsoleRuntime runtime(o);
    QSignalSpy ready(&runtime, &ConsoleRuntime::ready);
    runtime.start();
    QVERIFY(ready.wait(30000));

    QNetworkAccessManager nam;
    QUrl url(QStringLiteral("http://127.0.0.1/wfm/v1/availability"));
    url.setPort(ingest.port);
    const qint64 ts = QDateTime::currentMSecsSinceEpoch();
    const QByteArray body = dumpJson(Json::array({Json{{"agentId", "use1-g2-a0007"}, {"status", "ON_CALL"},
                                                       {"capacity", 3}, {"timestamp", ts}}}));
    int status = 0;
    QByteArray answer;
    // The server starts listening on the engine thread right after the engine opened: retry until it answers.
    for (QDeadlineTimer deadline(10000); status != 202 && !deadline.hasExpired();) {
        answer = request(nam, url, body, &status);
        if (status != 202)
            QTest::qWait(50);
    }
    QCOMPARE(status, 202);
    DecodeError err;
    const auto json = parseJson(answer, err);
    QVERIFY2(json && json->is_object(), answer.constData());
    QVERIFY2((*json)["accepted"].get<int>() == 1, answer.constData());

    QUrl state = runtime.simulator()->baseUrls().value(QStringLiteral("us-east-1"));
    state.setPath(QStringLiteral("/sim/v1/state"));
    const auto held = [&]() {
        int s = 0;
        const auto j = parseJson(request(nam, state, QByteArray(), &s), err);
        if (!j || !j->is_object())
            return Json();
        return (*j)["groups"]["use1-sg-2"]["members"].value("use1-g2-a0007", Json());
    };
    QTRY_VERIFY_WITH_TIMEOUT(held().value("status", std::string()) == "ON_CALL", 15000);
    QCOMPARE(held().value("capacity", 0), 3);
    QCOMPARE(held().value("sourceTimestamp", std::string()), toStd(formatTimestamp(ts)));
}

QTEST_GUILESS_MAIN(TestConsoleIngest)
#include "tst_consoleingest.moc"
