#include "SimHost.h"

#include "Clock.h"
#include "SimHttpServer.h"

#include <QCoreApplication>
#include <QThread>

#include <memory>
#include <vector>

namespace icp::sim {

// Everything that lives on the simulator thread. Built and torn down on that thread, so every timer and socket
// belongs to it.
class SimHostWorker final : public QObject
{
public:
    SimHostWorker(const Scenario &scenario, const SimHostOptions &options)
        : m_scenario(scenario)
        , m_options(options)
    {
    }

    QMap<QString, QUrl> startServers(QString *error)
    {
        m_clock = std::make_unique<SystemClock>();
        m_core = std::make_unique<SimCore>(m_scenario, m_options.seed, *m_clock, m_options.core);
        QMap<QString, QUrl> urls;
        const QStringList regions = m_core->regionIds();
        for (qsizetype i = 0; i < regions.size(); ++i) {
            SimHttpServerOptions so;
            so.address = m_options.listenAddress;
            so.port = m_options.portBase ? quint16(m_options.portBase + i) : quint16(0);
            so.bodyLimit = m_options.bodyLimit;
            so.heartbeatMs = m_options.heartbeatMs;
            auto server = std::make_unique<SimHttpServer>(*m_core, regions[i], so);
            if (!server->listen(error)) {
                shutdown();
                return {};
            }
            urls.insert(regions[i], server->baseUrl());
            m_servers.push_back(std::move(server));
        }
        m_core->start(); // t = 0 once every region accepts connections
        return urls;
    }

    void shutdown()
    {
        m_servers.clear(); // the servers hold references to the core
        m_core.reset();
        m_clock.reset();
    }

    SimCore *core() const { return m_core.get(); }

private:
    Scenario m_scenario;
    SimHostOptions m_options;
    std::unique_ptr<SystemClock> m_clock;
    std::unique_ptr<SimCore> m_core;
    std::vector<std::unique_ptr<SimHttpServer>> m_servers;
};

namespace {

bool onGuiThread()
{
    const QCoreApplication *app = QCoreApplication::instance();
    return app && app->inherits("QGuiApplication") && QThread::currentThread() == app->thread();
}

} // namespace

SimHost::SimHost(Scenario scenario, SimHostOptions options, QObject *parent)
    : QObject(parent)
    , m_scenario(std::move(scenario))
    , m_options(std::move(options))
{
}

SimHost::~SimHost()
{
    if (m_thread && m_thread->isRunning()) {
        if (m_state != State::Stopping) {
            SimHostWorker *worker = m_worker;
            QMetaObject::invokeMethod(
                worker,
                [worker]() {
                    worker->shutdown();
                    QThread::currentThread()->quit();
                },
                Qt::QueuedConnection);
        }
        // Shutdown only closes sockets and drops timers: a short, bounded wait.
        m_thread->wait();
    }
    delete m_worker;
    delete m_thread;
}

void SimHost::startThread()
{
    Q_ASSERT(m_state == State::Idle);
    m_state = State::Starting;
    m_thread = new QThread;
    m_thread->setObjectName(QStringLiteral("icp-sim"));
    m_worker = new SimHostWorker(m_scenario, m_options);
    m_worker->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, this, &SimHost::onThreadFinished);
    m_thread->start();
}

void SimHost::start()
{
    if (m_state != State::Idle)
        return;
    startThread();
    SimHostWorker *worker = m_worker;
    SimHost *host = this; // outlives the thread: the destructor joins it
    QMetaObject::invokeMethod(
        worker,
        [worker, host]() {
            QString error;
            const QMap<QString, QUrl> urls = worker->startServers(&error);
            QMetaObject::invokeMethod(
                host, [host, urls, error]() { host->onStarted(urls, error); }, Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
}

bool SimHost::startAndWait(QString *error)
{
    if (m_state != State::Idle) {
        if (error)
            *error = QStringLiteral("simulator already started");
        return m_state == State::Running;
    }
    if (onGuiThread()) {
        if (error)
            *error = QStringLiteral("simulator: startAndWait() would block the GUI thread; use start() and ready()");
        return false;
    }
    startThread();
    QMap<QString, QUrl> urls;
    QString startError;
    SimHostWorker *worker = m_worker;
    QMetaObject::invokeMethod(
        worker, [worker, &urls, &startError]() { urls = worker->startServers(&startError); },
        Qt::BlockingQueuedConnection);
    onStarted(urls, startError);
    if (error)
        *error = startError;
    return startError.isEmpty();
}

void SimHost::onStarted(const QMap<QString, QUrl> &urls, const QString &error)
{
    if (m_state != State::Starting)
        return; // stopped meanwhile
    if (!error.isEmpty()) {
        stop();
        Q_EMIT failed(error);
        return;
    }
    m_state = State::Running;
    m_baseUrls = urls;
    Q_EMIT ready(m_baseUrls);
}

void SimHost::stop()
{
    if (m_state != State::Starting && m_state != State::Running)
        return;
    m_state = State::Stopping;
    SimHostWorker *worker = m_worker;
    QMetaObject::invokeMethod(
        worker,
        [worker]() {
            worker->shutdown();
            QThread::currentThread()->quit();
        },
        Qt::QueuedConnection);
}

void SimHost::onThreadFinished()
{
    m_state = State::Stopped;
    m_baseUrls.clear();
    Q_EMIT stopped();
}

void SimHost::post(std::function<void(SimCore &)> fn)
{
    if (!m_worker || m_state != State::Running)
        return;
    SimHostWorker *worker = m_worker;
    QMetaObject::invokeMethod(
        worker,
        [worker, fn = std::move(fn)]() {
            if (SimCore *core = worker->core())
                fn(*core);
        },
        Qt::QueuedConnection);
}

} // namespace icp::sim
