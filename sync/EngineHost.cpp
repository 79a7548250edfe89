#include "EngineHost.h"

#include "FleetMonitor.h"
#include "NetworkTransport.h"
#include "SseEventSource.h"

#include <QDateTime>
#include <QThread>

#include <memory>
#include <vector>

namespace icp {

// Everything that lives on the worker thread. Created there (in start()) and deleted there (deleteLater when
// the thread finishes), so its QNetworkAccessManagers, database connection and timers never cross threads.
class EngineWorker final : public QObject
{
    Q_OBJECT
public:
    explicit EngineWorker(EngineHostOptions options)
        : m_options(std::move(options))
    {
    }

    ~EngineWorker() override
    {
        // Feed objects first (they call into the engine), then sources, then the engine.
        delete m_feedContext;
        m_sources.clear();
        delete m_fleet;
        m_engine.reset();
    }

    void start()
    {
        m_transport = new NetworkTransport(this);
        m_transport->setAllowInsecureTls(m_options.allowInsecureTls);
        m_engine = std::make_unique<SyncEngine>(m_options.config, m_options.regions, m_options.outboxPath,
                                                *m_transport, m_clock, m_options.seed);
        QString error;
        if (!m_engine->open(&error)) {
            m_engine.reset();
            Q_EMIT failed(error);
            return;
        }
        if (m_options.startPaused)
            m_engine->pause();
        connect(m_engine.get(), &SyncEngine::regionMessage, this, &EngineWorker::message);
        if (m_options.monitorFleet) {
            m_fleet = new FleetMonitor(m_clock);
            connect(m_fleet, &FleetMonitor::message, this, &EngineWorker::message);
            connect(m_fleet, &FleetMonitor::changed, this, &EngineWorker::scheduleSnapshot);
        }
        for (const auto &r : std::as_const(m_options.regions)) {
            IcpClient *client = m_engine->client(r.region.id);
            if (m_fleet)
                m_fleet->addRegion(r.region, client);
            if (!m_options.eventStreams)
                continue;
            auto source = std::make_unique<SseEventSource>(
                r.region.id, r.region.icpBaseUrl,
                [client](const QString &rejected, SseEventSource::TokenCallback done) {
                    client->fetchToken(std::move(done), rejected);
                },
                m_clock);
            source->setAllowInsecureTls(m_options.allowInsecureTls);
            m_engine->attachEventSource(source.get());
            if (m_fleet)
                m_fleet->attachEventSource(source.get());
            connect(source.get(), &EventSource::connectionChanged, this,
                    [this](const QString &region, bool connected, const QString &reason) {
                        if (!connected && !reason.isEmpty())
                            Q_EMIT message(region, QStringLiteral("%1: event stream: %2").arg(region, reason));
                    });
            source->start();
            m_sources.push_back(std::move(source));
        }
        if (m_fleet)
            m_engine->attachFleet(m_fleet); // campaign pacing follows the fleet view
        connect(m_engine.get(), &SyncEngine::snapshotReady, this, &EngineWorker::scheduleSnapshot);
        m_feedContext = new QObject(this);
        if (m_options.startFeed)
            m_options.startFeed([this](const QList<OutboxChange> &changes) { return ingest(changes); }, m_clock,
                                m_feedContext);
        Q_EMIT started();
        publish();
    }

    // The single entry for availability from any source: the engine commits it, the fleet view follows.
    AcceptResult ingest(const QList<OutboxChange> &changes)
    {
        AcceptResult result = m_engine->ingestWithResult(changes);
        if (m_fleet && result.ok())
            m_fleet->noteChanges(changes);
        return result;
    }

    // Writes the entry before the action it describes runs, so the trail never misses an action that happened.
    void audit(AuditEntry entry)
    {
        if (!m_engine)
            return;
        if (auto stored = m_engine->outboxRef().audit().record(entry))
            Q_EMIT audited(*stored, {});
        else
            Q_EMIT audited(entry, m_engine->outboxRef().errorString());
    }

    void pause(const QString &region) { if (m_engine) { m_engine->pause(region); publish(); } }
    void resume(const QString &region) { if (m_engine) { m_engine->resume(region); publish(); } }
    void resync(const QString &region) { if (m_engine) { m_engine->resync(region); publish(); } }

