#pragma once
// Runs the simulator on its own thread: one SimCore on a SystemClock created on that thread, and one
// SimHttpServer per region. The owner's thread only sees copies (base URLs, errors) delivered by queued calls.
// Used by icp-sim, by the console's embedded simulator and by the HTTP integration tests.

#include "Scenario.h"
#include "SimCore.h"

#include <QHostAddress>
#include <QMap>
#include <QObject>
#include <QUrl>

#include <functional>

class QThread;

namespace icp::sim {

class SimHostWorker;

struct SimHostOptions
{
    quint64 seed = 1;
    quint16 portBase = 0; // region i listens on portBase + i (scenario order); 0: any free ports
    QHostAddress listenAddress = QHostAddress(QHostAddress::LocalHost);
    SimOptions core;
    qint64 bodyLimit = 1024 * 1024;
    int heartbeatMs = 15000;
};

class SimHost final : public QObject
{
    Q_OBJECT
public:
    explicit SimHost(Scenario scenario, SimHostOptions options = {}, QObject *parent = nullptr);
    ~SimHost() override; // stops the simulator and joins its thread

    // Starts the thread and the servers; emits ready() or failed(). Call once.
    void start();
    // For headless programs and worker threads: the same, but returns once every region listens. Refuses
    // (returns false) on the thread of a GUI application, which must never wait.
    bool startAndWait(QString *error = nullptr);
    // Closes the servers and ends the thread; emits stopped().
    void stop();

    bool isRunning() const { return m_state == State::Running; }
    // Region id -> base URL, filled when ready() is emitted.
    const QMap<QString, QUrl> &baseUrls() const { return m_baseUrls; }
    const Scenario &scenario() const { return m_scenario; }

    // Runs fn with the core on the simulator thread (queued; never waits). For tests and benches.
    void post(std::function<void(SimCore &)> fn);

Q_SIGNALS:
    void ready(const QMap<QString, QUrl> &baseUrls);
    void failed(const QString &error);
    void stopped();

private:
    enum class State : quint8 { Idle, Starting, Running, Stopping, Stopped };
    void startThread();
    void onStarted(const QMap<QString, QUrl> &urls, const QString &error);
    void onThreadFinished();

    Scenario m_scenario;
    SimHostOptions m_options;
    QThread *m_thread = nullptr;
    SimHostWorker *m_worker = nullptr; // lives on m_thread
    State m_state = State::Idle;
    QMap<QString, QUrl> m_baseUrls;
};

} // namespace icp::sim
