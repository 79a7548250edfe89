#include "IngestBatcher.h"

#include "Clock.h"

#include <utility>

namespace icp {

IngestBatcher::IngestBatcher(Clock &clock, qint64 windowMs, Flush flush, QObject *parent)
    : QObject(parent)
    , m_clock(clock)
    , m_windowMs(qMax<qint64>(0, windowMs))
    , m_flush(std::move(flush))
{
}

IngestBatcher::~IngestBatcher()
{
    // What is still gathered was never committed; its source offers it again (a cursor was not advanced).
    if (m_timer != 0)
        m_clock.cancel(m_timer);
}

void IngestBatcher::add(const OutboxChange &change)
{
    m_gathered << change;
    if (m_timer == 0)
        m_timer = m_clock.callAfter(m_windowMs, this, [this]() {
            m_timer = 0;
            flush();
        });
}

void IngestBatcher::flush()
{
    if (m_timer != 0) {
        m_clock.cancel(m_timer);
        m_timer = 0;
    }
    if (m_gathered.isEmpty())
        return;
    // Taken out first: the flush function may add again (a source answering synchronously).
    const QList<OutboxChange> batch = std::exchange(m_gathered, {});
    m_flush(batch);
}

} // namespace icp
