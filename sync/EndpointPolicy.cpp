#include "EndpointPolicy.h"

#include <QHostAddress>

namespace icp {

bool EndpointPolicy::isLoopback(const QUrl &url)
{
    const QString host = url.host();
    if (host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0)
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

QString EndpointPolicy::check(const QString &region, const QUrl &url)
{
    if (!url.isValid() || url.host().isEmpty())
        return QStringLiteral("%1: \"%2\" is not a valid endpoint URL (expected https://host[:port])")
            .arg(region, url.toString());
    const QString scheme = url.scheme().toLower();
    if (scheme == QLatin1String("https"))
        return {};
    if (scheme == QLatin1String("http")) {
        if (isLoopback(url))
            return {};
        return QStringLiteral("%1: endpoint %2 uses plain http to another host; tokens and client secrets would "
                              "travel unencrypted. Use https (plain http is allowed only on loopback).")
            .arg(region, url.toString());
    }
    return QStringLiteral("%1: endpoint %2 has scheme \"%3\"; use https").arg(region, url.toString(), scheme);
}

} // namespace icp
