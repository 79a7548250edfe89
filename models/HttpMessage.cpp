#include "HttpMessage.h"

#include <QString>

namespace icp {

QByteArray headerValue(const HttpHeaders &headers, QByteArrayView name)
{
    for (const auto &h : headers) {
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    }
    return {};
}

void setHeader(HttpHeaders &headers, const QByteArray &name, const QByteArray &value)
{
    for (auto &h : headers) {
        if (h.first.compare(name, Qt::CaseInsensitive) == 0) {
            h.second = value;
            return;
        }
    }
    headers.push_back({name, value});
}

QString transportErrorName(TransportError e)
{
    switch (e) {
    case TransportError::None: return QStringLiteral("none");
    case TransportError::ConnectionRefused: return QStringLiteral("connection refused");
    case TransportError::ConnectionReset: return QStringLiteral("connection reset");
    case TransportError::Timeout: return QStringLiteral("timed out");
    case TransportError::TruncatedBody: return QStringLiteral("truncated body");
    case TransportError::BodyTooLarge: return QStringLiteral("body too large");
    case TransportError::Other: return QStringLiteral("network error");
    }
    return QStringLiteral("network error");
}

} // namespace icp
