// Client secrets in headless mode: where they come from (ICP_CLIENT_SECRET_<REGION>, an owner-only secrets
// file), what is refused, and that a whole run with a known secret leaves it nowhere: not on stdout or stderr
// (with every logging category on debug), not in the summary, the outbox database and its WAL, nor in any file
// the run created under its HOME, XDG and temporary directories.
#include "ReliabilityRig.h"

#include "ClientSecrets.h"

#include <QDirIterator>
#include <QTemporaryDir>
#include <QUuid>

using namespace icp;
using namespace icp::reliability;

namespace {

const QString kRegion = QStringLiteral("ap-southeast-1");

// faults-small with a short churn timeline and the given secret for the simulator's client.
QByteArray scenarioWithSecret(const QString &secret)
{
    QFile f(dataFile(QStringLiteral("faults-small.json")));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QJsonObject o = QJsonDocument::fromJson(f.readAll()).object();
    o[QStringLiteral("name")] = QStringLiteral("secrets-small");
    o[QStringLiteral("duration")] = QStringLiteral("3s");
    o[QStringLiteral("timeline")] = QJsonArray{QJsonObject{
        {QStringLiteral("at"), QStringLiteral("0s")},
        {QStringLiteral("churn"), QJsonObject{{QStringLiteral("ratePerS"), 10}, {QStringLiteral("for"), QStringLiteral("3s")}}}}};
    QJsonArray regions = o[QStringLiteral("regions")].toArray();
    QJsonObject region = regions[0].toObject();
    QJsonArray clients = region[QStringLiteral("clients")].toArray();
    QJsonObject client = clients[0].toObject();
    client[QStringLiteral("clientSecret")] = secret;
    clients[0] = client;
    region[QStringLiteral("clients")] = clients;
    regions[0] = region;
    o[QStringLiteral("regions")] = regions;
    return QJsonDocument(o).toJson();
}

bool writeFile(const QString &path, const QByteArray &bytes, QFile::Permissions permissions)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(bytes) == bytes.size()
        && f.setPermissions(permissions);
}

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Run runConsole(const QStringList &args, const QProcessEnvironment &env, const QString &workDir)
{
    QProcess p;
    p.setProcessEnvironment(env);
    p.setWorkingDirectory(workDir);
    p.start(QStringLiteral(ICP_CONSOLE_BINARY), args);
    Run r;
    if (!p.waitForStarted(10000) || !p.waitForFinished(60000))
        return r;
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

// An environment whose every writable location is inside `root`.
QProcessEnvironment sandboxEnvironment(const QString &root)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const char *name : {"ICP_CLIENT_SECRET_AP_SOUTHEAST_1", "ICP_CLIENT_SECRET_US_EAST_1"})
        env.remove(QString::fromLatin1(name));
    const QList<std::pair<QString, QString>> dirs = {
        {QStringLiteral("HOME"), QStringLiteral("home")},
        {QStringLiteral("XDG_CONFIG_HOME"), QStringLiteral("config")},
        {QStringLiteral("XDG_DATA_HOME"), QStringLiteral("data")},
        {QStringLiteral("XDG_CACHE_HOME"), QStringLiteral("cache")},
        {QStringLiteral("XDG_STATE_HOME"), QStringLiteral("state")},
        {QStringLiteral("TMPDIR"), QStringLiteral("tmp")},
    };
    for (const auto &[var, sub] : dirs) {
        QDir(root).mkpath(sub);
        env.insert(var, root + QLatin1Char('/') + sub);
    }
    env.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("*.debug=true")); // the chattiest logs
    return env;
}

} // namespace

class TestSecrets : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void environmentVariableNames_data();
    void environmentVariableNames();
    void fileWinsOverEnvironment();
    void refusesFilesOthersMayRead_data();
    void refusesFilesOthersMayRead();
    void refusesMalformedFiles_data();
    void refusesMalformedFiles();
    void headlessRunLeaksNoSecret();
    void headlessRefusesGroupReadableSecretsFile();
    void wrongSecretIsReportedButNeverPrinted();
};

void TestSecrets::environmentVariableNames_data()
{
    QTest::addColumn<QString>("region");
    QTest::addColumn<QString>("variable");
    QTest::newRow("dashes") << QStringLiteral("ap-southeast-1") << QStringLiteral("ICP_CLIENT_SECRET_AP_SOUTHEAST_1");
    QTest::newRow("us-east-1") << QStringLiteral("us-east-1") << QStringLiteral("ICP_CLIENT_SECRET_US_EAST_1");
    QTest::newRow("dots") << QStringLiteral("eu.central.1") << QStringLiteral("ICP_CLIENT_SECRET_EU_CENTRAL_1");
}

