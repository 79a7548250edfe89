#pragma once
#include "ApiError.h"
#include "CircuitBreaker.h"
#include "Clock.h"
#include "EngineConfig.h"
#include "ReconcilerModel.h"
#include "RetryBudget.h"
#include "TokenBucket.h"

#include <QObject>
#include <QPointer>

#include <deque>
#include <functional>

namespace icp {

class IcpClient;

// One region's gate for requests: a concurrency limit, client-side pacing under the token's budget (following
// the server's inin-ratelimit-* headers and Retry-After), the circuit breaker, the retry budget, and pause.
// Writers ask for a slot per request and give it back with the outcome.
class RegionLane final : public QObject
{
    Q_OBJECT
public:
    RegionLane(QString region, IcpClient *client, const EngineConfig &config, Clock &clock, QObject *parent = nullptr);

    const QString &region() const { return m_region; }
    IcpClient *client() const { return m_client; }

    // Runs grant once a request may leave. Grants are served in order; a destroyed owner's grant is dropped.
    void acquire(QObject *owner, std::function<void()> grant);
    void release(ErrorCategory outcome);
    void holdUntil(qint64 atMs); // Retry-After
    qint64 heldUntil() const { return m_heldUntilMs; }

    void setPaused(bool paused);
    bool isPaused() const { return m_paused; }
    void block(const QString &reason); // 401/403: no requests until unblock()
    void unblock();
    bool isBlocked() const { return !m_blockedReason.isEmpty(); }
    const QString &blockedReason() const { return m_blockedReason; }

    CircuitBreaker &breaker() { return m_breaker; }
    RetryBudget &budget() { return m_budget; }
    TokenBucket &bucket() { return m_bucket; }
    ReconcilerModel &reconciler() { return m_reconciler; }
    int inFlight() const { return m_inFlight; }
    int waiting() const { return int(m_waiting.size()); }
    bool isThrottled() const;

private:
    void pump();
    void wakeAt(qint64 atMs);

    QString m_region;
    IcpClient *m_client;
    const EngineConfig &m_config;
    Clock &m_clock;
    TokenBucket m_bucket;
    CircuitBreaker m_breaker;
    RetryBudget m_budget;
    ReconcilerModel m_reconciler;
    std::deque<std::pair<QPointer<QObject>, std::function<void()>>> m_waiting;
    int m_inFlight = 0;
    bool m_paused = false;
    QString m_blockedReason;
    qint64 m_heldUntilMs = 0;
    TimerId m_wake = 0;
    qint64 m_wakeAtMs = 0;
    bool m_throttledByBucket = false;
};

} // namespace icp
