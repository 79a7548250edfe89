#pragma once
// The one writer of one trunk-based skill group: at most one write in flight; changes that arrive meanwhile
// wait and go into the next batch. Gathers, holds while the group's recomputes are outstanding, writes with the
// version it last saw, and on 409 re-reads, drops what the ICP already holds and rebases after a jittered backoff.

#include "ApiError.h"
#include "Backoff.h"
#include "Clock.h"
#include "EngineConfig.h"
#include "EngineSnapshot.h"
#include "IcpClient.h"
#include "SettlePredictor.h"
#include "SyncStrategy.h"

#include <QObject>

#include <deque>
#include <optional>

namespace icp {

class Outbox;
class RegionLane;

// What a writer needs from its engine. Implemented by SyncEngine.
class SkillGroupWriter;

class WriterHost
{
public:
    virtual ~WriterHost() = default;
    virtual Outbox &outbox() = 0;
    virtual Clock &clock() = 0;
    virtual const EngineConfig &config() const = 0;
    virtual RegionLane &lane(const QString &region) = 0;
    virtual QString clientId(const QString &region) const = 0;
    virtual QByteArray newIdempotencyKey() = 0;
    virtual qint64 backoffDelayMs(int retry, std::optional<int> retryAfterS) = 0;
    virtual qint64 conflictBackoffDelayMs(int retry) = 0;
    virtual StrategyCounters &regionCounters(const QString &region) = 0;
    virtual void recordConflict(ConflictRecord &record) = 0; // assigns the id
    virtual void updateConflict(qint64 id, const QString &resolution, const ConflictAttempt *attempt) = 0;
    virtual void updateConflictServerState(qint64 id, const QList<AgentAvailability> &members, bool reread) = 0;
    virtual void regionError(const QString &region, const QString &message, bool block) = 0;
    virtual void regionSuccess(const QString &region) = 0;
    virtual void changed() = 0;
    // A recompute of `from`'s group landed: the region's other writers may re-evaluate a backlog hold.
    virtual void regionBump(const QString &region, SkillGroupWriter *from) = 0;
};

class SkillGroupWriter final : public QObject
{
    Q_OBJECT
public:
    SkillGroupWriter(QString region, QString skillGroupId, WriterHost &host, QObject *parent = nullptr);
    ~SkillGroupWriter() override;

    const QString &region() const { return m_region; }
    const QString &skillGroupId() const { return m_group; }

    // New changes of this group are in the outbox.
    void notifyPending(int count, qint64 nowMs);
    // Platform changes of this group the console saw (ingested, routing-relevant): recomputes will follow.
    void notifyTrigger(qint64 nowMs) { m_predictor.onTrigger(nowMs); }
    // A version seen anywhere (event stream, write answer, 409 body, GET).
    void notifyVersion(qint64 version, const QString &modifiedBy);
    // Another group of the region saw a recompute land: a moment to re-evaluate a backlog hold.
    void regionBump();
    // After a crash: this batch left before; resend it as is, same key, same body.
    void resumeBatch(const OutboxBatch &batch);
    // Pause ended, region unblocked, resync found work: look at the outbox again.
    void kick();

    bool isIdle() const { return m_state == WriterState::Idle && m_pending == 0; }
    BatchStatus status() const;
    qint64 knownVersion() const { return m_knownVersion; }
    const SettlePredictor &predictor() const { return m_predictor; }

private:
    void setState(WriterState s);
    void schedule(qint64 atMs, void (SkillGroupWriter::*step)());
    void cancelTimer();
    void startGather();
    void settleCheck();
    void requestSlot();
    void onSlot();
    void readVersionThenSend();
    void send(const OutboxBatch &batch);
    void onAnswer(const OutboxBatch &batch, const ApiResult<BulkCapacityResponse> &r);
    void onApplied(const OutboxBatch &batch, const BulkCapacityResponse &resp);
    void onConflict(const OutboxBatch &batch, const ApiError &e);
    void afterReread(const OutboxBatch &batch, qint64 conflictId, const ApiResult<SkillGroup> &g, bool reread = true);
    void retryLater(const QString &why, std::optional<int> retryAfterS, WriterState state);
    // Counts a failed exchange by category and, unless a 409 or a block (reported elsewhere), shows it as the
    // region's last error.
    void noteFailure(const ApiError &error, const QString &doing);
    // 401 after a fresh token, or 403: block the region with a message naming the fix (Resume unblocks).
    void blockOnAuthFailure(const ApiError &error);
    void deadLetter(const QStringList &agentIds, const QString &reason);
    void finishBatch(const OutboxBatch &batch);
    // After a failed batch: sent changes that a newer accepted change now replaces count as superseded.
    void countSuperseded(const OutboxBatch &batch, const QSet<QString> &held);
    bool churning(qint64 nowMs);
    void keepOldest();

    QString m_region;
    QString m_group;
    WriterHost &m_host;
    SettlePredictor m_predictor;
    WriterState m_state = WriterState::Idle;
    int m_pending = 0;              // changes waiting, as far as the writer knows
    qint64 m_cycleStartMs = 0;      // acceptance of the oldest change waiting
    qint64 m_batchOldestMs = 0;     // acceptance of the oldest change in the last batch built
    qint64 m_knownVersion = 0;
    qint64 m_lastAcceptedWriteMs = -1;
    int m_attempt = 0;              // failed sends of the current work
    std::optional<OutboxBatch> m_resend; // unknown outcome: resend as is
    int m_inFlightCount = 0;
    TimerId m_timer = 0;
    qint64 m_timerAtMs = 0;
    QString m_lastError;
    std::deque<qint64> m_arrivals;  // arrival times in the last second (churn detection)
    bool m_bumpSeen = false;        // settleCheck runs for a bump of this group
    bool m_regionBumpSeen = false;  // ... for a bump of another group of the region
    qint64 m_windowWaitStartMs = 0; // when a backlog hold started waiting for a safe window
    qint64 m_sentAtMs = 0;
    double m_rttMs = 150;           // typical write round trip
    qint64 m_openConflictId = 0;    // the conflict the current retries resolve
    QList<ConflictAttempt> m_conflictAttempts;
};

} // namespace icp