void TestSecrets::environmentVariableNames()
{
    QFETCH(QString, region);
    QFETCH(QString, variable);
    QCOMPARE(ClientSecrets::environmentVariable(region), variable);
}

void TestSecrets::fileWinsOverEnvironment()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("secrets"));
    QVERIFY(writeFile(path, "# lab secrets\nap-southeast-1 = from-file\n\n", QFile::ReadOwner | QFile::WriteOwner));
    QProcessEnvironment env;
    env.insert(QStringLiteral("ICP_CLIENT_SECRET_AP_SOUTHEAST_1"), QStringLiteral("from-env-apse1"));
    env.insert(QStringLiteral("ICP_CLIENT_SECRET_US_EAST_1"), QStringLiteral("from-env-use1"));
    const QStringList regions{kRegion, QStringLiteral("us-east-1")};
    QString error;
    auto secrets = ClientSecrets::resolve(regions, env, {}, &error);
    QVERIFY2(secrets, qPrintable(error));
    QCOMPARE(secrets->value(kRegion), QStringLiteral("from-env-apse1"));
    secrets = ClientSecrets::resolve(regions, env, path, &error);
    QVERIFY2(secrets, qPrintable(error));
    QCOMPARE(secrets->value(kRegion), QStringLiteral("from-file"));
    QCOMPARE(secrets->value(QStringLiteral("us-east-1")), QStringLiteral("from-env-use1"));
    QVERIFY(ClientSecrets::resolve(regions, QProcessEnvironment(), {}, &error)->isEmpty()); // the scenario's then
}

void TestSecrets::refusesFilesOthersMayRead_data()
{
    QTest::addColumn<int>("permissions");
    QTest::newRow("group-readable 0640") << int(QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup);
    QTest::newRow("world-readable 0604") << int(QFile::ReadOwner | QFile::WriteOwner | QFile::ReadOther);
    QTest::newRow("0644") << int(QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup | QFile::ReadOther);
    QTest::newRow("group-writable 0620") << int(QFile::ReadOwner | QFile::WriteOwner | QFile::WriteGroup);
}

void TestSecrets::refusesFilesOthersMayRead()
{
    QFETCH(int, permissions);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("secrets"));
    QVERIFY(writeFile(path, "ap-southeast-1=do-not-print-me\n", QFile::Permissions(permissions)));
    QString error;
    QVERIFY(!ClientSecrets::readFile(path, {kRegion}, &error));
    QVERIFY2(error.contains(path), qPrintable(error));
    QVERIFY2(error.contains(QStringLiteral("chmod 600")), qPrintable(error));
    QVERIFY(!error.contains(QStringLiteral("do-not-print-me")));
}

void TestSecrets::refusesMalformedFiles_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("expected");
    QTest::newRow("no equals sign") << QByteArray("ap-southeast-1 do-not-print-me\n") << QStringLiteral("line 1");
    QTest::newRow("unknown region") << QByteArray("\neu-west-9=do-not-print-me\n") << QStringLiteral("eu-west-9");
    QTest::newRow("empty secret") << QByteArray("ap-southeast-1=\n") << QStringLiteral("empty secret");
}

void TestSecrets::refusesMalformedFiles()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, expected);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("secrets"));
    QVERIFY(writeFile(path, content, QFile::ReadOwner | QFile::WriteOwner));
    QString error;
    QVERIFY(!ClientSecrets::readFile(path, {kRegion}, &error));
    QVERIFY2(error.contains(expected) && error.contains(path), qPrintable(error));
    QVERIFY(!error.contains(QStringLiteral("do-not-print-me")));
}

