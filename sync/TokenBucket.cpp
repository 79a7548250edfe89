#include "TokenBucket.h"

#include <limits>

namespace icp {

namespace {
// The reset header has one-second resolution: end times this close describe the same window.
constexpr qint64 kSameWindowToleranceMs = 1000;
} // namespace

TokenBucket::TokenBucket(TokenBucketPolicy policy, qint64 nowMs)
    : m_policy(policy)
    , m_capacity(qMax(0, policy.capacity))
    , m_refillPerMinute(qMax(0, policy.refillPerMinute))
    , m_scaledTokens(qint64(m_capacity) * kScale)
    , m_lastRefillMs(nowMs)
{
}

qint64 TokenBucket::scaledAt(qint64 nowMs) const
{
    if (nowMs <= m_lastRefillMs)
        return m_scaledTokens; // time never runs backwards for the bucket
    const qint64 full = qint64(m_capacity) * kScale;
    const qint64 elapsed = qMin(nowMs - m_lastRefillMs, qint64(24) * 3600 * 1000); // no overflow after idling
    return qMin(full, m_scaledTokens + elapsed * m_refillPerMinute);
}

void TokenBucket::refill(qint64 nowMs)
{
    m_scaledTokens = scaledAt(nowMs);
    m_lastRefillMs = qMax(m_lastRefillMs, nowMs);
}

double TokenBucket::available(qint64 nowMs) const
{
    return double(scaledAt(nowMs)) / double(kScale);
}

int TokenBucket::serverRemaining(qint64 nowMs) const
{
    return (m_serverRemaining >= 0 && nowMs < m_serverWindowEndMs) ? m_serverRemaining : -1;
}

bool TokenBucket::serverWindowExhausted(qint64 nowMs) const
{
    return serverRemaining(nowMs) == 0;
}

bool TokenBucket::tryTake(qint64 nowMs)
{
    refill(nowMs);
    if (nowMs < m_holdUntilMs || serverWindowExhausted(nowMs) || m_scaledTokens < kScale)
        return false;
    m_scaledTokens -= kScale;
    if (serverRemaining(nowMs) > 0)
        --m_serverRemaining;
    return true;
}

qint64 TokenBucket::nextAvailableAt(qint64 nowMs) const
{
    qint64 at = qMax(nowMs, m_holdUntilMs);
    if (serverWindowExhausted(nowMs))
        at = qMax(at, m_serverWindowEndMs);
    const qint64 tokens = scaledAt(at);
    if (tokens >= kScale)
        return at;
    if (m_refillPerMinute <= 0 || m_capacity <= 0)
        return std::numeric_limits<qint64>::max();
    const qint64 missing = kScale - tokens;
    return at + (missing + m_refillPerMinute - 1) / m_refillPerMinute;
}

void TokenBucket::observeServerHeaders(int count, int allowed, int resetS, qint64 nowMs)
{
    if (allowed <= 0)
        return;
    refill(nowMs);
    const int remaining = qMax(0, allowed - qMax(0, count));
    const qint64 windowEnd = nowMs + qint64(qMax(0, resetS)) * 1000;
    const bool newWindow = m_serverRemaining < 0 || nowMs >= m_serverWindowEndMs
        || windowEnd > m_serverWindowEndMs + kSameWindowToleranceMs;
    if (newWindow) {
        m_serverRemaining = remaining;
        m_serverWindowEndMs = windowEnd;
    } else {
        m_serverRemaining = qMin(m_serverRemaining, remaining);
    }
    m_capacity = qMin(qMax(0, m_policy.capacity), allowed);
    m_refillPerMinute = qMin(qMax(0, m_policy.refillPerMinute), allowed);
    m_scaledTokens = qMin(m_scaledTokens, qint64(qMin(m_serverRemaining, m_capacity)) * kScale);
}

void TokenBucket::holdUntil(qint64 atMs)
{
    m_holdUntilMs = qMax(m_holdUntilMs, atMs);
}

} // namespace icp
