#include "SimHttpServer.h"

#include "EarlyRequestHook.h"
#include "HttpServerCompat.h"
#include "JsonCodec.h"
#include "SimCore.h"
#include "SseStream.h"

#include <QTcpSocket>
#include <QUrlQuery>
#include <QUuid>

#include <sys/socket.h>

namespace icp::sim {

namespace {

const QLatin1String kEventsPath("/api/v1/icp/events");
const QLatin1String kHooksPrefix("/sim/v1/");

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
    case M::Connect: return "CONNECT";
    case M::Trace: return "TRACE";
    default: return "UNKNOWN"; // the core answers 405
    }
}

// The connection only closes after the answer when the client asked for it.
bool wantsClose(const HttpRequest &request)
{
    return headerValue(request.headers, "Connection").trimmed().compare("close", Qt::CaseInsensitive) == 0;
}

QByteArray plainError(int status, const char *errorCode, const QString &message)
{
    return dumpJson(Json{{"errorCode", errorCode}, {"message", toStd(message)}, {"status", status}});
}

// Breaks the connection the way the core asked: reset, truncated body, or refused while down.
void breakConnection(QTcpSocket *socket, const HttpResponse &response)
{
    switch (response.error) {
    case TransportError::None:
    case TransportError::Timeout:
        return; // a stall: the core never answers, the client's timer decides
    case TransportError::TruncatedBody: {
        // The whole head with the full Content-Length, then half of the body, then a clean close. Written to
        // the socket directly: responders from 6.8 on compute Content-Length themselves.
        const QByteArray body = response.body.isEmpty() ? QByteArray(64, ' ') : response.body;
        const int status = response.status > 0 ? response.status : 200;
        QByteArray head = "HTTP/1.1 " + QByteArray::number(status) + (status < 400 ? " OK\r\n" : " Error\r\n");
        for (const auto &[name, value] : response.headers)
            if (name.compare("Content-Length", Qt::CaseInsensitive) != 0)
                head += name + ": " + value + "\r\n";
        head += "Content-Length: " + QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n";
        socket->write(head + body.first(body.size() / 2));
        socket->disconnectFromHost();
        return;
    }
    case TransportError::ConnectionRefused: // refused while down: the open connection dies too
    case TransportError::ConnectionReset:
    case TransportError::BodyTooLarge:
    case TransportError::Other: {
        // SO_LINGER 0 makes close() send RST instead of FIN: the client sees a reset, not an orderly close.
        const linger hard{1, 0};
        ::setsockopt(int(socket->socketDescriptor()), SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
        socket->abort();
        return;
    }
    }
}

} // namespace

SimHttpServer::SimHttpServer(SimCore &core, QString regionId, SimHttpServerOptions options, QObject *parent)
    : QObject(parent)
    , m_core(core)
    , m_regionId(std::move(regionId))
    , m_options(std::move(options))
    , m_server(new QHttpServer(this))
{
    m_port = m_options.port;
    compat::setCatchAllHandler(*m_server, this,
                               [this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
                                   onRequest(request, std::move(responder));
                               });
    connect(&m_core, &SimCore::regionDown, this, [this](const QString &region, qint64 untilMs) {
        if (region == m_regionId)
            goDown(untilMs);
    });
}

SimHttpServer::~SimHttpServer()
{
    if (m_relistenTimer)
        m_core.clock().cancel(m_relistenTimer);
}

bool SimHttpServer::listen(QString *error)
{
    // QHttpServer parents the hook; a failed one is deleted here.
    auto *hook = new EarlyRequestHook(m_options.bodyLimit, this);
    if (!hook->listen(m_options.address, m_port)) {
        if (error)
            *error = QStringLiteral("%1: cannot listen on %2:%3 (%4); choose another --port-base")
                         .arg(m_regionId, m_options.address.toString())
                         .arg(m_port)
                         .arg(hook->errorString());
        delete hook;
        return false;
    }
    if (!compat::bindListener(*m_server, hook)) {
        if (error)
            *error = QStringLiteral("%1: the HTTP server refused the listening socket").arg(m_regionId);
        delete hook;
        return false;
    }
    m_hook = hook;
    m_port = hook->serverPort(); // re-listening after an outage reuses it
    return true;
}

bool SimHttpServer::isListening() const
{
    return m_hook && m_hook->isListening();
}

QUrl SimHttpServer::baseUrl() const
{
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    const QHostAddress host = m_options.address == QHostAddress::Any || m_options.address == QHostAddress::AnyIPv4
        ? QHostAddress(QHostAddress::LocalHost)
        : m_options.address;
    url.setHost(host.toString());
    url.setPort(m_port);
    return url;
}

