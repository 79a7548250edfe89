#include "WfmIngestServer.h"

#include "EarlyRequestHook.h"
#include "HttpServerCompat.h"

#include <QPointer>
#include <QTcpSocket>

namespace icp {

namespace {

QByteArray methodName(QHttpServerRequest::Method m)
{
    using M = QHttpServerRequest::Method;
    switch (m) {
    case M::Get: return "GET";
    case M::Put: return "PUT";
    case M::Delete: return "DELETE";
    case M::Post: return "POST";
    case M::Head: return "HEAD";
    case M::Options: return "OPTIONS";
    case M::Patch: return "PATCH";
    default: return "OTHER";
    }
}

} // namespace

WfmIngestServer::WfmIngestServer(WfmIngestOptions options, const QList<Agent> &roster, WfmCommit commit,
                                 Clock &clock, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_handler(WfmValidator(roster, m_options.maxSkewMs), m_options.token, std::move(commit), clock, m_options.limits)
    , m_server(new QHttpServer(this))
{
    sim::compat::setCatchAllHandler(*m_server, this,
                                    [this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
                                        onRequest(request, std::move(responder));
                                    });
}

WfmIngestServer::~WfmIngestServer() = default;

bool WfmIngestServer::listen(QString *error)
{
    if (m_options.token.isEmpty()) {
        *error = QStringLiteral("WFM ingest: no bearer token configured; set ICP_INGEST_TOKEN");
        return false;
    }
    auto *hook = new sim::EarlyRequestHook(m_options.limits.bodyLimit, this);
    hook->setTooLargeHint(QStringLiteral("split the batch (at most %1 items and %2 bytes per request)")
                              .arg(m_options.limits.maxItems).arg(m_options.limits.bodyLimit));
    if (!hook->listen(m_options.address, m_options.port)) {
        *error = QStringLiteral("WFM ingest: cannot listen on %1:%2 (%3); choose another --ingest-port")
                     .arg(m_options.address.toString()).arg(m_options.port).arg(hook->errorString());
        delete hook;
        return false;
    }
    if (!sim::compat::bindListener(*m_server, hook)) {
        *error = QStringLiteral("WFM ingest: the HTTP server refused the listening socket");
        delete hook;
        return false;
    }
    m_hook = hook;
    m_port = hook->serverPort();
    return true;
}

QUrl WfmIngestServer::url() const
{
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    const QHostAddress host = m_options.address == QHostAddress::Any || m_options.address == QHostAddress::AnyIPv4
        ? QHostAddress(QHostAddress::LocalHost)
        : m_options.address;
    url.setHost(host.toString());
    url.setPort(m_port);
    url.setPath(QLatin1String(WfmIngestHandler::kPath));
    return url;
}

void WfmIngestServer::onRequest(const QHttpServerRequest &request, QHttpServerResponder &&responder)
{
    // Answered before this handler returns, so the socket is alive; checked anyway in case it already closed.
    const QPointer<QTcpSocket> socket = sim::compat::requestSocket(responder, *m_hook);
    if (!socket || socket->state() != QAbstractSocket::ConnectedState)
        return;
    const HttpResponse answer = m_handler.handle(methodName(request.method()), request.url().path(),
                                                 sim::compat::requestHeaders(request), request.body());
    if (!socket || socket->state() != QAbstractSocket::ConnectedState)
        return;
    sim::compat::writeResponse(responder, answer.status, answer.headers, answer.body);
    const bool took = answer.status == 202;
    Q_EMIT answered(answer.status, took ? m_handler.lastBatch().accepted : 0, took ? m_handler.lastBatch().rejected : 0);
}

} // namespace icp
