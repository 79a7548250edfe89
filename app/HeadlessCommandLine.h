#pragma once
// The headless options about where the console connects, with which secrets, and how a restarted run resumes:
// --region-url, --secrets-file (plus ICP_CLIENT_SECRET_<REGION>), --allow-insecure-tls, --feed-state and
// --progress-ms, and the availability sources that replace the scenario's WFM timeline (--replay,
// --ingest-port). Kept apart from main() so that the window's options and these do not share one function.

#include "HeadlessRun.h"
#include "Scenario.h"

#include <QProcessEnvironment>

class QCommandLineParser;

namespace icp {

class HeadlessCommandLine
{
public:
    static void addOptions(QCommandLineParser &parser);
    // Fills `options` from the parsed command line and the environment; false with a usage error otherwise.
    static bool apply(const QCommandLineParser &parser, const Scenario &scenario,
                      const QProcessEnvironment &environment, HeadlessOptions &options, QString *error);
    // Only the availability source options: --replay, --as-fast-as-possible, --replay-max-gap, --ingest-port,
    // --ingest-address, --ingest-max-skew-ms and ICP_INGEST_TOKEN (the window uses the ingest ones too).
    static bool applySources(const QCommandLineParser &parser, const QProcessEnvironment &environment,
                             WfmSourceOptions &sources, QString *error);
};

} // namespace icp
