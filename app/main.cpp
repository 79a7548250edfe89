// icp-console: the operator console. By default the window (MainWindow over the embedded simulator and engine);
// --headless runs the same engine without one; --screenshot renders the window into a PNG and exits.
#include "HeadlessCommandLine.h"
#include "HeadlessRun.h"
#include "MetaTypes.h"

#ifdef ICP_WITH_UI
#include "WindowRun.h"

#include <QApplication>
#endif

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTimer>

#include <cstdio>
#include <cstring>
#include <memory>

using namespace icp;

namespace {
// The window needs a QApplication (and a display, or QT_QPA_PLATFORM=offscreen); --headless, --help and
// --version must work on a server without either.
bool wantsWindow(int argc, char *argv[])
{
#ifdef ICP_WITH_UI
    for (int i = 1; i < argc; ++i) {
        for (const char *flag : {"--headless", "--help", "-h", "--help-all", "--version", "-v"}) {
            if (std::strcmp(argv[i], flag) == 0)
                return false;
        }
    }
    return true;
#else
    Q_UNUSED(argc);
    Q_UNUSED(argv);
    return false;
#endif
}
} // namespace

int main(int argc, char *argv[])
{
    std::unique_ptr<QCoreApplication> application;
#ifdef ICP_WITH_UI
    if (wantsWindow(argc, argv))
        application = std::make_unique<QApplication>(argc, argv);
#endif
    if (!application)
        application = std::make_unique<QCoreApplication>(argc, argv);
    QCoreApplication &app = *application;
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
#ifdef ICP_WITH_UI
    WindowRun::addOptions(p);
#endif
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
    int exitCode = 0;
#ifdef ICP_WITH_UI
    if (!p.isSet(headless)) {
        WindowOptions windowOptions;
        windowOptions.seed = options.seed;
        windowOptions.dbPath = options.dbPath;
        windowOptions.allowInsecureTls = options.allowInsecureTls;
        windowOptions.ingest = options.sources.ingest;
        if (!options.sources.replayPath.isEmpty())
            return usage(QStringLiteral("--replay runs headless only; add --headless"));
        if (!WindowRun::apply(p, windowOptions, &error))
            return usage(error);
        WindowRun window(*sc, windowOptions);
        QObject::connect(&window, &WindowRun::finished, &app, [&exitCode, &app](int code) {
            exitCode = code;
            app.exit(code);
        });
        QTimer::singleShot(0, &window, &WindowRun::start);
        const int code = app.exec();
        return exitCode ? exitCode : code;
    }
#else
    if (!p.isSet(headless))
        std::fprintf(stdout, "icp-console: built without the window (ICP_BUILD_UI=OFF); running headless\n");
#endif

    HeadlessRun run(*sc, options);
    QObject::connect(&run, &HeadlessRun::finished, &app, [&exitCode, &app](int code) {
        exitCode = code;
        app.exit(code);
    });
    QTimer::singleShot(0, &run, &HeadlessRun::start);
    app.exec();
    return exitCode;
}
