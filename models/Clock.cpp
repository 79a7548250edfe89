#include "Clock.h"

#include <QDateTime>
#include <QTimer>

namespace icp {

SystemClock::SystemClock() = default;

SystemClock::~SystemClock()
{
    for (const auto &t : std::as_const(m_timers))
        delete t.data();
}

qint64 SystemClock::nowMs() const
{
    return QDateTime::currentMSecsSinceEpoch();
}

TimerId SystemClock::callAt(qint64 atMs, QObject *context, std::function<void()> fn)
{
    const TimerId id = m_next++;
    auto *timer = new QTimer(context);
    timer->setSingleShot(true);
    timer->setTimerType(Qt::PreciseTimer);
    m_timers.insert(id, timer);
    QObject::connect(timer, &QTimer::timeout, context, [this, id, timer, fn = std::move(fn)]() {
        m_timers.remove(id);
        timer->deleteLater();
        fn();
    });
    timer->start(int(qBound<qint64>(0, atMs - nowMs(), qint64(std::numeric_limits<int>::max()))));
    // Forget timers whose context died first.
    QObject::connect(timer, &QObject::destroyed, context, [this, id]() { m_timers.remove(id); });
    return id;
}

void SystemClock::cancel(TimerId id)
{
    if (auto t = m_timers.take(id))
    {
        t->stop();
        t->deleteLater();
    }
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
