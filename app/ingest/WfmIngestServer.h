#pragma once
// The QHttpServer adapter of the WFM ingest endpoint (POST /wfm/v1/availability; see WfmIngestHandler).
// Lives on the thread of the engine it feeds: each request is answered inside its handler, right after the
// engine's ingest returned, so no responder is ever held past its socket (the Qt 6.4 use-after-free the
// simulator guards against cannot happen here). Bodies over the limit are refused by the early hook before
// QHttpServer buffers them. Binds 127.0.0.1 unless another address is configured.

#include "WfmIngestHandler.h"

#include <QHostAddress>
#include <QObject>
#include <QUrl>

#include <memory>

class QHttpServer;
class QHttpServerRequest;
class QHttpServerResponder;

namespace icp {

namespace sim { class EarlyRequestHook; }

struct WfmIngestOptions
{
    QHostAddress address = QHostAddress(QHostAddress::LocalHost);
    quint16 port = 0;         // 0: any free port (see url())
    QByteArray token;         // required; never logged
    qint64 maxSkewMs = WfmValidator::kDefaultMaxSkewMs;
    WfmIngestLimits limits;
};

class WfmIngestServer final : public QObject
{
    Q_OBJECT
public:
    WfmIngestServer(WfmIngestOptions options, const QList<Agent> &roster, WfmCommit commit, Clock &clock,
                    QObject *parent = nullptr);
    ~WfmIngestServer() override;

    // Binds the socket; on failure *error names the address, the port and the cause. An empty token is refused.
    bool listen(QString *error);
    quint16 port() const { return m_port; }
    QUrl url() const; // http://address:port/wfm/v1/availability
    const WfmIngestHandler &handler() const { return m_handler; }

Q_SIGNALS:
    // After every answer: its status and what the request carried (for progress lines; never the token).
    void answered(int status, qint64 accepted, qint64 rejected);

private:
    void onRequest(const QHttpServerRequest &request, QHttpServerResponder &&responder);

    WfmIngestOptions m_options;
    WfmIngestHandler m_handler;
    QHttpServer *m_server = nullptr;
    sim::EarlyRequestHook *m_hook = nullptr;
    quint16 m_port = 0;
};

} // namespace icp
