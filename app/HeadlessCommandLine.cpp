#include "HeadlessCommandLine.h"

#include "ClientSecrets.h"

#include <QCommandLineParser>

namespace icp {

namespace {
const QString kRegionUrl = QStringLiteral("region-url");
const QString kSecretsFile = QStringLiteral("secrets-file");
const QString kInsecureTls = QStringLiteral("allow-insecure-tls");
const QString kFeedState = QStringLiteral("feed-state");
const QString kProgressMs = QStringLiteral("progress-ms");
} // namespace

void HeadlessCommandLine::addOptions(QCommandLineParser &parser)
{
    parser.addOptions({
        {kRegionUrl,
         QStringLiteral("Use the simulator (icp-sim) or region already running at URL for REGION instead of the "
                        "embedded simulator; repeat it for every region of the scenario. Other hosts than "
                        "loopback need https."),
         QStringLiteral("REGION=URL")},
        {kSecretsFile,
         QStringLiteral("Client secrets, one \"region-id=secret\" a line; the file must be readable by its owner "
                        "only (chmod 600). Overrides ICP_CLIENT_SECRET_<REGION> and the scenario's secrets."),
         QStringLiteral("FILE")},
        {kInsecureTls,
         QStringLiteral("LABS ONLY: accept any TLS certificate (self-signed, expired, wrong host). Secrets and "
                        "tokens can then be read by anyone on the network path.")},
        {kFeedState,
         QStringLiteral("Keep the simulated WFM feed's position in FILE, so that a run restarted after a crash "
                        "continues the timeline instead of replaying it (use with --db)."),
         QStringLiteral("FILE")},
        {kProgressMs, QStringLiteral("Print a progress line every MS milliseconds (default 1000)."),
         QStringLiteral("MS"), QStringLiteral("1000")},
    });
}

bool HeadlessCommandLine::apply(const QCommandLineParser &parser, const Scenario &scenario,
                                const QProcessEnvironment &environment, HeadlessOptions &options, QString *error)
{
    for (const QString &value : parser.values(kRegionUrl)) {
        const qsizetype eq = value.indexOf(QLatin1Char('='));
        const QUrl url(value.mid(eq + 1), QUrl::StrictMode);
        if (eq <= 0 || !url.isValid() || url.host().isEmpty()) {
            *error = QStringLiteral("--region-url expects REGION=URL (e.g. ap-southeast-1=http://127.0.0.1:18080), "
                                    "got \"%1\"").arg(value);
            return false;
        }
        const QString region = value.left(eq);
        if (options.regionUrls.contains(region)) {
            *error = QStringLiteral("--region-url is given twice for %1").arg(region);
            return false;
        }
        options.regionUrls.insert(region, url);
    }
    const auto secrets = ClientSecrets::resolve(scenario.regionIds(), environment, parser.value(kSecretsFile), error);
    if (!secrets)
        return false;
    options.clientSecrets = *secrets;
    options.allowInsecureTls = parser.isSet(kInsecureTls);
    options.feedStatePath = parser.value(kFeedState);
    bool ok = false;
    options.progressMs = parser.value(kProgressMs).toInt(&ok);
    if (!ok || options.progressMs < 10 || options.progressMs > 3600000) {
        *error = QStringLiteral("--progress-ms expects 10..3600000 milliseconds, got \"%1\"").arg(parser.value(kProgressMs));
        return false;
    }
    return true;
}

} // namespace icp
