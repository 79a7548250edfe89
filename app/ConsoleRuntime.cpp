#include "ConsoleRuntime.h"

#include "IngestBatcher.h"

#include "ScenarioFeed.h"
#include "SimHost.h"

#include <QLoggingCategory>

namespace icp {

namespace {
Q_LOGGING_CATEGORY(lcIngest, "icp.ingest")
}

ConsoleRuntime::ConsoleRuntime(ConsoleRuntimeOptions options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
{
    m_outboxPath = m_options.outboxPath.isEmpty() ? m_temp.filePath(QStringLiteral("outbox.db")) : m_options.outboxPath;
}

ConsoleRuntime::~ConsoleRuntime()
{
    m_engine.reset(); // joins the engine thread before the simulator goes
    m_sim.reset();
}

void ConsoleRuntime::start()
{
    if (m_sim)
        return;
    sim::SimHostOptions simOptions;
    simOptions.seed = m_options.seed;
    m_sim = std::make_unique<sim::SimHost>(m_options.scenario, simOptions);
    connect(m_sim.get(), &sim::SimHost::ready, this, &ConsoleRuntime::onSimReady);
    connect(m_sim.get(), &sim::SimHost::failed, this, [this](const QString &error) {
        Q_EMIT failed(QStringLiteral("embedded simulator failed to start: ") + error);
    });
    m_sim->start();
}

void ConsoleRuntime::onSimReady()
{
    EngineHostOptions o;
    o.config = m_options.config;
    o.outboxPath = m_outboxPath;
    o.seed = m_options.seed;
    o.startPaused = m_options.startPaused;
    o.monitorFleet = m_options.monitorFleet;
    o.allowInsecureTls = m_options.allowInsecureTls;
    for (const auto &r : m_options.scenario.regions) {
        const QUrl base = m_sim->baseUrls().value(r.id);
        const OAuthClientSpec client = r.clients.value(0);
        o.regions << EngineRegion{Region{r.id, r.displayName, base, base, base},
                                  RegionCredentials{client.clientId, client.clientSecret}};
    }
    // The scenario's WFM side, on the engine's thread and clock.
    o.startFeed = [scenario = m_options.scenario, seed = m_options.seed,
                   wfm = m_options.ingest](IngestSink ingest, Clock &clock, QObject *context) {
        if (wfm) {
            // A WFM system is the source. The server answers each request right after the engine's commit, here
            // on the engine's thread, so the GUI thread never waits for it.
            auto *server = new WfmIngestServer(*wfm, scenario.agents, ingest, clock, context);
            QString error;
            if (server->listen(&error))
                qCInfo(lcIngest).noquote() << "WFM ingest: listening on" << server->url().toString();
            else
                qCWarning(lcIngest).noquote() << error;
            return;
        }
        // The feed's changes of one 10 ms window go to the outbox together: one durable commit, not one each.
        auto *feed = new sim::ScenarioFeed(scenario, seed, clock, context);
        auto *batcher = new IngestBatcher(clock, IngestBatcher::kFeedWindowMs,
                                          [ingest](const QList<OutboxChange> &changes) { ingest(changes); }, context);
        feed->start([batcher](const TimelineEvent &ev) { batcher->add(OutboxChange{ev.change, ev.region, ev.skillGroupId}); });
    };
    m_engine = std::make_unique<EngineHost>(o);
    connect(m_engine.get(), &EngineHost::started, this, &ConsoleRuntime::ready);
    connect(m_engine.get(), &EngineHost::failed, this, &ConsoleRuntime::failed);
    m_engine->start();
}

} // namespace icp
