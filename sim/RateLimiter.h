#pragma once
#include <QtGlobal>

namespace icp::sim {

// Genesys-style per-token limit: a fixed one-minute window that starts with the token's first request.
class RateLimiter
{
public:
    explicit RateLimiter(int allowedPerMinute) : m_allowed(allowedPerMinute) {}

    struct Verdict
    {
        bool allowed = true;
        int count = 0;   // requests in the window, this one included
        int limit = 0;
        int resetS = 0;  // seconds until the window resets
    };
    Verdict take(qint64 nowMs);

private:
    int m_allowed;
    qint64 m_windowStart = -1;
    int m_count = 0;
};

} // namespace icp::sim
