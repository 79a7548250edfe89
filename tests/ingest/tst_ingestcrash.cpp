// A 202 from the ingest endpoint means committed: icp-console --headless --ingest-port runs as a child process
// against icp-sim (another process), gets a batch, answers 202 and is killed with SIGKILL the moment the answer
// arrives. The outbox file must hold every accepted change; a console restarted on it must bring the simulator to
// exactly those changes. The token must never appear in the console's output.
#include "ReliabilityRig.h"

#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QTemporaryDir>

using namespace icp;
using namespace icp::reliability;

namespace {

const QByteArray kToken = "crash-test-token-5f1c2b9a7e";

QStringList agentIds()
{
    QStringList ids;
    for (const char *group : {"use1-g1-a", "use1-g2-a"})
        for (int i = 1; i <= 10; ++i)
            ids << QLatin1String(group) + QStringLiteral("%1").arg(i, 4, 10, QLatin1Char('0'));
    return ids;
}

} // namespace

class TestIngestCrash : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void sigkillRightAfter202LosesNothing();
    void sigtermStopsTheEndpointWithASummary();
};

void TestIngestCrash::sigkillRightAfter202LosesNothing()
{
    const QString scenario = dataFile(QStringLiteral("ingest-small.json"));
    QString error;
    SimProcess sim;
    QVERIFY2(sim.start(scenario, 1, &error), qPrintable(error));
    // The simulator provisions its members with timestamps of its start: the changes sent must be newer.
    const qint64 simStartedMs = QDateTime::currentMSecsSinceEpoch();
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("outbox.db"));
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("ICP_INGEST_TOKEN"), QString::fromLatin1(kToken));
    const QStringList common = QStringList{QStringLiteral("--headless"), QStringLiteral("--scenario"), scenario,
                                           QStringLiteral("--db"), db, QStringLiteral("--progress-ms"), QStringLiteral("200")}
        + sim.regionUrlArguments();

    QProcess console;
    console.setProcessEnvironment(env);
    console.setProcessChannelMode(QProcess::MergedChannels);
    console.start(QStringLiteral(ICP_CONSOLE_BINARY), common + QStringList{QStringLiteral("--ingest-port"), QStringLiteral("0")});
    QVERIFY(console.waitForStarted(10000));
    QByteArray output;
    QUrl url;
    static const QRegularExpression listening(QStringLiteral("WFM ingest: listening on (\\S+)"));
    QDeadlineTimer deadline(30000);
    while (url.isEmpty() && !deadline.hasExpired() && console.waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime())))) {
        output += console.readAll();
        if (const auto m = listening.match(QString::fromUtf8(output)); m.hasMatch())
            url = QUrl(m.captured(1));
    }
    QVERIFY2(url.isValid() && !url.isEmpty(), output.constData());

    // Every agent changes once; timestamps just behind the console's clock, after the simulator's start.
    const qint64 base = qMax(QDateTime::currentMSecsSinceEpoch() - 100, simStartedMs + 1);
    const QStringList ids = agentIds();
    QHash<QString, AgentAvailability> sent;
    QByteArray body;
    for (int i = 0; i < ids.size(); ++i) {
        const AgentAvailability c{ids[i], i % 3 == 0 ? AgentStatus::Break : AgentStatus::OnCall, 1 + i % 5, base + i};
        sent.insert(c.agentId, c);
        body += dumpJson(Json{{"agentId", toStd(c.agentId)}, {"status", toStd(agentStatusName(c.status))},
                              {"capacity", c.capacity}, {"timestamp", toStd(formatTimestamp(c.sourceTimestampMs))}})
            + '\n';
    }
    QNetworkAccessManager nam;
    QNetworkRequest request(url);
    request.setRawHeader("Content-Type", "application/x-ndjson");
    request.setRawHeader("Authorization", "Bearer " + kToken);
    std::unique_ptr<QNetworkReply> reply(nam.post(request, body));
    QSignalSpy finished(reply.get(), &QNetworkReply::finished);
    QVERIFY(finished.wait(20000));
    console.kill(); // SIGKILL, the moment the answer is here
    QVERIFY(console.waitForFinished(10000));
    QCOMPARE(console.exitStatus(), QProcess::CrashExit);
    const QByteArray answer = reply->readAll();
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 202);
    QCOMPARE(QJsonDocument::fromJson(answer).object().value(QStringLiteral("accepted")).toInt(), ids.size());
    output += console.readAll();

    // The outbox file holds every accepted change, whatever the engine had sent by then.
    {
        OutboxFile outbox(db);
        QVERIFY(outbox.ok());
        const auto rows = outbox.rows(QStringLiteral("SELECT agent_id, status, capacity, source_ts FROM outbox_changes"));
        QCOMPARE(rows.size(), ids.size());
        for (const QStringList &row : rows) {
            const AgentAvailability &c = sent.value(row[0]);
            QCOMPARE(row[1], agentStatusName(c.status));
            QCOMPARE(row[2].toInt(), c.capacity);
            QCOMPARE(row[3].toLongLong(), c.sourceTimestampMs);
        }
        qInfo("at the kill: %lld of %lld accepted changes not yet applied",
              outbox.count(QStringLiteral("SELECT COUNT(*) FROM outbox_changes WHERE state <> 'applied'")),
              qint64(rows.size()));
    }

    // Restarted on the same outbox (its endpoint open but unused, so it runs until stopped), the console writes
    // what is left: wait until the simulator holds every accepted change, then stop it.
    QProcess again;
    again.setProcessEnvironment(env);
    again.setProcessChannelMode(QProcess::MergedChannels);
    again.start(QStringLiteral(ICP_CONSOLE_BINARY), common + QStringList{QStringLiteral("--ingest-port"), QStringLiteral("0"),
                                                                         QStringLiteral("--duration"), QStringLiteral("60")});
    QVERIFY(again.waitForStarted(10000));
    const auto mismatches = [&]() {
        const QJsonObject state = simRegionState(sim.urls().value(QStringLiteral("us-east-1")));
        QHash<QString, QJsonObject> held;
        const QJsonObject groups = state.value(QStringLiteral("groups")).toObject();
        for (auto g = groups.begin(); g != groups.end(); ++g) {
            const QJsonObject members = g.value().toObject().value(QStringLiteral("members")).toObject();
            for (auto m = members.begin(); m != members.end(); ++m)
                held.insert(m.key(), m.value().toObject());
        }
        QStringList wrong;
        for (const AgentAvailability &c : std::as_const(sent)) {
            const QJsonObject m = held.value(c.agentId);
            if (m.value(QStringLiteral("status")).toString() != agentStatusName(c.status)
                || m.value(QStringLiteral("capacity")).toInt() != c.capacity
                || m.value(QStringLiteral("sourceTimestamp")).toString() != formatTimestamp(c.sourceTimestampMs))
                wrong << c.agentId;
        }
        return wrong;
    };
    QTRY_VERIFY_WITH_TIMEOUT(mismatches().isEmpty(), 45000);
    again.terminate();
    QVERIFY(again.waitForFinished(10000));
    output += again.readAll();
    QVERIFY2(!output.contains(kToken), "the token never appears in the console's output");
}

