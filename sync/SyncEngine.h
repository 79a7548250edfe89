#pragma once
// The engine: durable outbox first, one writer per skill group, region lanes that pace, break and budget, and
// immutable snapshots for the window. Lives on one thread (the GUI puts it on a worker QThread); time comes
// from the injected Clock, so the same engine runs in virtual time in tests and the bench.

#include "EngineConfig.h"
#include "EngineSnapshot.h"
#include "EventSource.h"
#include "IcpClient.h"
#include "Outbox.h"
#include "SkillGroupWriter.h"
#include "SyncStrategy.h"

#include <QHash>
#include <QPointer>
#include <QObject>

#include <deque>
#include <memory>

namespace icp {

class CampaignPacingController;
class FleetMonitor;
class RegionLane;

struct EngineRegion
{
    Region region;
    RegionCredentials credentials;
};

class SyncEngine final : public QObject, public SyncStrategy, private WriterHost
{
    Q_OBJECT
public:
    SyncEngine(EngineConfig config, QList<EngineRegion> regions, QString outboxPath, HttpTransport &transport,
               Clock &clock, quint64 seed, QObject *parent = nullptr);
    ~SyncEngine() override;

    // Opens the outbox (refusing a corrupt, locked or newer file with a clear error) and resumes what a
    // previous run left: unfinished batches are resent as they were, pending changes are written.
    bool open(QString *error);
    void attachEventSource(EventSource *source);
    // Campaign pacing follows this fleet view's capacity (trunk registration, calls, available agents): lists the
    // campaigns and starts recommending. Without a fleet the engine paces nothing.
    void attachFleet(FleetMonitor *fleet);
    // Auto-pacing of one campaign (off by default: recommend only); Apply now writes the recommendation at once.
    bool setAutoPacing(const QString &campaignId, bool on);
    bool applyPacingNow(const QString &campaignId, QString *why = nullptr);
    CampaignPacingController *campaignPacing() const { return m_campaigns; }

    // Supervisor controls; an empty region means all.
    void pause(const QString &region = {});
    void resume(const QString &region = {});
    void resync(const QString &region = {});
    bool isPaused(const QString &region) const;
    // A person's decision on a dead letter: retry requeues it (unless something newer is held) and wakes its
    // writer; discard removes it for good (counted).
    DeadLetterRetry retryDeadLetter(qint64 id);
    bool discardDeadLetter(qint64 id);

    // SyncStrategy
    QString name() const override { return QStringLiteral("engine"); }
    void ingest(const QList<OutboxChange> &changes) override;
    AcceptResult ingestWithResult(const QList<OutboxChange> &changes);
    bool isIdle() const override;
    StrategyCounters counters(const QString &region) const override;
    QStringList regions() const override;

    EngineSnapshot snapshot();
    IcpClient *client(const QString &region) const { return m_regions.value(region).client; }
    Outbox &outboxRef() { return m_outbox; }
    const EngineConfig &engineConfig() const { return m_config; }

Q_SIGNALS:
    void snapshotReady(const icp::EngineSnapshot &snapshot);
    void regionMessage(const QString &region, const QString &message);

private:
    // WriterHost
    Outbox &outbox() override { return m_outbox; }
    Clock &clock() override { return m_clock; }
    const EngineConfig &config() const override { return m_config; }
    RegionLane &lane(const QString &region) override;
    QString clientId(const QString &region) const override;
    QByteArray newIdempotencyKey() override;
    qint64 backoffDelayMs(int retry, std::optional<int> retryAfterS) override;
    qint64 conflictBackoffDelayMs(int retry) override;
    StrategyCounters &regionCounters(const QString &region) override;
    void recordConflict(ConflictRecord &record) override;
    void updateConflict(qint64 id, const QString &resolution, const ConflictAttempt *attempt) override;
    void updateConflictServerState(qint64 id, const QList<AgentAvailability> &members, bool reread) override;
    void regionError(const QString &region, const QString &message, bool block) override;
    void regionSuccess(const QString &region) override;
    void changed() override;
    void regionBump(const QString &region, SkillGroupWriter *from) override;

    SkillGroupWriter *writer(const QString &region, const QString &group);
    void persistConflict(const ConflictRecord &record);
    void resyncRegion(const QString &region);

    struct RegionState
    {
        EngineRegion config;
        IcpClient *client = nullptr;
        RegionLane *lane = nullptr;
        StrategyCounters counters;
        bool paused = false;
        QString lastError;
        qint64 lastSuccessAtMs = 0;
        bool eventsConnected = false;
        int resyncDone = 0;
        int resyncTotal = 0;
        struct Sample { qint64 atMs; qint64 conflicts; qint64 throttled; };
        std::deque<Sample> samples; // counters at each snapshot of the last minute
    };
    QString diagnose(const QString &region, qint64 settleWindowMs) const;

    EngineConfig m_config;
    QString m_outboxPath;
    HttpTransport &m_transport;
    Clock &m_clock;
    Random m_rng;
    quint64 m_keySalt[2] = {0, 0}; // per process: idempotency keys never repeat across restarts
    Backoff m_backoff;
    Backoff m_conflictBackoff;
    Outbox m_outbox;
    QHash<QString, RegionState> m_regions;
    QStringList m_regionOrder;
    QHash<QString, SkillGroupWriter *> m_writers; // "region/group"
    QHash<QString, AgentStatus> m_lastStatus;     // per agent, for routing-relevant triggers
    std::deque<ConflictRecord> m_conflicts;       // newest last
    qint64 m_nextConflictId = 1;
    qint64 m_createdAtMs = 0;
    bool m_dirty = false;
    CampaignPacingController *m_campaigns = nullptr;
    QList<QPointer<EventSource>> m_sources; // for campaign events once a fleet is attached
    TimerId m_snapshotTimer = 0;
};

} // namespace icp