void SimHttpServer::onRequest(const QHttpServerRequest &request, QHttpServerResponder &&responder)
{
    // 6.4 deletes the socket when the client disconnects while the responder still points at it: the socket
    // is the guard, checked before anything is written.
    const QPointer<QTcpSocket> socket = compat::requestSocket(responder, *m_hook);
    auto held = std::make_shared<QHttpServerResponder>(std::move(responder));
    if (!socket)
        return;

    HttpRequest req;
    req.method = methodName(request.method());
    req.url = baseUrl();
    req.url.setPath(request.url().path(QUrl::FullyEncoded), QUrl::TolerantMode);
    req.url.setQuery(request.url().query(QUrl::FullyEncoded), QUrl::TolerantMode);
    req.headers = compat::requestHeaders(request);
    req.body = request.body();

    // Test hooks stay loopback-only even when --listen-address exposes the API.
    if (req.url.path().startsWith(kHooksPrefix) && !request.remoteAddress().isLoopback()) {
        compat::writeResponse(*held, 404, {{"Content-Type", "application/json"}},
                              plainError(404, "NOT_FOUND", QStringLiteral("no such path: ") + req.url.path()));
        return;
    }

    const QPointer<SimHttpServer> self(this);
    m_core.handle(m_regionId, req, [self, socket, held, req](const HttpResponse &response) {
        if (!self || !socket || socket->state() != QAbstractSocket::ConnectedState)
            return; // the client left while the answer was delayed
        self->answer(socket, held, req, response);
    });
}

void SimHttpServer::answer(QTcpSocket *socket, const std::shared_ptr<QHttpServerResponder> &responder,
                           const HttpRequest &request, const HttpResponse &response)
{
    if (response.isTransportError()) {
        breakConnection(socket, response);
        return;
    }
    // The core answers an events request with 200 and X-Sim-Stream: ok once the token and scope are fine.
    const bool stream = request.method == "GET" && request.url.path() == kEventsPath && response.status == 200
        && headerValue(response.headers, "X-Sim-Stream") == "ok";
    if (!stream) {
        compat::writeResponse(*responder, response.status, response.headers, response.body);
        if (wantsClose(request))
            socket->disconnectFromHost();
        return;
    }

    QSet<QString> topics;
    const QString wanted = QUrlQuery(request.url).queryItemValue(QStringLiteral("topics"), QUrl::FullyDecoded);
    const QStringList known = SseStream::knownTopics();
    for (const QString &t : wanted.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        if (!known.contains(t.trimmed())) {
            HttpHeaders headers;
            for (const auto &h : response.headers)
                if (h.first.compare("X-Sim-Stream", Qt::CaseInsensitive) != 0)
                    headers.push_back(h);
            setHeader(headers, "Content-Type", "application/json");
            compat::writeResponse(*responder, 400, headers,
                                  plainError(400, "VALIDATION",
                                             QStringLiteral("unknown topic \"%1\"; use %2")
                                                 .arg(t.trimmed(), known.join(QStringLiteral(", ")))));
            return;
        }
        topics.insert(t.trimmed());
    }
    if (topics.isEmpty())
        topics = QSet<QString>(known.begin(), known.end());

    HttpHeaders headers;
    for (const auto &h : response.headers) {
        const QByteArray name = h.first.toLower();
        if (name != "x-sim-stream" && name != "content-length" && name != "content-type")
            headers.push_back(h);
    }
    setHeader(headers, "Content-Type", "text/event-stream");
    setHeader(headers, "Cache-Control", "no-cache");
    if (headerValue(headers, "ININ-Correlation-Id").isEmpty())
        setHeader(headers, "ININ-Correlation-Id", QUuid::createUuid().toByteArray(QUuid::WithoutBraces));
    const qint64 lastEventId = headerValue(request.headers, "Last-Event-ID").trimmed().toLongLong();
    auto *sse = new SseStream(socket, responder, m_core, m_regionId, topics, m_options.heartbeatMs);
    sse->open(headers, qMax<qint64>(0, lastEventId));
}

void SimHttpServer::goDown(qint64 untilMs)
{
    if (!m_hook)
        return;
    // Only the listener closes: new connections are refused; requests on open ones get the core's refusal.
    m_hook->close();
    if (m_relistenTimer)
        m_core.clock().cancel(m_relistenTimer);
    m_relistenTimer = m_core.clock().callAt(untilMs, this, [this]() {
        m_relistenTimer = 0;
        relisten();
    });
    Q_EMIT listeningChanged(false);
}

void SimHttpServer::relisten()
{
    if (!m_hook || m_hook->isListening())
        return;
    if (!m_hook->listen(m_options.address, m_port)) {
        // The port can be held briefly by a connection in TIME_WAIT on some systems; try again shortly.
        qWarning("%s: cannot listen again on port %u (%s); retrying", qPrintable(m_regionId), unsigned(m_port),
                 qPrintable(m_hook->errorString()));
        m_relistenTimer = m_core.clock().callAfter(200, this, [this]() {
            m_relistenTimer = 0;
            relisten();
        });
        return;
    }
    Q_EMIT listeningChanged(true);
}

} // namespace icp::sim
