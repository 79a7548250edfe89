#include "RegionLane.h"

#include "IcpClient.h"

namespace icp {

RegionLane::RegionLane(QString region, IcpClient *client, const EngineConfig &config, Clock &clock, QObject *parent)
    : QObject(parent)
    , m_region(std::move(region))
    , m_client(client)
    , m_config(config)
    , m_clock(clock)
    , m_bucket(TokenBucketPolicy{config.rateBurst, int(config.rateLimitPerMinute * config.rateHeadroom)}, clock.nowMs())
    , m_breaker(m_region, config.breaker, clock)
    , m_budget(config.retryBudget)
{
    client->onRateLimitHeaders = [this](const RateLimitHeaders &h) {
        m_bucket.observeServerHeaders(h.count, h.allowed, h.resetS, m_clock.nowMs());
    };
    // The breaker's half-open moment is a chance to send again.
    connect(&m_breaker, &CircuitBreaker::stateChanged, this, [this]() { pump(); });
}

bool RegionLane::isThrottled() const
{
    return m_heldUntilMs > m_clock.nowMs() || m_throttledByBucket;
}

void RegionLane::acquire(QObject *owner, std::function<void()> grant)
{
    m_waiting.emplace_back(QPointer<QObject>(owner), std::move(grant));
    pump();
}

void RegionLane::release(ErrorCategory outcome)
{
    --m_inFlight;
    m_breaker.record(outcome);
    pump();
}

void RegionLane::holdUntil(qint64 atMs)
{
    m_heldUntilMs = qMax(m_heldUntilMs, atMs);
    m_bucket.holdUntil(atMs);
}

void RegionLane::setPaused(bool paused)
{
    m_paused = paused;
    pump();
}

void RegionLane::block(const QString &reason)
{
    m_blockedReason = reason;
}

void RegionLane::unblock()
{
    m_blockedReason.clear();
    pump();
}

void RegionLane::wakeAt(qint64 atMs)
{
    if (m_wake && m_wakeAtMs <= atMs)
        return;
    if (m_wake)
        m_clock.cancel(m_wake);
    m_wakeAtMs = atMs;
    m_wake = m_clock.callAt(atMs, this, [this]() {
        m_wake = 0;
        pump();
    });
}

void RegionLane::pump()
{
    while (!m_waiting.empty() && !m_waiting.front().first)
        m_waiting.pop_front();
    if (m_paused || isBlocked() || m_waiting.empty() || m_inFlight >= m_config.regionConcurrency)
        return;
    const qint64 now = m_clock.nowMs();
    while (!m_waiting.empty() && m_inFlight < m_config.regionConcurrency) {
        if (!m_waiting.front().first) {
            m_waiting.pop_front();
            continue;
        }
        if (m_heldUntilMs > now) {
            wakeAt(m_heldUntilMs);
            return;
        }
        if (!m_bucket.tryTake(now)) {
            m_throttledByBucket = true;
            wakeAt(qMax(now + 1, m_bucket.nextAvailableAt(now)));
            return;
        }
        m_throttledByBucket = false;
        if (!m_breaker.allowRequest()) {
            // Open: wait for the half-open probe (the breaker signals it); the token was not used.
            if (m_breaker.state() == CircuitBreaker::State::Open)
                wakeAt(qMax(now + 1, m_breaker.halfOpenAtMs()));
            return;
        }
        auto grant = std::move(m_waiting.front().second);
        m_waiting.pop_front();
        ++m_inFlight;
        m_budget.recordRequest(now);
        grant();
    }
}

} // namespace icp
