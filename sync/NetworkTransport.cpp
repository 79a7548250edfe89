#include "NetworkTransport.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

#include <memory>

namespace icp {

namespace {
TransportError mapError(QNetworkReply::NetworkError e)
{
    switch (e) {
    case QNetworkReply::ConnectionRefusedError:
    case QNetworkReply::HostNotFoundError:
        return TransportError::ConnectionRefused;
    case QNetworkReply::RemoteHostClosedError:
        return TransportError::ConnectionReset;
    // A transfer timeout ends as OperationCanceledError on Qt 6.4 (measured), not TimeoutError.
    case QNetworkReply::OperationCanceledError:
    case QNetworkReply::TimeoutError:
        return TransportError::Timeout;
    default:
        return TransportError::Other;
    }
}
} // namespace

NetworkTransport::NetworkTransport(QObject *parent)
    : QObject(parent)
    , m_nam(new QNetworkAccessManager(this))
{
    m_nam->setRedirectPolicy(QNetworkRequest::NoLessSafeRedirectPolicy);
}

void NetworkTransport::send(const HttpRequest &request, ResponseCallback done)
{
    QNetworkRequest req(request.url);
    for (const auto &h : request.headers)
        req.setRawHeader(h.first, h.second);
    req.setTransferTimeout(request.timeoutMs);
    QNetworkReply *reply = m_nam->sendCustomRequest(req, request.method, request.body);
    auto tooLarge = std::make_shared<bool>(false);
    const qint64 limit = m_maxBodyBytes;
    connect(reply, &QNetworkReply::downloadProgress, reply, [reply, tooLarge, limit](qint64 received, qint64 total) {
        if (received > limit || total > limit) {
            *tooLarge = true;
            reply->abort();
        }
    });
    connect(reply, &QNetworkReply::finished, this, [reply, tooLarge, limit, done = std::move(done)]() {
        reply->deleteLater();
        HttpResponse r;
        if (*tooLarge) {
            r.error = TransportError::BodyTooLarge;
            r.errorText = QStringLiteral("answer larger than %1 bytes refused").arg(limit);
            done(r);
            return;
        }
        const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
        r.status = status.isValid() ? status.toInt() : 0;
        for (const auto &h : reply->rawHeaderPairs())
            r.headers.push_back(h);
        r.body = reply->readAll();
        const auto err = reply->error();
        // HTTP error statuses arrive as NetworkError too; they are answers, not transport failures.
        if (err != QNetworkReply::NoError && r.status == 0) {
            r.error = mapError(err);
            r.errorText = reply->errorString();
        } else if (err == QNetworkReply::RemoteHostClosedError || err == QNetworkReply::OperationCanceledError) {
            r.error = mapError(err);
            r.errorText = reply->errorString();
            r.status = 0;
        }
        done(r);
    });
}

} // namespace icp
