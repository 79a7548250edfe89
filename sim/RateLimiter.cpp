#include "RateLimiter.h"

namespace icp::sim {

RateLimiter::Verdict RateLimiter::take(qint64 nowMs)
{
    if (m_windowStart < 0 || nowMs >= m_windowStart + 60000) {
        m_windowStart = nowMs;
        m_count = 0;
    }
    Verdict v;
    v.limit = m_allowed;
    v.resetS = int((m_windowStart + 60000 - nowMs + 999) / 1000);
    if (m_count >= m_allowed) {
        v.allowed = false;
        v.count = m_count;
        return v;
    }
    v.count = ++m_count;
    return v;
}

} // namespace icp::sim
