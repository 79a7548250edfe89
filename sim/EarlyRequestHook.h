#pragma once
// The listening socket handed to QHttpServer. Its per-connection readyRead handler runs before the library's,
// so it sees every request head before QHttpServer buffers the body: QHttpServer 6.4 has no body limit and
// would hold a 50 MiB upload in memory before any handler could refuse it. Over the limit, the hook answers
// 413 itself, takes the connection away from the library and discards the rest of the upload as it arrives.

#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>

namespace icp::sim {

class EarlyRequestHook final : public QTcpServer
{
    Q_OBJECT
public:
    static constexpr qint64 kDefaultBodyLimit = 1024 * 1024;
    static constexpr qint64 kMaxHeadBytes = 64 * 1024;

    explicit EarlyRequestHook(qint64 bodyLimit = kDefaultBodyLimit, QObject *parent = nullptr);

    qint64 bodyLimit() const { return m_bodyLimit; }
    // What the 413 message tells the client to do instead; the ICP's own hint by default.
    void setTooLargeHint(const QString &hint) { m_tooLargeHint = hint; }
    const QString &tooLargeHint() const { return m_tooLargeHint; }
    // The connection whose data QHttpServer is parsing right now (valid inside the request handler).
    QTcpSocket *currentSocket() const { return m_current; }

Q_SIGNALS:
    // A request was refused before QHttpServer saw its body (413 or 431).
    void requestRefused(int status, qint64 declaredBytes);

protected:
    void incomingConnection(qintptr socketDescriptor) override;

private:
    friend class HeadWatcher;
    qint64 m_bodyLimit;
    QString m_tooLargeHint = QStringLiteral("send smaller requests (at most 100 updates per capacity:bulk)");
    QPointer<QTcpSocket> m_current;
};

} // namespace icp::sim
