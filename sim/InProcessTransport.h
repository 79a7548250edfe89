#pragma once
#include "HttpMessage.h"

#include <QHash>
#include <QObject>

namespace icp::sim {

class SimCore;

// An HttpTransport straight into SimCore::handle(), for virtual-time runs: the simulator's legs are the only
// latency. Base URLs are http://<region-id>.sim.invalid. Enforces the request's transfer timeout on the clock.
class InProcessTransport final : public QObject, public HttpTransport
{
    Q_OBJECT
public:
    explicit InProcessTransport(SimCore &core, QObject *parent = nullptr);
    void send(const HttpRequest &request, ResponseCallback done) override;

    static QUrl baseUrl(const QString &regionId);
    qint64 requestsSent() const { return m_sent; }

private:
    SimCore &m_core;
    qint64 m_sent = 0;
};

} // namespace icp::sim
