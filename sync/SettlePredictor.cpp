#include "SettlePredictor.h"

#include <algorithm>

namespace icp {

namespace {
constexpr double kAlpha = 0.05;
constexpr qint64 kMaxExpiryMs = 5000;
} // namespace

void SettlePredictor::expire(qint64 nowMs)
{
    // A trigger older than anything we have seen a bump take is not coming back: it merged, or the region
    // recomputes synchronously. Each expiry teaches the ratio that triggers can go unanswered.
    const qint64 expiry = std::min<qint64>(kMaxExpiryMs, qint64(std::max(m_delayMaxMs * 1.5, 600.0)));
    while (!m_triggers.empty() && nowMs - m_triggers.front() > expiry) {
        m_triggers.pop_front();
        m_ratio = (1 - kAlpha) * m_ratio;
    }
}

void SettlePredictor::onTrigger(qint64 nowMs)
{
    expire(nowMs);
    m_triggers.push_back(nowMs);
}

void SettlePredictor::onForeignBump(qint64 nowMs)
{
    expire(nowMs);
    m_lastBumpMs = nowMs;
    if (m_triggers.empty())
        return; // a foreign writer or an admin: nothing of ours to retire
    const double delay = double(nowMs - m_triggers.front());
    m_triggers.pop_front();
    m_ratio = (1 - kAlpha) * m_ratio + kAlpha;
    m_delayMs = (1 - kAlpha) * m_delayMs + kAlpha * delay;
    m_delayMaxMs = std::max(delay, m_delayMaxMs * 0.999);
}

qint64 SettlePredictor::quietAt(qint64 nowMs)
{
    expire(nowMs);
    if (m_triggers.empty() || m_ratio < 0.2)
        return nowMs;
    // Hold while anything is outstanding. Bumps re-evaluate the hold as they arrive; without them the oldest
    // trigger expires, which is the next time the answer can change on its own.
    const qint64 expiry = std::min<qint64>(kMaxExpiryMs, qint64(std::max(m_delayMaxMs * 1.5, 600.0)));
    return std::max(nowMs + 1, m_triggers.front() + expiry + 1);
}

} // namespace icp
