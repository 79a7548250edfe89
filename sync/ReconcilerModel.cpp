#include "ReconcilerModel.h"

#include <algorithm>

namespace icp {

namespace {
// A queued recompute nobody has seen land after this long was merged or never queued (a synchronous region).
constexpr qint64 kExpiryMs = 20000;
constexpr std::size_t kMaxQueued = 20000;
constexpr double kAlpha = 0.1;
} // namespace

void ReconcilerModel::expire(qint64 nowMs)
{
    while (!m_queue.empty() && (nowMs - m_queue.front().atMs > kExpiryMs || m_queue.size() > kMaxQueued))
        m_queue.pop_front();
}

void ReconcilerModel::onTrigger(const QString &group, qint64 atMs)
{
    expire(atMs);
    // Keep arrival order: an accepted write is reported after it was queued, possibly behind later changes.
    auto it = m_queue.end();
    while (it != m_queue.begin() && std::prev(it)->atMs > atMs)
        --it;
    m_queue.insert(it, Job{group, atMs});
}

void ReconcilerModel::onBump(const QString &group, qint64 atMs)
{
    expire(atMs);
    const auto it = std::find_if(m_queue.begin(), m_queue.end(), [&](const Job &j) { return j.group == group; });
    if (it == m_queue.end())
        return; // a foreign writer or an admin: not one of the recomputes we know of
    // Recomputes queued before this one have been served too (their bumps may have been merged into one event).
    m_queue.erase(m_queue.begin(), std::next(it));
    if (m_lastBumpMs > 0 && atMs - m_lastBumpMs < 1000)
        m_serviceMs = (1 - kAlpha) * m_serviceMs + kAlpha * double(atMs - m_lastBumpMs);
    m_lastBumpMs = atMs;
}

int ReconcilerModel::jobsAhead(const QString &group, qint64 nowMs)
{
    expire(nowMs);
    int ahead = 0;
    for (const auto &j : m_queue) {
        if (j.group == group)
            return ahead;
        ++ahead;
    }
    return -1;
}

} // namespace icp
