#pragma once
// Gathers the changes a WFM source hands over one at a time and passes them on together, so the outbox commits
// them in one durable transaction (one fsync) instead of one each. The first change starts a window of windowMs
// on the clock (0: the next turn of the event loop); when it ends, every change gathered goes to the flush
// function in arrival order. Nothing is durable until the flush: a source that remembers its position (a feed
// cursor) must advance it only after the flush's commit succeeded.

#include "OutboxTypes.h"

#include <QList>
#include <QObject>

#include <functional>

namespace icp {

class Clock;

class IngestBatcher final : public QObject
{
public:
    using Flush = std::function<void(const QList<OutboxChange> &changes)>;

    // The window the console's scenario feed uses: short enough not to show in staleness, long enough to
    // gather a burst.
    static constexpr qint64 kFeedWindowMs = 10;

    IngestBatcher(Clock &clock, qint64 windowMs, Flush flush, QObject *parent = nullptr);
    ~IngestBatcher() override;

    void add(const OutboxChange &change);
    // Hands over what is gathered now (nothing if empty) and cancels the pending window.
    void flush();
    qsizetype pending() const { return m_gathered.size(); }
    qint64 windowMs() const { return m_windowMs; }

private:
    Clock &m_clock;
    qint64 m_windowMs;
    Flush m_flush;
    QList<OutboxChange> m_gathered;
    quint64 m_timer = 0; // 0: no window open
};

} // namespace icp
