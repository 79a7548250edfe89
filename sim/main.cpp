// icp-sim: the ICP simulator as a standalone program.
//   icp-sim --scenario FILE|NAME [--seed N] [--port-base P] [--listen-address ADDR] [--no-hooks]
// Prints "<region-id> <base-url>" per region once every region listens, serves until SIGINT/SIGTERM, exits 0.
// Bad arguments or scenario: a message on stderr, exit 2. A port that cannot be bound: exit 1.

#include "MetaTypes.h"
#include "Scenario.h"
#include "SimHost.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QSocketNotifier>
#include <QTextStream>

#include <csignal>
#include <cstdio>
#include <sys/socket.h>
#include <unistd.h>

using namespace icp;
using namespace icp::sim;

namespace {

int g_signalPipe[2] = {-1, -1};

// Only async-signal-safe work here: one byte into the socket pair, read by a QSocketNotifier.
void onStopSignal(int)
{
    const char byte = 1;
    [[maybe_unused]] const auto n = ::write(g_signalPipe[0], &byte, 1);
}

bool installStopSignals()
{
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, g_signalPipe) != 0)
        return false;
    struct sigaction sa = {};
    sa.sa_handler = onStopSignal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    return ::sigaction(SIGINT, &sa, nullptr) == 0 && ::sigaction(SIGTERM, &sa, nullptr) == 0;
}

int usageError(const QString &message)
{
    QTextStream(stderr) << "icp-sim: " << message << "\nRun icp-sim --help for the options.\n";
    return 2;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("icp-sim"));
    registerMetaTypes();

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("ICP simulator: serves the ICP 1.2.4 and Genesys-shaped API of a scenario, one loopback "
                       "port per region.\nBuilt-in scenarios: %1")
            .arg(Scenario::builtInNames().join(QStringLiteral(", "))));
    parser.addHelpOption();
    const QCommandLineOption scenarioOpt(QStringLiteral("scenario"),
                                         QStringLiteral("Scenario file, or the name of a built-in scenario."),
                                         QStringLiteral("FILE|NAME"));
    const QCommandLineOption seedOpt(QStringLiteral("seed"),
                                     QStringLiteral("Seed for every random choice (default 1)."),
                                     QStringLiteral("N"), QStringLiteral("1"));
    const QCommandLineOption portOpt(QStringLiteral("port-base"),
                                     QStringLiteral("Region i listens on P+i; 0 picks free ports (default)."),
                                     QStringLiteral("P"), QStringLiteral("0"));
    const QCommandLineOption addressOpt(QStringLiteral("listen-address"),
                                        QStringLiteral("Address to listen on (default 127.0.0.1)."),
                                        QStringLiteral("ADDR"), QStringLiteral("127.0.0.1"));
    const QCommandLineOption noHooksOpt(QStringLiteral("no-hooks"),
                                        QStringLiteral("Disable the /sim/v1/ test and bench hooks."));
    parser.addOptions({scenarioOpt, seedOpt, portOpt, addressOpt, noHooksOpt});
    if (!parser.parse(QCoreApplication::arguments()))
        return usageError(parser.errorText());
    if (parser.isSet(QStringLiteral("help")))
        parser.showHelp(0);
    if (!parser.positionalArguments().isEmpty())
        return usageError(QStringLiteral("unexpected argument \"%1\"").arg(parser.positionalArguments().first()));
    if (!parser.isSet(scenarioOpt))
        return usageError(QStringLiteral("--scenario is required (a file, or one of: %1)")
                              .arg(Scenario::builtInNames().join(QStringLiteral(", "))));

    bool ok = false;
    SimHostOptions options;
    options.seed = parser.value(seedOpt).toULongLong(&ok);
    if (!ok)
        return usageError(QStringLiteral("--seed \"%1\" is not a non-negative integer").arg(parser.value(seedOpt)));
    const uint portBase = parser.value(portOpt).toUInt(&ok);
    if (!ok || portBase > 65535)
        return usageError(QStringLiteral("--port-base \"%1\" is not a port number (0-65535)").arg(parser.value(portOpt)));
    if (!options.listenAddress.setAddress(parser.value(addressOpt)))
        return usageError(QStringLiteral("--listen-address \"%1\" is not an IP address").arg(parser.value(addressOpt)));
    options.core.hooksEnabled = !parser.isSet(noHooksOpt);

    QString error;
    const std::optional<Scenario> scenario = Scenario::load(parser.value(scenarioOpt), &error);
    if (!scenario)
        return usageError(error); // already names the scenario and the cause
    if (scenario->regions.isEmpty())
        return usageError(QStringLiteral("scenario \"%1\" has no regions").arg(parser.value(scenarioOpt)));
    if (portBase != 0 && portBase + uint(scenario->regions.size()) - 1 > 65535)
        return usageError(QStringLiteral("--port-base %1 leaves no port for %2 regions")
                              .arg(portBase)
                              .arg(scenario->regions.size()));
    options.portBase = quint16(portBase);
    if (!options.listenAddress.isLoopback())
        QTextStream(stderr) << "icp-sim: warning: listening on " << options.listenAddress.toString()
                            << ": the simulated API is reachable from other hosts (the /sim/v1/ hooks still answer "
                               "loopback clients only)\n";

    if (!installStopSignals()) {
        QTextStream(stderr) << "icp-sim: cannot install the SIGINT/SIGTERM handlers\n";
        return 1;
    }
    QSocketNotifier stopNotifier(g_signalPipe[1], QSocketNotifier::Read);

    SimHost host(*scenario, options);
    int exitCode = 0;
    QObject::connect(&host, &SimHost::ready, &app, [&scenario](const QMap<QString, QUrl> &urls) {
        QTextStream out(stdout);
        for (const QString &id : scenario->regionIds())
            out << id << ' ' << urls.value(id).toString() << '\n';
        out.flush(); // a parent process waits for these lines
        std::fflush(stdout);
    });
    QObject::connect(&host, &SimHost::failed, &app, [&exitCode](const QString &message) {
        QTextStream(stderr) << "icp-sim: " << message << '\n';
        exitCode = 1;
    });
    QObject::connect(&host, &SimHost::stopped, &app, [&app, &exitCode]() { app.exit(exitCode); });
    QObject::connect(&stopNotifier, &QSocketNotifier::activated, &host, [&host, &stopNotifier]() {
        char byte = 0;
        [[maybe_unused]] const auto n = ::read(g_signalPipe[1], &byte, 1);
        stopNotifier.setEnabled(false);
        host.stop();
    });

    host.start();
    return app.exec();
}
