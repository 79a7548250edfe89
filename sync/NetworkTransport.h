#pragma once
#include "HttpMessage.h"

#include <QObject>

class QNetworkAccessManager;

namespace icp {

// HttpTransport over QNetworkAccessManager: real HTTP, to the loopback simulator or a real region. Owned by the
// thread that uses it. Every request gets a transfer timeout; answers over maxBodyBytes are refused; an answer
// shorter than its Content-Length is reported as TruncatedBody. A TLS certificate error fails the request with
// the reasons in errorText, unless allowInsecureTls is set (labs only; --allow-insecure-tls).
class NetworkTransport final : public QObject, public HttpTransport
{
    Q_OBJECT
public:
    explicit NetworkTransport(QObject *parent = nullptr);
    void send(const HttpRequest &request, ResponseCallback done) override;

    void setMaxBodyBytes(qint64 bytes) { m_maxBodyBytes = bytes; }
    qint64 maxBodyBytes() const { return m_maxBodyBytes; }
    void setAllowInsecureTls(bool allow) { m_allowInsecureTls = allow; }
    bool allowInsecureTls() const { return m_allowInsecureTls; }

private:
    QNetworkAccessManager *m_nam;
    qint64 m_maxBodyBytes = 8 * 1024 * 1024;
    bool m_allowInsecureTls = false;
};

} // namespace icp