    void setAutoPacing(const QString &campaignId, bool on)
    {
        if (!m_engine)
            return;
        if (!m_engine->setAutoPacing(campaignId, on))
            Q_EMIT message({}, QStringLiteral("Auto-pacing: no campaign %1 is known").arg(campaignId));
        publish();
    }

    void applyPacingNow(const QString &campaignId)
    {
        if (!m_engine)
            return;
        QString why;
        if (!m_engine->applyPacingNow(campaignId, &why))
            Q_EMIT message({}, QStringLiteral("Apply now: ") + why);
        publish();
    }

    void retryDeadLetters(const QList<qint64> &ids)
    {
        if (!m_engine)
            return;
        int requeued = 0, superseded = 0, missing = 0, failedCount = 0;
        for (qint64 id : ids) {
            switch (m_engine->retryDeadLetter(id)) {
            case DeadLetterRetry::Requeued: ++requeued; break;
            case DeadLetterRetry::Superseded: ++superseded; break;
            case DeadLetterRetry::NotFound: ++missing; break;
            case DeadLetterRetry::Failed: ++failedCount; break;
            }
        }
        QStringList parts;
        if (requeued) parts << QStringLiteral("%1 requeued").arg(requeued);
        if (superseded) parts << QStringLiteral("%1 already superseded by a newer change").arg(superseded);
        if (missing) parts << QStringLiteral("%1 no longer open").arg(missing);
        if (failedCount) parts << QStringLiteral("%1 failed: %2").arg(failedCount).arg(m_engine->outboxRef().errorString());
        Q_EMIT deadLetterActionDone(QStringLiteral("Retry: ") + parts.join(QStringLiteral(", ")));
        publish();
    }

    void discardDeadLetters(const QList<qint64> &ids)
    {
        if (!m_engine)
            return;
        int discarded = 0;
        for (qint64 id : ids)
            discarded += m_engine->discardDeadLetter(id) ? 1 : 0;
        Q_EMIT deadLetterActionDone(QStringLiteral("Discarded %1 of %2 dead letters").arg(discarded).arg(ids.size()));
        publish();
    }

Q_SIGNALS:
    void started();
    void failed(const QString &error);
    void snapshotReady(const icp::EngineSnapshot &snapshot);
    void message(const QString &region, const QString &text);
    void deadLetterActionDone(const QString &summary);
    void audited(const icp::AuditEntry &entry, const QString &error);

private:
    // Snapshots are rate-limited: the engine already publishes at most every snapshotIntervalMs; fleet changes
    // ride along with the next one, or trigger one after the same interval.
    void scheduleSnapshot()
    {
        if (m_snapshotTimer)
            return;
        const qint64 since = m_clock.nowMs() - m_lastPublishMs;
        const qint64 wait = qMax<qint64>(0, m_options.config.snapshotIntervalMs - since);
        m_snapshotTimer = m_clock.callAfter(wait, this, [this]() {
            m_snapshotTimer = 0;
            publish();
        });
    }

    void publish()
    {
        if (!m_engine)
            return;
        if (m_snapshotTimer) {
            m_clock.cancel(m_snapshotTimer);
            m_snapshotTimer = 0;
        }
        EngineSnapshot s = m_engine->snapshot();
        s.deadLetters = m_engine->outboxRef().deadLetters().list(500);
        if (m_fleet)
            m_fleet->fill(s);
        m_lastPublishMs = m_clock.nowMs();
        Q_EMIT snapshotReady(s);
    }

