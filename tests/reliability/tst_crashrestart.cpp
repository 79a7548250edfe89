// Crash safety of the real program: icp-console --headless runs a small scenario against icp-sim (a separate
// process that outlives every console), is killed with SIGKILL at six points (during start-up, mid-surge, with
// writes in flight, while resending after a restart, during the logout wave) and restarted each time on the same
// outbox and the same simulator. At the end the simulator must hold the newest change of every agent, the outbox
// must hold nothing pending, in flight or dead, and no idempotency key may have had more than one effect or come
// back with another body.
#include "ReliabilityRig.h"

#include <QDir>
#include <QRegularExpression>
#include <QTemporaryDir>

#include <csignal>

using namespace icp;
using namespace icp::reliability;

namespace {

constexpr quint64 kSeed = 7;

struct ProgressLine
{
    bool isProgress = false;
    qint64 elapsedS = 0;
    int queue = 0;
    int inFlight = 0;
};

ProgressLine parseProgress(const QByteArray &line)
{
    static const QRegularExpression head(QStringLiteral("^\\[\\s*(\\d+)s\\]"));
    static const QRegularExpression region(QStringLiteral("queue=(\\d+) inflight=(\\d+)"));
    ProgressLine p;
    const QString text = QString::fromUtf8(line);
    const auto m = head.match(text);
    if (!m.hasMatch())
        return p;
    p.isProgress = true;
    p.elapsedS = m.captured(1).toLongLong();
    for (auto it = region.globalMatch(text); it.hasNext();) {
        const auto r = it.next();
        p.queue += r.captured(1).toInt();
        p.inFlight += r.captured(2).toInt();
    }
    return p;
}

struct KillPoint
{
    const char *name;
    std::function<bool(const QByteArray &line, const ProgressLine &p)> when;
};

} // namespace

class TestCrashRestart : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sigkillAtSixPointsLosesNothingAndAppliesEachBatchOnce();
};

