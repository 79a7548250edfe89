// icp-console: the operator console. The window is still to come (issue: the operator console window); until
// then every mode runs headless on the embedded simulator.
#include "HeadlessCommandLine.h"
#include "HeadlessRun.h"
#include "MetaTypes.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTimer>

#include <cstdio>

using namespace icp;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("icp-console"));
    QCoreApplication::setOrganizationName(QStringLiteral("ICP Sync Console"));
    QCoreApplication::setApplicationVersion(QStringLiteral(ICP_VERSION));
    registerMetaTypes();

    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral("Operator console for conflict-aware WFM -> ICP capacity sync."));
    p.addHelpOption();
    p.addVersionOption();
    const QCommandLineOption headless(QStringLiteral("headless"), QStringLiteral("Run without a window."));
    const QCommandLineOption scenario(QStringLiteral("scenario"), QStringLiteral("Scenario name or file."),
                                      QStringLiteral("NAME|FILE"), QStringLiteral("seed-peak"));
    const QCommandLineOption seed(QStringLiteral("seed"), QStringLiteral("Seed for every random choice."),
                                  QStringLiteral("N"), QStringLiteral("1"));
    const QCommandLineOption duration(QStringLiteral("duration"), QStringLiteral("Stop after S seconds."),
                                      QStringLiteral("S"));
    const QCommandLineOption strategy(QStringLiteral("strategy"),
                                      QStringLiteral("Sync strategy: engine (default), seed, jitter or cxascode."),
                                      QStringLiteral("NAME"), QStringLiteral("engine"));
    const QCommandLineOption db(QStringLiteral("db"), QStringLiteral("The engine's outbox database (default: a fresh temporary file)."),
                                QStringLiteral("FILE"));
    const QCommandLineOption summary(QStringLiteral("summary-json"), QStringLiteral("Write the summary to FILE."),
                                     QStringLiteral("FILE"));
    p.addOptions({headless, scenario, seed, duration, strategy, db, summary});
    HeadlessCommandLine::addOptions(p);
    p.process(app);

    auto usage = [](const QString &msg) {
        std::fprintf(stderr, "icp-console: %s\n", qPrintable(msg));
        return 2;
    };
    HeadlessOptions options;
    bool ok = true;
    options.seed = p.value(seed).toULongLong(&ok);
    if (!ok)
        return usage(QStringLiteral("--seed expects a non-negative integer, got \"%1\"").arg(p.value(seed)));
    if (p.isSet(duration)) {
        options.durationS = p.value(duration).toLongLong(&ok);
        if (!ok || options.durationS <= 0)
            return usage(QStringLiteral("--duration expects a positive number of seconds, got \"%1\"").arg(p.value(duration)));
    }
    options.strategy = p.value(strategy);
    options.summaryJsonPath = p.value(summary);
    options.dbPath = p.value(db);
    QString error;
    auto sc = Scenario::load(p.value(scenario), &error);
    if (!sc)
        return usage(error);
    if (!HeadlessCommandLine::apply(p, *sc, QProcessEnvironment::systemEnvironment(), options, &error))
        return usage(error);
    if (!p.isSet(headless))
        std::fprintf(stdout, "icp-console: the console window is not part of this build yet; running headless\n");

    HeadlessRun run(*sc, options);
    int exitCode = 0;
    QObject::connect(&run, &HeadlessRun::finished, &app, [&exitCode, &app](int code) {
        exitCode = code;
        app.exit(code);
    });
    QTimer::singleShot(0, &run, &HeadlessRun::start);
    app.exec();
    return exitCode;
}
