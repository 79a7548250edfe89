#include "InProcessEventSource.h"

#include "SimCore.h"

namespace icp::sim {

InProcessEventSource::InProcessEventSource(SimCore &core, QString regionId, QObject *parent)
    : EventSource(parent)
    , m_core(core)
    , m_regionId(std::move(regionId))
    , m_decoder(m_regionId)
{
}

void InProcessEventSource::start()
{
    if (m_connected)
        return;
    if (!m_core.regionIds().contains(m_regionId)) {
        Q_EMIT connectionChanged(m_regionId, false,
                                 QStringLiteral("%1: no such region in the simulator").arg(m_regionId));
        return;
    }
    m_connected = true;
    // Subscribe before the replay, as the SSE adapter does: onEvent drops what the replay already gave.
    connect(&m_core, &SimCore::eventPublished, this, &InProcessEventSource::onEvent);
    const QString reason = m_lastEventId > 0
        ? QStringLiteral("%1: event stream resumed after event %2").arg(m_regionId).arg(m_lastEventId)
        : QStringLiteral("%1: event stream connected").arg(m_regionId);
    Q_EMIT connectionChanged(m_regionId, true, reason);
    const QList<SimEvent> missed = m_core.eventsSince(m_regionId, m_lastEventId);
    for (const SimEvent &e : missed) {
        if (!m_connected)
            return; // a receiver stopped the source
        onEvent(m_regionId, e);
    }
}

void InProcessEventSource::stop()
{
    if (!m_connected)
        return;
    m_connected = false;
    disconnect(&m_core, &SimCore::eventPublished, this, &InProcessEventSource::onEvent);
    Q_EMIT connectionChanged(m_regionId, false, QStringLiteral("%1: event stream stopped").arg(m_regionId));
}

void InProcessEventSource::onEvent(const QString &regionId, const SimEvent &event)
{
    if (!m_connected || regionId != m_regionId || event.id <= m_lastEventId)
        return;
    m_lastEventId = event.id;
    ++m_eventsReceived;
    QString error;
    const auto decoded = m_decoder.decode(event.topic, QByteArray::number(event.id), event.data,
                                          m_core.clock().nowMs(), &error);
    if (decoded) {
        emitDecodedEvent(*this, m_regionId, *decoded);
    } else {
        ++m_eventsRejected;
        Q_EMIT eventRejected(m_regionId, error);
    }
}

} // namespace icp::sim
