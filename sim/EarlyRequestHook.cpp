#include "EarlyRequestHook.h"

#include "JsonCodec.h"

#include <QTcpSocket>
#include <QTimer>
#include <QUuid>

#include <sys/socket.h>

namespace icp::sim {

namespace {

// Where the head ends (index just past the blank line), or -1. QHttpServer also accepts bare LF endings.
qsizetype headEnd(const QByteArray &data)
{
    const qsizetype crlf = data.indexOf("\r\n\r\n");
    const qsizetype lf = data.indexOf("\n\n");
    if (crlf < 0)
        return lf < 0 ? -1 : lf + 2;
    if (lf < 0 || crlf + 2 < lf)
        return crlf + 4;
    return lf + 2;
}

struct HeadInfo
{
    qint64 contentLength = -1; // -1: absent or unreadable
    bool chunked = false;
};

HeadInfo parseHead(QByteArrayView head)
{
    HeadInfo info;
    const QList<QByteArray> lines = head.toByteArray().split('\n');
    for (qsizetype i = 1; i < lines.size(); ++i) { // line 0 is the request line
        const QByteArray &line = lines[i];
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        const QByteArray name = line.first(colon).trimmed().toLower();
        const QByteArray value = line.sliced(colon + 1).trimmed();
        if (name == "content-length") {
            bool ok = false;
            const qint64 n = value.toLongLong(&ok);
            info.contentLength = ok && n >= 0 ? n : std::numeric_limits<qint64>::max();
        } else if (name == "transfer-encoding") {
            info.chunked = value.toLower().contains("chunked");
        }
    }
    return info;
}

QByteArray refusal(int status, const QByteArray &reason, const QString &message)
{
    const QByteArray errorCode = status == 413 ? "PAYLOAD_TOO_LARGE" : "REQUEST_HEADER_FIELDS_TOO_LARGE";
    const QByteArray body = dumpJson(Json{{"errorCode", errorCode.toStdString()},
                                          {"message", toStd(message)},
                                          {"status", status}});
    const QByteArray correlation = QUuid::createUuid().toByteArray(QUuid::WithoutBraces);
    return "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason + "\r\n"
        + "Content-Type: application/json\r\n"
        + "Content-Length: " + QByteArray::number(body.size()) + "\r\n"
        + "ININ-Correlation-Id: " + correlation + "\r\n"
        + "Connection: close\r\n\r\n" + body;
}

} // namespace

// Watches one connection. Lives as a child of the socket, so it goes when the library deletes the socket.
class HeadWatcher final : public QObject
{
public:
    HeadWatcher(EarlyRequestHook *hook, QTcpSocket *socket)
        : QObject(socket)
        , m_hook(hook)
        , m_socket(socket)
    {
        connect(socket, &QIODevice::readyRead, this, &HeadWatcher::inspect);
    }

private:
    void inspect()
    {
        m_hook->m_current = m_socket;
        const qint64 available = m_socket->bytesAvailable();
        // QHttpServer holds a read transaction from a request's first byte until the request is complete; with
        // none open, the unread data starts a new request.
        if (!m_socket->isTransactionStarted()) {
            m_head.clear();
            m_inHead = true;
            m_chunkedSeen = -1;
        }
        if (m_chunkedSeen >= 0) {
            // A chunked body declares no length: count what passes by (the library reads all of it each time).
            m_chunkedSeen += available;
            if (m_chunkedSeen > m_hook->bodyLimit())
                refuse(413, "Payload Too Large", m_chunkedSeen, 0);
            return;
        }
        if (!m_inHead)
            return; // the library is reading the body of a request we already let through
        // Peek, do not read: the library reads these same bytes right after this handler.
        m_head += m_socket->peek(qMin<qint64>(available, EarlyRequestHook::kMaxHeadBytes));
        const qsizetype end = headEnd(m_head);
        if (end < 0) {
            if (m_head.size() >= EarlyRequestHook::kMaxHeadBytes)
                refuse(431, "Request Header Fields Too Large", m_head.size(), 0);
            return;
        }
        m_inHead = false;
        const HeadInfo info = parseHead(QByteArrayView(m_head).first(end));
        if (info.chunked) {
            m_chunkedSeen = m_head.size() - end;
            return;
        }
        if (info.contentLength > m_hook->bodyLimit()) {
            // Bytes of this request still to come after what has been seen.
            const qint64 rest = end + info.contentLength - m_head.size();
            refuse(413, "Payload Too Large", info.contentLength, rest);
        }
    }

