#pragma once
// The console's default wiring, shared by the window, --screenshot and the GUI tests: the embedded simulator on
// its own thread (real loopback HTTP), then an EngineHost on a worker thread whose availability source is the
// scenario's WFM feed. Everything is asynchronous: start() returns at once, ready() or failed() follows.

#include "EngineHost.h"
#include "Scenario.h"
#include "WfmIngestServer.h"

#include <QObject>
#include <QTemporaryDir>

#include <memory>

namespace icp {

namespace sim { class SimHost; }

struct ConsoleRuntimeOptions
{
    Scenario scenario;
    quint64 seed = 1;
    QString outboxPath;     // empty: a fresh file in a temporary directory
    EngineConfig config;
    bool startPaused = false;
    bool monitorFleet = true;
    bool allowInsecureTls = false; // labs only; the window shows a red banner
    // Serve POST /wfm/v1/availability on the engine's thread instead of feeding the scenario's WFM timeline.
    std::optional<WfmIngestOptions> ingest;
};

class ConsoleRuntime final : public QObject
{
    Q_OBJECT
public:
    explicit ConsoleRuntime(ConsoleRuntimeOptions options, QObject *parent = nullptr);
    ~ConsoleRuntime() override;

    void start();
    EngineHost *engine() const { return m_engine.get(); } // null until ready()
    sim::SimHost *simulator() const { return m_sim.get(); }
    const Scenario &scenario() const { return m_options.scenario; }
    QString outboxPath() const { return m_outboxPath; }

Q_SIGNALS:
    void ready();
    void failed(const QString &error);

private:
    void onSimReady();

    ConsoleRuntimeOptions m_options;
    QTemporaryDir m_temp;
    QString m_outboxPath;
    std::unique_ptr<sim::SimHost> m_sim;
    std::unique_ptr<EngineHost> m_engine;
};

} // namespace icp
