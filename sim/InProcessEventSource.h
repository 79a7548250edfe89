#pragma once
// The ICP event stream of one region straight from the simulator core, for virtual-time runs: the events a
// region's SSE stream would carry, decoded by the same EventDecoder as the SSE client. Resumes after the last
// event seen when restarted, like a stream reconnecting with Last-Event-ID.

#include "EventDecoder.h"
#include "EventSource.h"

namespace icp::sim {

class SimCore;
struct SimEvent;

class InProcessEventSource final : public EventSource
{
    Q_OBJECT
public:
    InProcessEventSource(SimCore &core, QString regionId, QObject *parent = nullptr);

    void start() override;
    void stop() override;
    bool isConnected() const override { return m_connected; }

    const QString &regionId() const { return m_regionId; }
    qint64 lastEventId() const { return m_lastEventId; }
    qint64 eventsReceived() const { return m_eventsReceived; }
    qint64 eventsRejected() const { return m_eventsRejected; }

private:
    void onEvent(const QString &regionId, const icp::sim::SimEvent &event);

    SimCore &m_core;
    QString m_regionId;
    EventDecoder m_decoder;
    bool m_connected = false;
    qint64 m_lastEventId = 0;
    qint64 m_eventsReceived = 0;
    qint64 m_eventsRejected = 0;
};

} // namespace icp::sim
