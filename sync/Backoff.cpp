#include "Backoff.h"

namespace icp {

Backoff::Backoff(BackoffPolicy policy, quint64 seed)
    : m_policy(policy)
    , m_random(seed)
{
    m_policy.baseMs = qMax<qint64>(0, m_policy.baseMs);
    m_policy.capMs = qMax<qint64>(0, m_policy.capMs);
}

qint64 Backoff::ceilingMs(int retry) const
{
    qint64 ceiling = qMin(m_policy.baseMs, m_policy.capMs);
    // Doubling stops at the cap, so base * 2^n is never computed (nor overflows) for large n.
    for (int i = 0; i < retry && ceiling > 0 && ceiling < m_policy.capMs; ++i)
        ceiling = ceiling > m_policy.capMs / 2 ? m_policy.capMs : ceiling * 2;
    return ceiling;
}

qint64 Backoff::nextDelayMs(int retry)
{
    return m_random.uniformInt(0, ceilingMs(retry));
}

qint64 Backoff::nextDelayMs(int retry, std::optional<int> retryAfterS)
{
    const qint64 jittered = nextDelayMs(retry);
    if (!retryAfterS || *retryAfterS < 0)
        return jittered;
    return qMax(jittered, qint64(*retryAfterS) * 1000);
}

} // namespace icp
