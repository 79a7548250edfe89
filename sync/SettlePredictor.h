#pragma once
#include <QtGlobal>

#include <algorithm>
#include <deque>

namespace icp {

// Learns one skill group's contention from what the console sees. Every routing-relevant agent change it
// ingests and every write it gets accepted is also a platform change that queues a recompute of the group;
// every version bump by someone else retires the oldest such trigger. While triggers are outstanding a write is
// likely to meet a bump in flight, so the writer holds it (bounded) until the group is predicted quiet.
// Where bumps never follow triggers (a synchronous region) the learned ratio drops and nothing is held.
class SettlePredictor
{
public:
    void onTrigger(qint64 nowMs);
    void onForeignBump(qint64 nowMs);
    // The time until which a write should wait; nowMs when it need not wait.
    qint64 quietAt(qint64 nowMs);

    int outstanding() const { return int(m_triggers.size()); }
    // When the newest outstanding recompute is expected to land: its trigger plus the typical trigger-to-bump
    // delay, which grows with the reconciler's queue. nowMs when nothing is outstanding.
    qint64 drainedAt(qint64 nowMs) const
    {
        return m_triggers.empty() ? nowMs : std::max(nowMs, m_triggers.back() + qint64(m_delayMs));
    }
    double bumpsPerTrigger() const { return m_ratio; }
    qint64 typicalDelayMs() const { return qint64(m_delayMs); }

private:
    void expire(qint64 nowMs);

    std::deque<qint64> m_triggers;
    double m_ratio = 1.0;    // EWMA of bumps per trigger; starts cautious
    double m_delayMs = 400;  // EWMA of trigger -> bump delay
    double m_delayMaxMs = 1500;
    qint64 m_lastBumpMs = 0;
};

} // namespace icp
