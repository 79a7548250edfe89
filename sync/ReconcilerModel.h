#pragma once
// A region's routing-policy recomputes as the console can know them: every routing-relevant agent change it
// ingests and every write the ICP accepts queues one recompute, and the reconciler serves them one at a time in
// arrival order, each completion a version bump of its group that the event stream reports. Matching bumps to
// the queue in order tells, for each group, how many recomputes of other groups run before its next one: a
// write that leaves while its group's next bump is several jobs away is unlikely to meet it.
// Plain bookkeeping on the engine's thread, time passed in.

#include <QString>
#include <QtGlobal>

#include <deque>

namespace icp {

class ReconcilerModel
{
public:
    void onTrigger(const QString &group, qint64 atMs);
    void onBump(const QString &group, qint64 atMs);

    // Recomputes of other groups queued ahead of the group's next one; -1 when none of the group's is queued.
    int jobsAhead(const QString &group, qint64 nowMs);
    // Typical gap between consecutive bumps while recomputes are queued (the reconciler's service pace).
    double serviceMs() const { return m_serviceMs; }
    int queued() const { return int(m_queue.size()); }

private:
    void expire(qint64 nowMs);

    struct Job
    {
        QString group;
        qint64 atMs;
    };
    std::deque<Job> m_queue; // arrival order
    double m_serviceMs = 30;
    qint64 m_lastBumpMs = 0;
};

} // namespace icp