void TestSecrets::headlessRunLeaksNoSecret()
{
    const QString secret = QStringLiteral("Zk7-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    // The simulator knows the secret; the console's copy of the scenario does not.
    const QString simScenario = dir.filePath(QStringLiteral("sim-scenario.json"));
    QVERIFY(writeFile(simScenario, scenarioWithSecret(secret), QFile::ReadOwner | QFile::WriteOwner));
    const QString consoleScenario = dir.filePath(QStringLiteral("run/console-scenario.json"));
    QDir(dir.path()).mkpath(QStringLiteral("run"));
    QVERIFY(writeFile(consoleScenario, scenarioWithSecret(QStringLiteral("placeholder-not-the-secret")),
                      QFile::ReadOwner | QFile::WriteOwner));
    SimProcess sim;
    QString error;
    QVERIFY2(sim.start(simScenario, 3, &error), qPrintable(error));

    const QString root = dir.filePath(QStringLiteral("run"));
    QProcessEnvironment env = sandboxEnvironment(root);
    env.insert(QStringLiteral("ICP_CLIENT_SECRET_AP_SOUTHEAST_1"), secret);
    const Run run = runConsole(QStringList{QStringLiteral("--headless"), QStringLiteral("--scenario"), consoleScenario,
                                           QStringLiteral("--seed"), QStringLiteral("3"), QStringLiteral("--db"),
                                           root + QStringLiteral("/outbox.db"), QStringLiteral("--summary-json"),
                                           root + QStringLiteral("/summary.json")}
                                   + sim.regionUrlArguments(),
                               env, root);
    // Converged: the secret from the environment was used (the scenario's placeholder would get 401s).
    QVERIFY2(run.exitCode == 0, qPrintable(QString::fromUtf8(run.out.right(2000) + run.err.right(2000))));

    const QByteArray raw = secret.toUtf8();
    const QList<QByteArray> needles = {
        raw,
        raw.toBase64(),
        QByteArray("icp-console-apse1:" + raw).toBase64(), // the Basic credentials of the token request
        QUrl::toPercentEncoding(secret),
    };
    auto leaks = [&](const QByteArray &haystack) {
        for (const auto &n : needles)
            if (haystack.contains(n))
                return true;
        return false;
    };
    {
        QFile input(simScenario); // the search itself works: the simulator's scenario does hold the secret
        QVERIFY(input.open(QIODevice::ReadOnly) && leaks(input.readAll()));
    }
    QVERIFY2(!leaks(run.out), "the secret is on stdout");
    QVERIFY2(!leaks(run.err), "the secret is on stderr");
    QVERIFY(run.err.size() + run.out.size() > 1000); // debug logging was really on
    int files = 0;
    for (QDirIterator it(root, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories); it.hasNext();) {
        const QString path = it.next();
        if (path == consoleScenario)
            continue; // the input
        QFile f(path);
        QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable(path));
        QVERIFY2(!leaks(f.readAll()), qPrintable(QStringLiteral("the secret is in ") + path));
        ++files;
    }
    QVERIFY2(QFile::exists(root + QStringLiteral("/summary.json")) && QFile::exists(root + QStringLiteral("/outbox.db")),
             "the run wrote no summary or database");
    qInfo("searched stdout (%lld bytes), stderr (%lld bytes) and %d files", qlonglong(run.out.size()),
          qlonglong(run.err.size()), files);
}

void TestSecrets::headlessRefusesGroupReadableSecretsFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("secrets"));
    QVERIFY(writeFile(path, "ap-southeast-1=do-not-print-me\n",
                      QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup | QFile::ReadOther));
    const Run run = runConsole({QStringLiteral("--headless"), QStringLiteral("--scenario"),
                                dataFile(QStringLiteral("faults-small.json")), QStringLiteral("--secrets-file"), path},
                               sandboxEnvironment(dir.path()), dir.path());
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains(path.toUtf8()) && run.err.contains("chmod 600"), run.err.constData());
    QVERIFY(!run.out.contains("do-not-print-me") && !run.err.contains("do-not-print-me"));
}

void TestSecrets::wrongSecretIsReportedButNeverPrinted()
{
    QTemporaryDir dir;
    QProcessEnvironment env = sandboxEnvironment(dir.path());
    const QString wrong = QStringLiteral("wrong-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    env.insert(QStringLiteral("ICP_CLIENT_SECRET_AP_SOUTHEAST_1"), wrong);
    const QString scenario = dir.filePath(QStringLiteral("scenario.json"));
    QVERIFY(writeFile(scenario, scenarioWithSecret(QStringLiteral("the-right-one")), QFile::ReadOwner | QFile::WriteOwner));
    const Run run = runConsole({QStringLiteral("--headless"), QStringLiteral("--scenario"), scenario,
                                QStringLiteral("--duration"), QStringLiteral("2"), QStringLiteral("--db"),
                                dir.filePath(QStringLiteral("outbox.db"))},
                               env, dir.path());
    QCOMPARE(run.exitCode, 3); // finished, not converged
    const QByteArray all = run.out + run.err;
    QVERIFY2(all.contains("token rejected (401)") || all.contains("token request rejected (401)"), all.right(2000).constData());
    QVERIFY(all.contains("check the client id and secret"));
    QVERIFY(!all.contains(wrong.toUtf8()));
}

QTEST_GUILESS_MAIN(TestSecrets)
#include "tst_secrets.moc"
