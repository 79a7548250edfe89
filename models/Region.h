#pragma once
#include "JsonCodec.h"

#include <QMetaType>
#include <QUrl>

namespace icp {

// One Genesys Cloud region as the console reaches it. Against the simulator all three URLs are the same host.
struct Region
{
    QString id;          // e.g. "ap-southeast-1"
    QString displayName; // e.g. "Asia Pacific (Singapore)"
    QUrl icpBaseUrl;     // WFM Integration Connector API
    QUrl apiBaseUrl;     // Genesys-shaped API (trunks, campaigns)
    QUrl loginBaseUrl;   // OAuth token endpoint host

    static Region fromJson(JsonIn &in);
    Json toJson() const;
    bool operator==(const Region &) const = default;
};

// Reads an absolute http(s) URL; anything else is a decode error at key.
QUrl readBaseUrl(JsonIn &in, const char *key, bool required = true);

} // namespace icp

Q_DECLARE_METATYPE(icp::Region)
