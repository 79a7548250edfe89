#include "Region.h"

namespace icp {

QUrl readBaseUrl(JsonIn &in, const char *key, bool required)
{
    const QString text = required ? in.string(key) : in.optString(key);
    if (!in.ok() || text.isEmpty())
        return {};
    QUrl url(text, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty()
        || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https"))) {
        in.fail(QStringLiteral("not an absolute http(s) URL: \"%1\"").arg(text.left(80)), key);
        return {};
    }
    return url;
}

Region Region::fromJson(JsonIn &in)
{
    Region r;
    if (!in.expectObject())
        return r;
    r.id = in.string("id");
    if (in.ok() && r.id.isEmpty())
        in.fail(QStringLiteral("must not be empty"), "id");
    r.displayName = in.optString("displayName", r.id);
    r.icpBaseUrl = readBaseUrl(in, "icpBaseUrl");
    r.apiBaseUrl = readBaseUrl(in, "apiBaseUrl", false);
    r.loginBaseUrl = readBaseUrl(in, "loginBaseUrl", false);
    if (r.apiBaseUrl.isEmpty())
        r.apiBaseUrl = r.icpBaseUrl;
    if (r.loginBaseUrl.isEmpty())
        r.loginBaseUrl = r.apiBaseUrl;
    return r;
}

Json Region::toJson() const
{
    return Json{{"id", toStd(id)},
                {"displayName", toStd(displayName)},
                {"icpBaseUrl", toStd(icpBaseUrl.toString())},
                {"apiBaseUrl", toStd(apiBaseUrl.toString())},
                {"loginBaseUrl", toStd(loginBaseUrl.toString())}};
}

} // namespace icp
