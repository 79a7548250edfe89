#pragma once
// The QHttpServer adapter of one simulated region: every request goes to SimCore::handle(), whose answer is
// written back later through the held responder. The adapter adds only what needs a real socket: the body
// limit (EarlyRequestHook), broken connections asked for by the core (reset, truncated body), the listener
// outage of a "down" fault and the Server-Sent Events stream of /api/v1/icp/events.
// Lives on the core's thread: the core calls `done` on its own thread and the adapter writes from there.

#include "HttpMessage.h"

#include <QHostAddress>
#include <QObject>
#include <QUrl>

#include <memory>

class QHttpServer;
class QHttpServerRequest;
class QHttpServerResponder;
class QTcpSocket;

namespace icp::sim {

class EarlyRequestHook;
class SimCore;

struct SimHttpServerOptions
{
    QHostAddress address = QHostAddress(QHostAddress::LocalHost);
    quint16 port = 0;                    // 0: any free port
    qint64 bodyLimit = 1024 * 1024;      // larger request bodies get 413 before they are buffered
    int heartbeatMs = 15000;             // SSE comment interval
};

class SimHttpServer final : public QObject
{
    Q_OBJECT
public:
    SimHttpServer(SimCore &core, QString regionId, SimHttpServerOptions options = {}, QObject *parent = nullptr);
    ~SimHttpServer() override;

    // Binds the listening socket; on failure *error names the region, address and cause.
    bool listen(QString *error = nullptr);
    bool isListening() const;
    const QString &regionId() const { return m_regionId; }
    quint16 port() const { return m_port; }
    QUrl baseUrl() const;

Q_SIGNALS:
    // The listener closed for an injected outage, or reopened on the same port after it.
    void listeningChanged(bool listening);

private:
    void onRequest(const QHttpServerRequest &request, QHttpServerResponder &&responder);
    void answer(QTcpSocket *socket, const std::shared_ptr<QHttpServerResponder> &responder,
                const HttpRequest &request, const HttpResponse &response);
    void goDown(qint64 untilMs);
    void relisten();

    SimCore &m_core;
    QString m_regionId;
    SimHttpServerOptions m_options;
    QHttpServer *m_server = nullptr;
    EarlyRequestHook *m_hook = nullptr;
    quint16 m_port = 0;
    quint64 m_relistenTimer = 0;
};

} // namespace icp::sim