void TestCrashRestart::sigkillAtSixPointsLosesNothingAndAppliesEachBatchOnce()
{
    const QString scenarioPath = dataFile(QStringLiteral("reliability-small.json"));
    QString error;
    const auto scenario = Scenario::load(scenarioPath, &error);
    QVERIFY2(scenario, qPrintable(error));
    SimProcess sim;
    QVERIFY2(sim.start(scenarioPath, kSeed, &error), qPrintable(error));

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString db = dir.filePath(QStringLiteral("outbox.db"));
    const QString feedState = dir.filePath(QStringLiteral("feed.json"));
    const QStringList args = QStringList{QStringLiteral("--headless"), QStringLiteral("--scenario"), scenarioPath,
                                         QStringLiteral("--seed"), QString::number(kSeed), QStringLiteral("--db"), db,
                                         QStringLiteral("--feed-state"), feedState, QStringLiteral("--progress-ms"),
                                         QStringLiteral("100")}
        + sim.regionUrlArguments();

    auto inFlight = [](const QByteArray &, const ProgressLine &p) { return p.isProgress && p.inFlight > 0; };
    const QList<KillPoint> killPoints = {
        {"start-up (outbox open, before the first progress line)",
         [](const QByteArray &line, const ProgressLine &) { return line.startsWith("ap-southeast-1 http"); }},
        {"mid-surge (10 or more changes queued)",
         [](const QByteArray &, const ProgressLine &p) { return p.isProgress && p.queue >= 10; }},
        {"write in flight", inFlight},
        {"write in flight again", inFlight},
        {"resent batch in flight right after the restart", inFlight},
        {"logout wave (t >= 8 s, work queued or in flight)",
         [](const QByteArray &, const ProgressLine &p) { return p.isProgress && p.elapsedS >= 8 && (p.queue > 0 || p.inFlight > 0); }},
    };

    QSet<QString> keysInFlightAtKills;
    int killsWithBatchesInFlight = 0;
    int resentAcrossRestart = 0; // keys in flight at two kills in a row: resent under the same key after a restart
    QSet<QString> previousKeys;
    for (const KillPoint &point : killPoints) {
        QProcess console;
        console.start(QStringLiteral(ICP_CONSOLE_BINARY), args);
        QVERIFY2(console.waitForStarted(10000), qPrintable(console.errorString()));
        bool killed = false;
        QByteArray seen;
        QDeadlineTimer deadline(60000);
        while (!killed && console.state() == QProcess::Running && !deadline.hasExpired()) {
            if (!console.canReadLine())
                console.waitForReadyRead(100);
            while (console.canReadLine()) {
                const QByteArray line = console.readLine().trimmed();
                seen += line + '\n';
                if (point.when(line, parseProgress(line))) {
                    ::kill(pid_t(console.processId()), SIGKILL);
                    killed = true;
                    break;
                }
            }
        }
        QVERIFY(console.waitForFinished(10000));
        QVERIFY2(killed, qPrintable(QStringLiteral("the run ended before kill point \"%1\"; its output:\n%2")
                                        .arg(QLatin1String(point.name), QString::fromUtf8(seen.right(3000)))));
        QCOMPARE(console.exitStatus(), QProcess::CrashExit);
        // What the killed console left on disk.
        if (!QFile::exists(db)) {
            qInfo("killed at %s: no outbox file yet", point.name);
            previousKeys.clear();
            continue;
        }
        OutboxFile outbox(db);
        QVERIFY(outbox.ok());
        const auto batches = outbox.rows(QStringLiteral("SELECT idempotency_key FROM outbox_batches"));
        const qint64 pending = outbox.count(QStringLiteral("SELECT COUNT(*) FROM outbox_changes WHERE state = 'pending'"));
        QSet<QString> keys;
        for (const auto &b : batches)
            keys.insert(b.value(0));
        resentAcrossRestart += int((keys & previousKeys).size());
        previousKeys = keys;
        keysInFlightAtKills |= keys;
        killsWithBatchesInFlight += batches.isEmpty() ? 0 : 1;
        qInfo("killed at %s: %lld batch(es) in flight, %lld change(s) pending", point.name, qlonglong(batches.size()),
              qlonglong(pending));
    }
    // Two of the kill points aim at writes on the wire; at least one of them must have hit one, or the test
    // proved nothing about resending.
    QVERIFY2(killsWithBatchesInFlight >= 1, "no kill caught a batch in flight");

    // The last run goes to the end.
    QProcess console;
    console.start(QStringLiteral(ICP_CONSOLE_BINARY), args);
    QVERIFY(console.waitForStarted(10000));
    QVERIFY2(console.waitForFinished(90000), "the final run did not finish");
    const QByteArray out = console.readAllStandardOutput();
    const QByteArray err = console.readAllStandardError();
    QVERIFY2(console.exitStatus() == QProcess::NormalExit && console.exitCode() == 0,
             qPrintable(QString::fromUtf8(out.right(3000) + err.right(2000))));
    QVERIFY2(out.contains("feed resumed at change"), out.left(500).constData());
    const qsizetype at = out.lastIndexOf("summary: ");
    QVERIFY(at >= 0);
    const QJsonObject summary = QJsonDocument::fromJson(out.mid(at + 9).split('\n').first()).object();
    QCOMPARE(summary[QStringLiteral("converged")].toBool(), true);
    QCOMPARE(summary[QStringLiteral("changes_lost")].toInt(), 0);
    QCOMPARE(summary[QStringLiteral("dead_letters")].toInt(), 0);

    // Independent check 1: the simulator holds the newest change of every agent of the whole timeline.
    QFile feedFile(feedState);
    QVERIFY(feedFile.open(QIODevice::ReadOnly));
    const qint64 epochMs = QJsonDocument::fromJson(feedFile.readAll()).object()[QStringLiteral("epochMs")].toInteger();
    QVERIFY(epochMs > 0);
    const auto expected = expectedEndState(*scenario, kSeed, epochMs);
    QVERIFY(expected.size() > 100);
    QHash<QString, QJsonObject> held;
    QHash<QString, int> effects;
    qint64 replays = 0, keyReuses = 0;
    for (auto it = sim.urls().cbegin(); it != sim.urls().cend(); ++it) {
        const QJsonObject region = simRegionState(it.value());
        QVERIFY2(!region.isEmpty(), qPrintable(it.key()));
        const QJsonObject groups = region[QStringLiteral("groups")].toObject();
        for (const auto &g : groups) {
            const QJsonObject members = g.toObject()[QStringLiteral("members")].toObject();
            for (auto m = members.begin(); m != members.end(); ++m)
                held.insert(m.key(), m.value().toObject());
        }
        const QJsonObject perKey = region[QStringLiteral("effectsByIdempotencyKey")].toObject();
        for (auto k = perKey.begin(); k != perKey.end(); ++k)
            effects.insert(k.key(), k.value().toInt());
        const QJsonObject counters = region[QStringLiteral("counters")].toObject();
        replays += counters[QStringLiteral("idempotentReplays")].toInteger();
        keyReuses += counters[QStringLiteral("idempotencyKeyReused")].toInteger();
    }
    int notConverged = 0;
    for (auto it = expected.cbegin(); it != expected.cend(); ++it) {
        const QJsonObject m = held.value(it.key());
        const AgentAvailability &want = it->change;
        const bool ok = m[QStringLiteral("status")].toString() == agentStatusName(want.status)
                     && m[QStringLiteral("capacity")].toInt() == want.capacity
                     && m[QStringLiteral("sourceTimestamp")].toString() == formatTimestamp(want.sourceTimestampMs);
        if (!ok && ++notConverged <= 5)
            qWarning("%s: ICP holds %s, the timeline ends with %s %d at %s", qPrintable(it.key()),
                     QJsonDocument(m).toJson(QJsonDocument::Compact).constData(), qPrintable(agentStatusName(want.status)),
                     want.capacity, qPrintable(formatTimestamp(want.sourceTimestampMs)));
    }
    QCOMPARE(notConverged, 0);

    // Independent check 2: no change applied twice with a different effect.
    int multiple = 0;
    for (auto it = effects.cbegin(); it != effects.cend(); ++it)
        multiple += it.value() > 1 ? 1 : 0;
    QCOMPARE(multiple, 0);
    QCOMPARE(keyReuses, qint64(0)); // no key came back with another body (422)
    int landed = 0;
    for (const QString &key : std::as_const(keysInFlightAtKills)) {
        QVERIFY2(effects.value(key) <= 1, qPrintable(key));
        landed += effects.value(key);
    }

    // Independent check 3: the outbox holds nothing unfinished, and records every agent at its newest change.
    OutboxFile outbox(db);
    QVERIFY(outbox.ok());
    QCOMPARE(outbox.count(QStringLiteral("SELECT COUNT(*) FROM outbox_changes WHERE state <> 'applied'")), qint64(0));
    QCOMPARE(outbox.count(QStringLiteral("SELECT COUNT(*) FROM outbox_batches")), qint64(0));
    QCOMPARE(outbox.count(QStringLiteral("SELECT COUNT(*) FROM dead_letters")), qint64(0));
    int behind = 0;
    for (const auto &row : outbox.rows(QStringLiteral("SELECT agent_id, applied_ts FROM outbox_changes")))
        behind += expected.contains(row[0]) && row[1].toLongLong() != expected.value(row[0]).change.sourceTimestampMs ? 1 : 0;
    QCOMPARE(behind, 0);
    QCOMPARE(outbox.count(QStringLiteral("SELECT COUNT(*) FROM outbox_changes")), qint64(expected.size()));

    qInfo("%lld kills, %d with batches in flight (%lld keys, %d still in flight at the next kill after a resend "
          "under the same key; %d landed exactly once, the rest were refused with 409 and rebased); %lld agents "
          "converged; %lld keys with one effect each; %lld idempotent replays",
          qlonglong(killPoints.size()), killsWithBatchesInFlight, qlonglong(keysInFlightAtKills.size()),
          resentAcrossRestart, landed,
          qlonglong(expected.size()), qlonglong(effects.size()), replays);
}

QTEST_GUILESS_MAIN(TestCrashRestart)
#include "tst_crashrestart.moc"
