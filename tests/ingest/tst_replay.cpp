// Replay of a recorded WFM file with good and bad lines, through the whole headless path (embedded simulator over
// real loopback HTTP, the engine, its SQLite outbox): every bad line lands in FILE.quarantine.jsonl with its line
// number, reason and raw text, the summary counts them in changes_rejected (and per reason), the good lines apply
// and the simulator converges on them; duplicate and stale lines are counted, not rejected.
#include "HeadlessRun.h"
#include "JsonCodec.h"
#include "MetaTypes.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace icp;

namespace {

QString scenarioPath()
{
    return QStringLiteral(ICP_INGEST_DATA_DIR "/ingest-small.json");
}

Json readJson(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return Json();
    DecodeError err;
    auto j = parseJson(f.readAll(), err);
    return j ? *j : Json();
}

QList<Json> readJsonLines(const QString &path)
{
    QList<Json> out;
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return out;
    for (const QByteArray &line : f.readAll().split('\n')) {
        if (line.isEmpty())
            continue;
        DecodeError err;
        auto j = parseJson(line, err);
        out << (j ? *j : Json());
    }
    return out;
}

struct Bad
{
    int line;
    const char *reason;
};

} // namespace

class TestReplay : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { registerMetaTypes(); }
    void mixedFileQuarantinesBadLinesAndConvergesOnGoodOnes_data();
    void mixedFileQuarantinesBadLinesAndConvergesOnGoodOnes();
    void unreadableFilesStopTheRunWithAClearMessage_data();
    void unreadableFilesStopTheRunWithAClearMessage();
};

void TestReplay::mixedFileQuarantinesBadLinesAndConvergesOnGoodOnes_data()
{
    QTest::addColumn<QString>("fileName");
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<bool>("fast");
    QTest::addColumn<int>("offset"); // the CSV's header pushes every line down by one

    // Line numbers are the file's (the CSV's header is line 1, so its lines are one further down). Timestamps span 1.2 s so original timing stays fast.
    const QByteArray jsonl =
        R"({"agentId":"use1-g1-a0001","status":"AVAILABLE","capacity":2,"timestamp":"2026-11-28T09:00:00.000Z"})" "\n"
        R"({"agentId":"use1-g1-a0002","status":"AVAILABLE","capacity":40,"timestamp":"2026-11-28T09:00:00.100Z"})" "\n"
        "this is not json\n"
        R"({"agentId":"use1-g9-a0001","status":"AVAILABLE","capacity":1,"timestamp":"2026-11-28T09:00:00.200Z"})" "\n"
        "\n"
        R"({"agentId":"use1-g2-a0003","status":"ON_CALL","capacity":1,"timestamp":1795856400300})" "\n"
        R"({"agentId":"use1-g2-a0003","status":"ON_CALL","capacity":1,"timestamp":1795856400300})" "\n"
        R"({"agentId":"use1-g2-a0004","status":"LUNCH","capacity":1,"timestamp":"2026-11-28T09:00:00.400Z"})" "\n"
        R"({"agentId":"use1-g1-a0005","status":"AVAILABLE","capacity":3,"timestamp":"2026-11-28T09:00:01.000Z"})" "\n"
        R"({"agentId":"use1-g1-a0005","status":"BREAK","capacity":0,"timestamp":"2026-11-28T09:00:00.900Z"})" "\n"
        R"({"agentId":"use1-g1-a0006","status":"AVAILABLE","capacity":2,"timestamp":"2099-01-01T00:00:00.000Z"})" "\n"
        R"({"agentId":"use1-g1-a0001","status":"BREAK","capacity":0,"timestamp":"2026-11-28T09:00:01.200Z"})" "\n";
    const QByteArray csv =
        "agentId,status,capacity,timestamp\n"
        "use1-g1-a0001,AVAILABLE,2,2026-11-28T09:00:00.000Z\n"
        "use1-g1-a0002,AVAILABLE,40,2026-11-28T09:00:00.100Z\n"
        "\"use1-g1-a0007,AVAILABLE,1,2026-11-28T09:00:00.150Z\n"
        "use1-g9-a0001,AVAILABLE,1,2026-11-28T09:00:00.200Z\n"
        "\n"
        "use1-g2-a0003,ON_CALL,1,1795856400300\n"
        "use1-g2-a0003,ON_CALL,1,1795856400300\n"
        "use1-g2-a0004,LUNCH,1,2026-11-28T09:00:00.400Z\n"
        "use1-g1-a0005,AVAILABLE,3,2026-11-28T09:00:01.000Z\n"
        "use1-g1-a0005,BREAK,0,2026-11-28T09:00:00.900Z\n"
        "use1-g1-a0006,AVAILABLE,2,2099-01-01T00:00:00.000Z\n"
        "use1-g1-a0001,BREAK,0,2026-11-28T09:00:01.200Z\n";
    QTest::newRow("jsonl as fast as possible") << QStringLiteral("wfm.jsonl") << jsonl << true << 0;
    QTest::newRow("jsonl original timing") << QStringLiteral("wfm.jsonl") << jsonl << false << 0;
    QTest::newRow("csv as fast as possible") << QStringLiteral("wfm.csv") << csv << true << 1;
}

