#include "FleetMonitor.h"

namespace icp {

FleetMonitor::FleetMonitor(Clock &clock, QObject *parent)
    : QObject(parent)
    , m_clock(clock)
{
}

void FleetMonitor::addRegion(const Region &region, IcpClient *client)
{
    RegionData d;
    d.region = region;
    d.client = client;
    m_regionOrder << region.id;
    m_regions.insert(region.id, d);
}

void FleetMonitor::attachEventSource(EventSource *) {}
void FleetMonitor::noteChanges(const QList<OutboxChange> &) {}
void FleetMonitor::noteGroupVersion(const QString &, const QString &, qint64) {}
void FleetMonitor::fill(EngineSnapshot &) const {}
int FleetMonitor::effectiveCapacity(const QList<AgentState> &, const QList<TrunkView> &) { return 0; }
void FleetMonitor::listTrunks(const QString &, int) {}
void FleetMonitor::listMetrics(const QString &) {}
void FleetMonitor::listGroups(const QString &) {}
void FleetMonitor::listAgents(const QString &, int) {}
void FleetMonitor::upsertTrunk(const QString &, Trunk) {}

} // namespace icp
