#include "InProcessTransport.h"

#include "SimCore.h"

#include <memory>

namespace icp::sim {

InProcessTransport::InProcessTransport(SimCore &core, QObject *parent)
    : QObject(parent)
    , m_core(core)
{
}

QUrl InProcessTransport::baseUrl(const QString &regionId)
{
    return QUrl(QStringLiteral("http://%1.sim.invalid").arg(regionId));
}

void InProcessTransport::send(const HttpRequest &request, ResponseCallback done)
{
    ++m_sent;
    const QString host = request.url.host();
    const QString region = host.endsWith(QLatin1String(".sim.invalid")) ? host.chopped(12) : host;
    // Exactly one of the answer and the timeout reaches the caller.
    auto finished = std::make_shared<bool>(false);
    Clock &clock = m_core.clock();
    const TimerId timeout = clock.callAfter(request.timeoutMs, this, [finished, done]() {
        if (std::exchange(*finished, true))
            return;
        HttpResponse r;
        r.error = TransportError::Timeout;
        r.errorText = QStringLiteral("transfer timeout");
        done(r);
    });
    m_core.handle(region, request, [finished, done, timeout, &clock](const HttpResponse &r) {
        if (std::exchange(*finished, true))
            return;
        clock.cancel(timeout);
        done(r);
    });
}

} // namespace icp::sim
