#pragma once
// The one place that knows how QHttpServer's API differs between 6.4 (Debian 12, what we build on) and the
// versions after it, so the adapter code above it reads the same on every version:
// - 6.5 removes QHttpServerResponder::socket(); the early hook knows the socket instead.
// - 6.8 passes the responder by lvalue reference, replaces writeStatusLine/writeHeader/writeBody with
//   QHttpHeaders and writeBeginChunked/writeChunk/writeEndChunked, returns bool from bind() and makes
//   request headers a QHttpHeaders.
// - 6.10 closes connections idle for 15 s by default (QHttpServerConfiguration); raise it there if SSE
//   streams, whose heartbeat is also 15 s, get cut.
// Only the 6.4 branches are compiled and tested here; the others follow the documented API.

#include "EarlyRequestHook.h"
#include "HttpMessage.h"

#include <QtHttpServer/QHttpServer>
#include <QtHttpServer/QHttpServerRequest>
#include <QtHttpServer/QHttpServerResponder>
#include <QTcpSocket>

#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)
#include <QHttpHeaders>
#endif

#include <utility>

namespace icp::sim::compat {

// Sends every request to fn(request, QHttpServerResponder &&): the core does its own routing.
template<typename Fn>
void setCatchAllHandler(QHttpServer &server, QObject *context, Fn fn)
{
#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)
    server.setMissingHandler(context, [fn = std::move(fn)](const QHttpServerRequest &request,
                                                           QHttpServerResponder &responder) {
        fn(request, std::move(responder));
    });
#else
    Q_UNUSED(context);
    server.setMissingHandler([fn = std::move(fn)](const QHttpServerRequest &request,
                                                  QHttpServerResponder &&responder) {
        fn(request, std::move(responder));
    });
#endif
}

// Hands a listening QTcpServer (the early hook) to the HTTP server.
inline bool bindListener(QHttpServer &server, QTcpServer *listener)
{
#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)
    return server.bind(listener);
#else
    server.bind(listener);
    return listener->isListening();
#endif
}

inline HttpHeaders requestHeaders(const QHttpServerRequest &request)
{
    HttpHeaders out;
#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)
    const QHttpHeaders headers = request.headers();
    for (qsizetype i = 0; i < headers.size(); ++i) {
        const QLatin1StringView name = headers.nameAt(i);
        out.push_back({QByteArray(name.data(), name.size()), headers.valueAt(i).toByteArray()});
    }
#else
    const auto headers = request.headers();
    for (const auto &h : headers)
        out.push_back({h.first, h.second});
#endif
    return out;
}

// The connection a request arrived on. Only valid while the request handler runs (6.5+ answers from the
// hook, which records the socket whose data is being dispatched).
inline QTcpSocket *requestSocket(QHttpServerResponder &responder, const EarlyRequestHook &hook)
{
#if QT_VERSION >= QT_VERSION_CHECK(6, 5, 0)
    Q_UNUSED(responder);
    return hook.currentSocket();
#else
    Q_UNUSED(hook);
    return responder.socket();
#endif
}

// Any code can be written: 6.4.2 (measured) and later send codes without a known reason phrase bare.
inline QHttpServerResponder::StatusCode statusCode(int status)
{
    return QHttpServerResponder::StatusCode(status);
}

// A complete answer; Content-Length is computed here and any given one is ignored.
inline void writeResponse(QHttpServerResponder &responder, int status, const HttpHeaders &headers,
                          const QByteArray &body)
{
#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)
    QHttpHeaders h;
    for (const auto &[name, value] : headers)
        if (name.compare("Content-Length", Qt::CaseInsensitive) != 0)
            h.append(name, value);
    responder.write(body, h, statusCode(status));
#else
    responder.writeStatusLine(statusCode(status));
    for (const auto &[name, value] : headers)
        if (name.compare("Content-Length", Qt::CaseInsensitive) != 0)
            responder.writeHeader(name, value);
    responder.writeHeader(QByteArrayLiteral("Content-Length"), QByteArray::number(body.size()));
    responder.writeBody(body);
#endif
}

// An open-ended chunked answer (Server-Sent Events): the head now, then writeChunk() per piece.
inline void beginChunked(QHttpServerResponder &responder, int status, const HttpHeaders &headers)
{
#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)
    QHttpHeaders h;
    for (const auto &[name, value] : headers)
        h.append(name, value);
    responder.writeBeginChunked(h, statusCode(status));
#else
    responder.writeStatusLine(statusCode(status));
    for (const auto &[name, value] : headers)
        responder.writeHeader(name, value);
    responder.writeHeader(QByteArrayLiteral("Transfer-Encoding"), QByteArrayLiteral("chunked"));
    responder.writeBody(QByteArray()); // ends the head so the client sees the stream open now
#endif
}

inline void writeChunk(QHttpServerResponder &responder, const QByteArray &data)
{
    if (data.isEmpty())
        return; // an empty chunk would end the stream
#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)
    responder.writeChunk(data);
#else
    responder.writeBody(QByteArray::number(data.size(), 16) + "\r\n" + data + "\r\n");
#endif
}

inline void endChunked(QHttpServerResponder &responder)
{
#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)
    responder.writeEndChunked(QByteArray());
#else
    responder.writeBody(QByteArrayLiteral("0\r\n\r\n"));
#endif
}

} // namespace icp::sim::compat
