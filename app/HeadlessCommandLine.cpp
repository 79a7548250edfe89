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
const QString kIngestPort = QStringLiteral("ingest-port");
const QString kIngestAddress = QStringLiteral("ingest-address");
const QString kIngestSkew = QStringLiteral("ingest-max-skew-ms");
const QString kReplay = QStringLiteral("replay");
const QString kFast = QStringLiteral("as-fast-as-possible");
const QString kReplayGap = QStringLiteral("replay-max-gap");
constexpr qsizetype kMinTokenLength = 16;
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
        {kIngestPort,
         QStringLiteral("Serve POST /wfm/v1/availability for a WFM system on PORT (0: any free port, printed). The "
                        "bearer token comes from ICP_INGEST_TOKEN (required). Replaces the scenario's WFM timeline."),
         QStringLiteral("PORT")},
        {kIngestAddress,
         QStringLiteral("Address the ingest endpoint binds (default 127.0.0.1). Plain HTTP: anything but loopback "
                        "needs a TLS proxy in front."),
         QStringLiteral("ADDRESS"), QStringLiteral("127.0.0.1")},
        {kIngestSkew,
         QStringLiteral("Ingest: reject timestamps more than MS milliseconds ahead of the console's clock (default 5000)."),
         QStringLiteral("MS"), QStringLiteral("5000")},
        {kReplay,
         QStringLiteral("Replay a recorded WFM file (.jsonl, or .csv with the header agentId,status,capacity,timestamp) "
                        "instead of the scenario's WFM timeline. Rejected lines go to FILE.quarantine.jsonl."),
         QStringLiteral("FILE")},
        {kFast, QStringLiteral("Replay without waiting between lines (default: the file's own timing).")},
        {kReplayGap,
         QStringLiteral("Replay: reject a line more than S seconds after the newest earlier line as a future "
                        "timestamp (default 3600)."),
         QStringLiteral("S"), QStringLiteral("3600")},
    });
}

bool HeadlessCommandLine::applySources(const QCommandLineParser &parser, const QProcessEnvironment &environment,
                                       WfmSourceOptions &sources, QString *error)
{
    bool ok = false;
    if (parser.isSet(kReplay)) {
        sources.replayPath = parser.value(kReplay);
        if (sources.replayPath.isEmpty()) {
            *error = QStringLiteral("--replay expects a file name");
            return false;
        }
    } else if (parser.isSet(kFast)) {
        *error = QStringLiteral("--as-fast-as-possible only applies to --replay FILE");
        return false;
    }
    sources.asFastAsPossible = parser.isSet(kFast);
    const qint64 gapS = parser.value(kReplayGap).toLongLong(&ok);
    if (!ok || gapS < 1 || gapS > 365LL * 86400) {
        *error = QStringLiteral("--replay-max-gap expects 1..31536000 seconds, got \"%1\"").arg(parser.value(kReplayGap));
        return false;
    }
    sources.replayMaxGapMs = gapS * 1000;
    if (!parser.isSet(kIngestPort)) {
        if (parser.isSet(kIngestAddress)) {
            *error = QStringLiteral("--ingest-address only applies with --ingest-port");
            return false;
        }
        return true;
    }
    WfmIngestOptions ingest;
    const uint port = parser.value(kIngestPort).toUInt(&ok);
    if (!ok || port > 65535) {
        *error = QStringLiteral("--ingest-port expects 0..65535 (0: any free port), got \"%1\"").arg(parser.value(kIngestPort));
        return false;
    }
    ingest.port = quint16(port);
    if (!ingest.address.setAddress(parser.value(kIngestAddress))) {
        *error = QStringLiteral("--ingest-address expects an IP address such as 127.0.0.1, got \"%1\"")
                     .arg(parser.value(kIngestAddress));
        return false;
    }
    ingest.maxSkewMs = parser.value(kIngestSkew).toLongLong(&ok);
    if (!ok || ingest.maxSkewMs < 0 || ingest.maxSkewMs > 3600000) {
        *error = QStringLiteral("--ingest-max-skew-ms expects 0..3600000 milliseconds, got \"%1\"").arg(parser.value(kIngestSkew));
        return false;
    }
    const QString token = environment.value(QStringLiteral("ICP_INGEST_TOKEN"));
    if (token.isEmpty()) {
        *error = QStringLiteral("--ingest-port needs a bearer token in ICP_INGEST_TOKEN (at least %1 characters, e.g. "
                                "export ICP_INGEST_TOKEN=$(openssl rand -hex 32)); the WFM system sends it as "
                                "\"Authorization: Bearer <token>\"").arg(kMinTokenLength);
        return false;
    }
    if (token.size() < kMinTokenLength) {
        *error = QStringLiteral("ICP_INGEST_TOKEN is too short (%1 characters); use at least %2 random characters, e.g. "
                                "$(openssl rand -hex 32)").arg(token.size()).arg(kMinTokenLength);
        return false;
    }
    ingest.token = token.toUtf8();
    sources.ingest = ingest;
    return true;
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
    if (!applySources(parser, environment, options.sources, error))
        return false;
    bool ok = false;
    options.progressMs = parser.value(kProgressMs).toInt(&ok);
    if (!ok || options.progressMs < 10 || options.progressMs > 3600000) {
        *error = QStringLiteral("--progress-ms expects 10..3600000 milliseconds, got \"%1\"").arg(parser.value(kProgressMs));
        return false;
    }
    return true;
}

} // namespace icp
