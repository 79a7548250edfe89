#pragma once
// What the region cards and the Trunks tab show: every BYOC trunk with its register proxies and calls, every
// trunk-based skill group, and the agents' availability as the WFM feed states it. Reads the Genesys-shaped
// trunk listing and metrics and the ICP agent roster once per region at start (a handful of requests against
// the region's budget), then follows the event stream and the changes the engine accepts. Lives on the
// engine's thread; snapshot() returns copies.

#include "CampaignPacer.h"
#include "EngineSnapshot.h"
#include "EventSource.h"
#include "IcpClient.h"
#include "OutboxTypes.h"

#include <QHash>
#include <QObject>

namespace icp {

class FleetMonitor final : public QObject
{
    Q_OBJECT
public:
    FleetMonitor(Clock &clock, QObject *parent = nullptr);

    // Starts the initial reads of one region through its client.
    void addRegion(const Region &region, IcpClient *client);
    void attachEventSource(EventSource *source);
    // Changes the engine accepted (the desired state: what the WFM feed says).
    void noteChanges(const QList<OutboxChange> &changes);
    void noteGroupVersion(const QString &region, const QString &groupId, qint64 version);

    // Fills snapshot.fleet, .trunks and .groups.
    void fill(EngineSnapshot &snapshot) const;

    // Pure: the capacity of a group's available agents on registered trunks, bounded by the free channels of
    // those trunks. Exposed for tests.
    struct AgentState { QString trunkId; AgentStatus status = AgentStatus::LoggedOut; int capacity = 0; };
    static int effectiveCapacity(const QList<AgentState> &agents, const QList<TrunkView> &trunks);
    // What staffs a campaign: the same sum over its skill groups together, for the campaign pacer.
    CampaignCapacity campaignCapacity(const QString &region, const QStringList &groupIds) const;

Q_SIGNALS:
    void changed();
    void message(const QString &region, const QString &text);

private:
    void listTrunks(const QString &region, int page);
    void listMetrics(const QString &region);
    void listGroups(const QString &region);
    void listAgents(const QString &region, int page);
    void upsertTrunk(const QString &region, Trunk trunk);

    struct RegionData
    {
        Region region;
        IcpClient *client = nullptr;
        bool trunksKnown = false;
        QStringList trunkOrder;
        QHash<QString, TrunkView> trunks;
        QStringList groupOrder;
        QHash<QString, SkillGroupView> groups;
    };
    struct AgentData
    {
        QString region;
        QString groupId;
        QString trunkId;
        AgentStatus status = AgentStatus::LoggedOut;
        int capacity = 0;
    };

    Clock &m_clock;
    QStringList m_regionOrder;
    QHash<QString, RegionData> m_regions;
    QHash<QString, AgentData> m_agents;
};

} // namespace icp
