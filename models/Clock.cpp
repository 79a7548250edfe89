#include "Clock.h"

#include <QDateTime>
#include <QTimer>

namespace icp {

SystemClock::SystemClock() = default;

SystemClock::~SystemClock()
{
    // Take the table first: deleting a timer runs its bookkeeping, which must not edit a table being walked.
    const auto timers = std::exchange(m_timers, {});
    for (const auto &t : timers)
        delete t.data();
}

qint64 SystemClock::nowMs() const
{
    return QDateTime::currentMSecsSinceEpoch();
}

// A fired or cancelled timer is deleted later, maybe after its clock: cut its link back to the clock first.
static void retireTimer(QTimer *timer)
{
    QObject::disconnect(timer, &QObject::destroyed, timer, nullptr);
    timer->stop();
    timer->deleteLater();
}

TimerId SystemClock::callAt(qint64 atMs, QObject *context, std::function<void()> fn)
{
    const TimerId id = m_next++;
    auto *timer = new QTimer(context);
    timer->setSingleShot(true);
    timer->setTimerType(Qt::PreciseTimer);
    m_timers.insert(id, timer);
    // Without a context the timer is its own receiver; a connection to a null receiver would never fire.
    QObject *receiver = context ? context : timer;
    QObject::connect(timer, &QTimer::timeout, receiver, [this, id, timer, fn = std::move(fn)]() {
        m_timers.remove(id);
        retireTimer(timer);
        fn();
    });
    // Forget timers whose context died first (the timer, a child of the context, dies with it).
    QObject::connect(timer, &QObject::destroyed, timer, [this, id]() { m_timers.remove(id); });
    timer->start(int(qBound<qint64>(0, atMs - nowMs(), qint64(std::numeric_limits<int>::max()))));
    return id;
}

void SystemClock::cancel(TimerId id)
{
    if (auto t = m_timers.take(id))
        retireTimer(t);
}

VirtualClock::VirtualClock(qint64 startMs)
    : m_now(startMs)
{
}

TimerId VirtualClock::callAt(qint64 atMs, QObject *context, std::function<void()> fn)
{
    const TimerId id = m_seq++;
    const qint64 at = qMax(atMs, m_now);
    m_queue.emplace(std::make_pair(at, id), Event{QPointer<QObject>(context), context != nullptr, std::move(fn)});
    m_index.insert(id, at);
    return id;
}

void VirtualClock::cancel(TimerId id)
{
    auto it = m_index.find(id);
    if (it == m_index.end())
        return;
    m_queue.erase(std::make_pair(it.value(), id));
    m_index.erase(it);
}

qint64 VirtualClock::nextEventAt() const
{
    return m_queue.empty() ? std::numeric_limits<qint64>::max() : m_queue.begin()->first.first;
}

bool VirtualClock::runNext(qint64 limit)
{
    if (m_queue.empty())
        return false;
    auto it = m_queue.begin();
    if (it->first.first > limit)
        return false;
    m_now = it->first.first;
    Event ev = std::move(it->second);
    m_index.remove(it->first.second);
    m_queue.erase(it);
    ++m_eventsRun;
    if (!ev.hadContext || ev.context)
        ev.fn();
    return true;
}

void VirtualClock::advanceTo(qint64 t)
{
    while (runNext(t)) {
    }
    m_now = qMax(m_now, t);
}

bool VirtualClock::runUntil(const std::function<bool()> &pred, qint64 deadlineMs)
{
    while (!pred()) {
        if (!runNext(deadlineMs)) {
            m_now = qMax(m_now, deadlineMs);
            return pred();
        }
    }
    return true;
}

} // namespace icp