void TestReplay::mixedFileQuarantinesBadLinesAndConvergesOnGoodOnes()
{
    QFETCH(QString, fileName);
    QFETCH(QByteArray, content);
    QFETCH(bool, fast);
    QFETCH(int, offset);
    QTemporaryDir dir;
    const QString path = dir.filePath(fileName);
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(content);
    }
    QString error;
    const auto scenario = Scenario::load(scenarioPath(), &error);
    QVERIFY2(scenario, qPrintable(error));
    HeadlessOptions o;
    o.graceS = 20;
    o.progressMs = 200;
    o.dbPath = dir.filePath(QStringLiteral("outbox.db"));
    o.summaryJsonPath = dir.filePath(QStringLiteral("summary.json"));
    o.sources.replayPath = path;
    o.sources.asFastAsPossible = fast;
    HeadlessRun run(*scenario, o);
    QSignalSpy done(&run, &HeadlessRun::finished);
    run.start();
    QTRY_VERIFY_WITH_TIMEOUT(done.count() == 1, 60000);

    // The quarantine file: one line per rejected line, in file order, with its number, reason and raw text.
    const QList<QByteArray> fileLines = content.split('\n');
    const QList<Bad> expected{{2, "capacity_out_of_range"}, {3, "malformed_line"}, {4, "unknown_agent"},
                              {8, "unknown_status"},        {11, "future_timestamp"}};
    const QList<Json> quarantine = readJsonLines(ReplayFeed::quarantinePathFor(path));
    QCOMPARE(quarantine.size(), expected.size());
    for (qsizetype i = 0; i < expected.size(); ++i) {
        const Json &q = quarantine[i];
        QVERIFY2(q.is_object(), "a quarantine line is a JSON object");
        const int line = expected[i].line + offset;
        QCOMPARE(q["line"].get<int>(), line);
        QCOMPARE(q["reason"].get<std::string>(), std::string(expected[i].reason));
        QVERIFY(!q["message"].get<std::string>().empty());
        QCOMPARE(QByteArray::fromStdString(q["raw"].get<std::string>()), fileLines[line - 1]);
    }

    const Json s = readJson(o.summaryJsonPath);
    QVERIFY(s.is_object());
    qInfo("summary: %s", s.dump().c_str());
    QCOMPARE(s["changes_rejected"].get<int>(), 5);
    for (const Bad &b : expected)
        QCOMPARE(s["rejected_by_reason"][b.reason].get<int>(), 1);
    const Json &r = s["replay"];
    QCOMPARE(r["valid"].get<int>(), 6);
    QCOMPARE(r["delivered"].get<int>(), 6);
    QCOMPARE(r["duplicate"].get<int>(), 1); // a0003's second line repeats its first
    QCOMPARE(r["stale"].get<int>(), 1);     // a0005's second line is older than its first
    QCOMPARE(r["accepted"].get<int>(), 4);
    QCOMPARE(s["changes_ingested"].get<int>(), 6);
    QCOMPARE(s["changes_lost"].get<int>(), 0);
    QCOMPARE(s["dead_letters"].get<int>(), 0);
    // Converged: the simulator holds the newest good line of each agent (a0001 BREAK, a0003 ON_CALL, a0005
    // AVAILABLE 3), read back from its /sim/v1/state.
    QCOMPARE(s["agents_not_converged"].get<int>(), 0);
    QVERIFY(s["changes_applied"].get<int>() >= 3);
    QCOMPARE(done.first().first().toInt(), 0);
}

void TestReplay::unreadableFilesStopTheRunWithAClearMessage_data()
{
    QTest::addColumn<QString>("fileName");
    QTest::addColumn<QByteArray>("content");
    QTest::newRow("unknown extension") << QStringLiteral("wfm.txt") << QByteArray("x\n");
    QTest::newRow("csv without the capacity column") << QStringLiteral("wfm.csv")
                                                     << QByteArray("agentId,status,timestamp\na1,AVAILABLE,1\n");
    QTest::newRow("missing file") << QStringLiteral("absent.jsonl") << QByteArray();
}

void TestReplay::unreadableFilesStopTheRunWithAClearMessage()
{
    QFETCH(QString, fileName);
    QFETCH(QByteArray, content);
    QTemporaryDir dir;
    const QString path = dir.filePath(fileName);
    if (!content.isEmpty()) {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(content);
    }
    QString error;
    const auto scenario = Scenario::load(scenarioPath(), &error);
    QVERIFY2(scenario, qPrintable(error));
    HeadlessOptions o;
    o.dbPath = dir.filePath(QStringLiteral("outbox.db"));
    o.sources.replayPath = path;
    HeadlessRun run(*scenario, o);
    QSignalSpy done(&run, &HeadlessRun::finished);
    run.start();
    QTRY_VERIFY_WITH_TIMEOUT(done.count() == 1, 20000);
    QCOMPARE(done.first().first().toInt(), 2);
    QVERIFY(!QFile::exists(ReplayFeed::quarantinePathFor(path)));
}

QTEST_GUILESS_MAIN(TestReplay)
#include "tst_replay.moc"
