// seed-peak end to end over real loopback HTTP, the engine and the field client side by side (each with its own
// embedded simulator, in one event loop, so the 90 s scenario is paid once): the engine converges with nothing
// lost or dead-lettered; the field client does not.
#include "HeadlessRun.h"
#include "JsonCodec.h"
#include "MetaTypes.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace icp;

class TestHeadlessSeedPeak : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { registerMetaTypes(); }
    void engineConvergesFieldClientDoesNot();
};

namespace {
Json readSummary(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return Json();
    DecodeError err;
    auto j = parseJson(f.readAll(), err);
    return j ? *j : Json();
}
} // namespace

void TestHeadlessSeedPeak::engineConvergesFieldClientDoesNot()
{
    QString error;
    auto sc = Scenario::load(QStringLiteral("seed-peak"), &error);
    QVERIFY2(sc, qPrintable(error));
    QTemporaryDir dir;
    auto options = [&](const QString &strategy) {
        HeadlessOptions o;
        o.strategy = strategy;
        o.seed = 1;
        o.graceS = 15; // the engine is idle within a second or two of the end; the field client never catches up
        o.dbPath = dir.filePath(strategy + QStringLiteral(".db"));
        o.summaryJsonPath = dir.filePath(strategy + QStringLiteral(".json"));
        return o;
    };
    HeadlessRun engine(*sc, options(QStringLiteral("engine")));
    HeadlessRun field(*sc, options(QStringLiteral("seed")));
    QSignalSpy engineDone(&engine, &HeadlessRun::finished);
    QSignalSpy fieldDone(&field, &HeadlessRun::finished);
    engine.start();
    field.start();
    QTRY_VERIFY_WITH_TIMEOUT(engineDone.count() == 1 && fieldDone.count() == 1, 240000);

    const Json e = readSummary(options(QStringLiteral("engine")).summaryJsonPath);
    const Json f = readSummary(options(QStringLiteral("seed")).summaryJsonPath);
    QVERIFY(e.is_object() && f.is_object());
    qInfo("engine: %s", e.dump().c_str());
    qInfo("seed: %s", f.dump().c_str());
    QCOMPARE(engineDone.first().first().toInt(), 0);
    QCOMPARE(e["changes_lost"].get<qint64>(), 0);
    QCOMPARE(e["dead_letters"].get<qint64>(), 0);
    QCOMPARE(e["agents_not_converged"].get<qint64>(), 0);
    QVERIFY(e["changes_ingested"].get<qint64>() > 2500);
    QCOMPARE(e["changes_applied"].get<qint64>() + e["changes_superseded"].get<qint64>() + e["changes_stale"].get<qint64>(),
             e["changes_ingested"].get<qint64>());

    QCOMPARE(fieldDone.first().first().toInt(), 3);
    QVERIFY(f["changes_lost"].get<qint64>() + f["dead_letters"].get<qint64>() > 0);
    QVERIFY(f["agents_not_converged"].get<qint64>() > 0);
    QVERIFY(f["changes_applied"].get<qint64>() < e["changes_applied"].get<qint64>());
}

QTEST_GUILESS_MAIN(TestHeadlessSeedPeak)
#include "tst_headlessseedpeak.moc"
