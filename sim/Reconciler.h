#pragma once
#include "Clock.h"
#include "Scenario.h"
#include "ScenarioTimeline.h"

#include <QObject>

#include <deque>
#include <functional>

namespace icp::sim {

// The routing-policy reconciler of one region (the contention hypothesis). Every platform change of a
// trunk-based skill group queues a recompute of that group; in async mode the region's queue is FIFO and served
// one job at a time, each eligible after a base delay and taking a service time, and each completion bumps the
// group's version. In sync mode the recompute is part of the triggering transaction and bumps nothing.
class Reconciler
{
public:
    using BumpFn = std::function<void(const QString &groupId)>;
    Reconciler(const ReconcilerSpec &spec, Clock &clock, Random &rng, QObject *context, BumpFn bump);

    void trigger(const QString &groupId);
    int backlog() const { return int(m_queue.size()); }
    bool isAsync() const { return m_spec.mode == ReconcilerSpec::Mode::Async; }

private:
    struct Job
    {
        QString groupId;
        qint64 eligibleAtMs;
    };
    void kick();

    ReconcilerSpec m_spec;
    Clock &m_clock;
    Random &m_rng;
    QObject *m_context;
    BumpFn m_bump;
    std::deque<Job> m_queue;
    bool m_busy = false;
};

} // namespace icp::sim
