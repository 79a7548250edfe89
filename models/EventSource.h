#pragma once
// Live platform events (the ICP event stream): skill-group versions and trunk state. Implemented over
// Server-Sent Events (sync/SseEventSource) and straight from the simulator core (sim/InProcessEventSource).

#include "Campaign.h"
#include "Trunk.h"

#include <QObject>

namespace icp {

struct GroupVersionEvent
{
    QString region;
    QString skillGroupId;
    qint64 version = 0;
    QString modifiedBy;
    qint64 modifiedAtMs = 0;
    qint64 receivedAtMs = 0;
    bool operator==(const GroupVersionEvent &) const = default;
};

class EventSource : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;
    virtual void start() = 0;
    virtual void stop() = 0;
    virtual bool isConnected() const = 0;

Q_SIGNALS:
    void groupVersion(const icp::GroupVersionEvent &event);
    void trunkChanged(const QString &region, const icp::Trunk &trunk); // with calls in TrunkMetrics below
    void trunkMetrics(const QString &region, const icp::TrunkMetrics &metrics);
    void campaignChanged(const QString &region, const icp::Campaign &campaign);
    // An event that could not be used (bad payload, oversized) and was skipped; the reason names it.
    void eventRejected(const QString &region, const QString &reason);
    void connectionChanged(const QString &region, bool connected, const QString &reason);
};

} // namespace icp

Q_DECLARE_METATYPE(icp::GroupVersionEvent)