    // Answers, takes the connection from QHttpServer and discards `rest` more bytes before closing, so the
    // client reads the answer instead of a reset while it is still uploading. Memory stays flat.
    void refuse(int status, const QByteArray &reason, qint64 declared, qint64 rest)
    {
        disconnect(m_socket, &QIODevice::readyRead, nullptr, nullptr); // the library's handler too
        if (m_socket->isTransactionStarted())
            m_socket->commitTransaction(); // drop what the library buffered of this request
        m_socket->skip(m_socket->bytesAvailable());
        const QString message = status == 413
            ? QStringLiteral("Request body of %1 bytes exceeds the limit of %2 bytes; %3")
                  .arg(declared)
                  .arg(m_hook->bodyLimit())
                  .arg(m_hook->tooLargeHint())
            : QStringLiteral("Request head exceeds %1 bytes").arg(EarlyRequestHook::kMaxHeadBytes);
        m_socket->write(refusal(status, reason, message));
        Q_EMIT m_hook->requestRefused(status, declared);
        m_drainRemaining = rest;
        if (m_drainRemaining <= 0) {
            m_socket->disconnectFromHost();
            return;
        }
        connect(m_socket, &QIODevice::readyRead, this, &HeadWatcher::drain);
        // QNetworkAccessManager stops uploading once it has an answer and waits for the connection to end, so
        // half-close (FIN) after the answer and keep discarding until the client closes: closing outright with
        // unread data would send a reset that can destroy the answer before the client reads it.
        connect(m_socket, &QIODevice::bytesWritten, this, &HeadWatcher::halfCloseWhenSent);
        m_socket->flush();
        halfCloseWhenSent();
        // A client that neither finishes nor closes must not hold the connection forever.
        QTimer::singleShot(30000, this, [this]() { m_socket->abort(); });
    }

    void halfCloseWhenSent()
    {
        if (m_halfClosed || m_socket->bytesToWrite() > 0)
            return;
        m_halfClosed = true;
        ::shutdown(int(m_socket->socketDescriptor()), SHUT_WR);
    }

    void drain()
    {
        m_drainRemaining -= m_socket->skip(m_socket->bytesAvailable());
        if (m_drainRemaining <= 0) {
            disconnect(m_socket, &QIODevice::readyRead, this, &HeadWatcher::drain);
            m_socket->disconnectFromHost();
        }
    }

    EarlyRequestHook *m_hook;
    QTcpSocket *m_socket;
    QByteArray m_head;
    bool m_inHead = true;
    qint64 m_chunkedSeen = -1;
    qint64 m_drainRemaining = 0;
    bool m_halfClosed = false;
};

EarlyRequestHook::EarlyRequestHook(qint64 bodyLimit, QObject *parent)
    : QTcpServer(parent)
    , m_bodyLimit(bodyLimit)
{
}

void EarlyRequestHook::incomingConnection(qintptr socketDescriptor)
{
    auto *socket = new QTcpSocket(this);
    if (!socket->setSocketDescriptor(socketDescriptor)) {
        delete socket;
        return;
    }
    // Connected before the socket is handed over, so this handler runs before QHttpServer's.
    new HeadWatcher(this, socket);
    addPendingConnection(socket);
}

} // namespace icp::sim