    EngineHostOptions m_options;
    SystemClock m_clock;
    NetworkTransport *m_transport = nullptr;
    std::unique_ptr<SyncEngine> m_engine;
    std::vector<std::unique_ptr<SseEventSource>> m_sources;
    FleetMonitor *m_fleet = nullptr;
    QObject *m_feedContext = nullptr;
    TimerId m_snapshotTimer = 0;
    qint64 m_lastPublishMs = 0;
};

EngineHost::EngineHost(EngineHostOptions options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_osUser(AuditTrail::currentOsUser())
{
}

EngineHost::~EngineHost()
{
    if (m_thread) {
        m_thread->quit();
        m_thread->wait(); // the worker is deleted on its own thread when the thread finishes
    }
}

QStringList EngineHost::regionIds() const
{
    QStringList ids;
    for (const auto &r : m_options.regions)
        ids << r.region.id;
    return ids;
}

void EngineHost::start()
{
    if (m_thread)
        return;
    m_thread = new QThread(this);
    m_thread->setObjectName(QStringLiteral("icp-engine"));
    m_worker = new EngineWorker(m_options);
    m_worker->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &EngineWorker::started, this, [this]() {
        m_started = true;
        Q_EMIT started();
    });
    connect(m_worker, &EngineWorker::failed, this, &EngineHost::failed);
    connect(m_worker, &EngineWorker::snapshotReady, this, &EngineHost::onSnapshot);
    connect(m_worker, &EngineWorker::message, this, &EngineHost::message);
    connect(m_worker, &EngineWorker::deadLetterActionDone, this, &EngineHost::deadLetterActionDone);
    connect(m_worker, &EngineWorker::audited, this, &EngineHost::audited);
    m_thread->start();
    QMetaObject::invokeMethod(m_worker, &EngineWorker::start, Qt::QueuedConnection);
}

void EngineHost::onSnapshot(const EngineSnapshot &snapshot)
{
    m_last = snapshot;
    Q_EMIT snapshotReady(snapshot);
}

AuditEntry EngineHost::auditEntry(const QString &action, const QString &region, const QString &detail) const
{
    return AuditEntry{0, QDateTime::currentMSecsSinceEpoch(), m_osUser, action, region, detail};
}

void EngineHost::recordAudit(const QString &action, const QString &region, const QString &detail)
{
    command(action, region, detail, {});
}

void EngineHost::command(const QString &action, const QString &region, const QString &detail,
                         std::function<void(EngineWorker *)> run)
{
    if (!m_worker)
        return;
    // Both go to the worker in this order, so the entry is committed before the action runs.
    QMetaObject::invokeMethod(m_worker, [w = m_worker, e = auditEntry(action, region, detail)]() { w->audit(e); },
                              Qt::QueuedConnection);
    if (run)
        QMetaObject::invokeMethod(m_worker, [w = m_worker, run = std::move(run)]() { run(w); }, Qt::QueuedConnection);
}

void EngineHost::startSync()
{
    command(QStringLiteral("start"), {}, {}, [](EngineWorker *w) { w->resume({}); });
}

void EngineHost::pause(const QString &region)
{
    command(QStringLiteral("pause"), region, {}, [region](EngineWorker *w) { w->pause(region); });
}

void EngineHost::resume(const QString &region)
{
    command(QStringLiteral("resume"), region, {}, [region](EngineWorker *w) { w->resume(region); });
}

void EngineHost::resync(const QString &region)
{
    command(QStringLiteral("resync"), region, {}, [region](EngineWorker *w) { w->resync(region); });
}

namespace {
QString idList(const QList<qint64> &ids)
{
    QStringList parts;
    for (qint64 id : ids)
        parts << QString::number(id);
    return QStringLiteral("dead letters ") + parts.join(QLatin1Char(','));
}
} // namespace

void EngineHost::retryDeadLetters(const QList<qint64> &ids)
{
    command(QStringLiteral("retry-dead-letters"), {}, idList(ids), [ids](EngineWorker *w) { w->retryDeadLetters(ids); });
}

void EngineHost::discardDeadLetters(const QList<qint64> &ids)
{
    command(QStringLiteral("discard-dead-letters"), {}, idList(ids),
            [ids](EngineWorker *w) { w->discardDeadLetters(ids); });
}

void EngineHost::setAutoPacing(const QString &campaignId, bool on)
{
    command(on ? QStringLiteral("auto-pacing-on") : QStringLiteral("auto-pacing-off"), {},
            QStringLiteral("campaign ") + campaignId,
            [campaignId, on](EngineWorker *w) { w->setAutoPacing(campaignId, on); });
}

void EngineHost::applyPacingNow(const QString &campaignId)
{
    command(QStringLiteral("apply-pacing-now"), {}, QStringLiteral("campaign ") + campaignId,
            [campaignId](EngineWorker *w) { w->applyPacingNow(campaignId); });
}

} // namespace icp

#include "EngineHost.moc"
