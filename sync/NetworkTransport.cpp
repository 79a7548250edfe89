#include "NetworkTransport.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSslError>

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
    auto tlsErrors = std::make_shared<QStringList>();
    const qint64 limit = m_maxBodyBytes;
    const bool insecure = m_allowInsecureTls;
    connect(reply, &QNetworkReply::sslErrors, reply, [reply, tlsErrors, insecure](const QList<QSslError> &errors) {
        for (const auto &e : errors)
            *tlsErrors << e.errorString();
        if (insecure)
            reply->ignoreSslErrors(); // --allow-insecure-tls: the caller was warned loudly
    });
    connect(reply, &QNetworkReply::downloadProgress, reply, [reply, tooLarge, limit](qint64 received, qint64 total) {
        if (received > limit || total > limit) {
            *tooLarge = true;
            reply->abort();
        }
    });
    connect(reply, &QNetworkReply::finished, this, [reply, tooLarge, tlsErrors, insecure, limit, done = std::move(done)]() {
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
        if (reply->isOpen()) // an aborted or timed-out reply is closed
            r.body = reply->readAll();
        const auto err = reply->error();
        const QVariant length = reply->header(QNetworkRequest::ContentLengthHeader);
        // HTTP error statuses arrive as NetworkError too; they are answers, not transport failures.
        if (!tlsErrors->isEmpty() && !insecure) {
            r = HttpResponse{};
            r.error = TransportError::Other;
            r.errorText = QStringLiteral("TLS certificate of %1 rejected: %2")
                              .arg(reply->url().host(), tlsErrors->join(QStringLiteral("; ")));
        } else if (err != QNetworkReply::NoError && r.status == 0) {
            r.error = mapError(err);
            r.errorText = reply->errorString();
        } else if (r.status != 0 && length.isValid() && length.toLongLong() > r.body.size()
                   && !reply->hasRawHeader("Content-Encoding")) { // a decompressed body has another length
            // The head arrived, the connection closed before the whole body (Qt reports it as a closed
            // connection or not at all).
            r.error = TransportError::TruncatedBody;
            r.errorText = QStringLiteral("answer truncated: %1 of %2 bytes").arg(r.body.size()).arg(length.toLongLong());
            r.status = 0;
        } else if (err == QNetworkReply::RemoteHostClosedError || err == QNetworkReply::OperationCanceledError) {
            r.error = mapError(err);
            r.errorText = reply->errorString();
            r.status = 0;
        }
        done(r);
    });
}

} // namespace icp
