#pragma once
// Which endpoints the console may talk to. Credentials and capacity data travel in every request, so a region
// endpoint must use https unless it is on this machine (the simulator on loopback). Certificate checking itself
// is done by Qt (NetworkTransport); this class only decides about URLs.

#include <QString>
#include <QUrl>

namespace icp {

class EndpointPolicy
{
public:
    // Empty when `url` may be used for `region`; otherwise an error naming the region, the URL and the fix.
    static QString check(const QString &region, const QUrl &url);
    // localhost, 127.0.0.0/8 and ::1. A name other than "localhost" is not resolved, so it is not loopback.
    static bool isLoopback(const QUrl &url);
};

} // namespace icp
