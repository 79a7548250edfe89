#pragma once
// Transport-neutral HTTP exchange: the same request/response values travel over QNetworkAccessManager
// (real loopback or remote HTTP) and over the in-process transport into the simulator (virtual time).

#include <QByteArray>
#include <QList>
#include <QUrl>

#include <functional>
#include <utility>

namespace icp {

using HttpHeaders = QList<std::pair<QByteArray, QByteArray>>;

// Case-insensitive lookup; empty when absent.
QByteArray headerValue(const HttpHeaders &headers, QByteArrayView name);
void setHeader(HttpHeaders &headers, const QByteArray &name, const QByteArray &value);

struct HttpRequest
{
    QByteArray method; // "GET", "POST", ...
    QUrl url;
    HttpHeaders headers;
    QByteArray body;
    int timeoutMs = 10000; // transfer timeout, always set
};

// Transport-level failures (no HTTP answer, or a broken one). The simulator uses the same values to ask its
// adapter to break a connection on purpose.
enum class TransportError : quint8 {
    None,
    ConnectionRefused,
    ConnectionReset, // closed or reset before a complete answer
    Timeout,         // transfer timeout fired (stalled answer)
    TruncatedBody,   // fewer bytes than Content-Length
    BodyTooLarge,    // answer over the client's limit; refused
    Other,
};
QString transportErrorName(TransportError e);

struct HttpResponse
{
    int status = 0; // 0 when error != None
    HttpHeaders headers;
    QByteArray body;
    TransportError error = TransportError::None;
    QString errorText;

    bool isTransportError() const { return error != TransportError::None; }
};

using ResponseCallback = std::function<void(const HttpResponse &)>;

// Asynchronous transport. The callback runs later on the caller's thread, never inside send().
class HttpTransport
{
public:
    virtual ~HttpTransport() = default;
    virtual void send(const HttpRequest &request, ResponseCallback done) = 0;
};

} // namespace icp
