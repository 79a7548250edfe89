#pragma once
// Injectable time. Everything with a delay (simulator latency, reconciler, backoff, gather windows) asks a
// Clock, so tests and calibration run in virtual time and the program runs on the system clock.

#include <QHash>
#include <QObject>
#include <QPointer>

#include <functional>
#include <map>

class QTimer;

namespace icp {

using TimerId = quint64;

class Clock
{
public:
    virtual ~Clock() = default;
    virtual qint64 nowMs() const = 0; // milliseconds since the epoch (simulated or real)
    // Runs fn at atMs on context's thread, unless context is destroyed or the timer cancelled first.
    virtual TimerId callAt(qint64 atMs, QObject *context, std::function<void()> fn) = 0;
    virtual void cancel(TimerId id) = 0;
    virtual bool isVirtual() const = 0;

    TimerId callAfter(qint64 delayMs, QObject *context, std::function<void()> fn)
    {
        return callAt(nowMs() + qMax<qint64>(0, delayMs), context, std::move(fn));
    }
};

// Real time on the Qt event loop. Not thread-safe: one instance per thread that uses it.
class SystemClock final : public Clock
{
public:
    SystemClock();
    ~SystemClock() override;
    qint64 nowMs() const override;
    TimerId callAt(qint64 atMs, QObject *context, std::function<void()> fn) override;
    void cancel(TimerId id) override;
    bool isVirtual() const override { return false; }

private:
    QHash<TimerId, QPointer<QTimer>> m_timers;
    TimerId m_next = 1;
};

// Discrete-event time: nothing happens until the test or the driver advances it.
class VirtualClock final : public Clock
{
public:
    explicit VirtualClock(qint64 startMs = 0);
    qint64 nowMs() const override { return m_now; }
    TimerId callAt(qint64 atMs, QObject *context, std::function<void()> fn) override;
    void cancel(TimerId id) override;
    bool isVirtual() const override { return true; }

    // Runs every event due at or before t, in time order (ties in scheduling order), then sets now = t.
    void advanceTo(qint64 t);
    void advanceBy(qint64 ms) { advanceTo(m_now + ms); }
    // Runs events until pred() holds or no event is left before deadline; returns pred().
    bool runUntil(const std::function<bool()> &pred, qint64 deadlineMs);
    bool hasPending() const { return !m_queue.empty(); }
    qint64 nextEventAt() const;
    quint64 eventsRun() const { return m_eventsRun; }

private:
    struct Event
    {
        QPointer<QObject> context;
        bool hadContext = false;
        std::function<void()> fn;
    };
    bool runNext(qint64 limit);

    qint64 m_now;
    TimerId m_seq = 1;
    std::map<std::pair<qint64, TimerId>, Event> m_queue;
    QHash<TimerId, qint64> m_index;
    quint64 m_eventsRun = 0;
};

} // namespace icp