void TestIngestCrash::sigtermStopsTheEndpointWithASummary()
{
    QTemporaryDir dir;
    const QString summary = dir.filePath(QStringLiteral("summary.json"));
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("ICP_INGEST_TOKEN"), QString::fromLatin1(kToken));
    QProcess console;
    console.setProcessEnvironment(env);
    console.setProcessChannelMode(QProcess::MergedChannels);
    console.start(QStringLiteral(ICP_CONSOLE_BINARY),
                  {QStringLiteral("--headless"), QStringLiteral("--scenario"), dataFile(QStringLiteral("ingest-small.json")),
                   QStringLiteral("--progress-ms"), QStringLiteral("100"), QStringLiteral("--ingest-port"), QStringLiteral("0"),
                   QStringLiteral("--summary-json"), summary});
    QVERIFY(console.waitForStarted(10000));
    QByteArray output;
    const auto waitFor = [&](const QRegularExpression &re) {
        QDeadlineTimer deadline(30000);
        while (!deadline.hasExpired()) {
            if (const auto m = re.match(QString::fromUtf8(output)); m.hasMatch())
                return m.captured(1);
            if (!console.waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime()))))
                break;
            output += console.readAll();
        }
        return QString();
    };
    const QUrl url(waitFor(QRegularExpression(QStringLiteral("WFM ingest: listening on (\\S+)"))));
    QVERIFY2(url.isValid() && !url.isEmpty(), output.constData());
    QNetworkAccessManager nam;
    QNetworkRequest request(url);
    request.setRawHeader("Content-Type", "application/json");
    request.setRawHeader("Authorization", "Bearer " + kToken);
    const QByteArray body = "[" + dumpJson(Json{{"agentId", "use1-g1-a0002"}, {"status", "BREAK"}, {"capacity", 0},
                                                {"timestamp", QDateTime::currentMSecsSinceEpoch()}}) + "]";
    std::unique_ptr<QNetworkReply> reply(nam.post(request, body));
    QSignalSpy finished(reply.get(), &QNetworkReply::finished);
    QVERIFY(finished.wait(20000));
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 202);
    QVERIFY2(!waitFor(QRegularExpression(QStringLiteral("(applied=1 )"))).isEmpty(), output.constData());

    console.terminate(); // SIGTERM: stop, check convergence, write the summary
    QVERIFY(console.waitForFinished(30000));
    output += console.readAll();
    QVERIFY2(console.exitStatus() == QProcess::NormalExit && console.exitCode() == 0, output.constData());
    QFile f(summary);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QJsonObject s = QJsonDocument::fromJson(f.readAll()).object();
    QCOMPARE(s.value(QStringLiteral("ingest")).toObject().value(QStringLiteral("accepted")).toInt(), 1);
    QCOMPARE(s.value(QStringLiteral("changes_rejected")).toInt(), 0);
    QCOMPARE(s.value(QStringLiteral("converged")).toBool(), true);
    QVERIFY2(!output.contains(kToken), "the token never appears in the console's output");
}

QTEST_GUILESS_MAIN(TestIngestCrash)
#include "tst_ingestcrash.moc"
