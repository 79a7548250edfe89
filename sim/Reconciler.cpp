#include "Reconciler.h"

#include <algorithm>

namespace icp::sim {

Reconciler::Reconciler(const ReconcilerSpec &spec, Clock &clock, Random &rng, QObject *context, BumpFn bump)
    : m_spec(spec)
    , m_clock(clock)
    , m_rng(rng)
    , m_context(context)
    , m_bump(std::move(bump))
{
}

void Reconciler::trigger(const QString &groupId)
{
    if (!isAsync())
        return;
    if (m_spec.mergeQueued) {
        // A queued (not yet started) recompute of the group absorbs the new trigger.
        const auto first = m_busy && !m_queue.empty() ? m_queue.begin() + 1 : m_queue.begin();
        if (std::any_of(first, m_queue.end(), [&](const Job &j) { return j.groupId == groupId; }))
            return;
    }
    const qint64 delay = m_rng.uniformInt(m_spec.baseDelayMs.min, m_spec.baseDelayMs.max);
    m_queue.push_back({groupId, m_clock.nowMs() + delay});
    kick();
}

void Reconciler::kick()
{
    if (m_busy || m_queue.empty())
        return;
    m_busy = true;
    const Job &head = m_queue.front();
    const qint64 start = std::max(m_clock.nowMs(), head.eligibleAtMs);
    const qint64 service = m_rng.uniformInt(m_spec.serviceMs.min, m_spec.serviceMs.max);
    m_clock.callAt(start + service, m_context, [this]() {
        const QString groupId = m_queue.front().groupId;
        m_queue.pop_front();
        m_busy = false;
        m_bump(groupId);
        kick();
    });
}

} // namespace icp::sim
