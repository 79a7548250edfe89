#include "FleetMonitor.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcFleet, "icp.fleet")

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
    listTrunks(region.id, 1);
    listGroups(region.id);
    listAgents(region.id, 1);
}

void FleetMonitor::attachEventSource(EventSource *source)
{
    connect(source, &EventSource::trunkChanged, this, [this](const QString &region, const Trunk &trunk) {
        upsertTrunk(region, trunk);
        Q_EMIT changed();
    });
    connect(source, &EventSource::trunkMetrics, this, [this](const QString &region, const TrunkMetrics &m) {
        auto r = m_regions.find(region);
        if (r == m_regions.end() || !r->trunks.contains(m.trunkId))
            return;
        r->trunks[m.trunkId].metrics = m;
        Q_EMIT changed();
    });
    connect(source, &EventSource::groupVersion, this, [this](const GroupVersionEvent &e) {
        noteGroupVersion(e.region, e.skillGroupId, e.version);
    });
}

void FleetMonitor::noteChanges(const QList<OutboxChange> &changes)
{
    for (const auto &c : changes) {
        AgentData &a = m_agents[c.change.agentId];
        a.region = c.region;
        a.groupId = c.skillGroupId;
        a.status = c.change.status;
        a.capacity = c.change.capacity;
    }
    if (!changes.isEmpty())
        Q_EMIT changed();
}

void FleetMonitor::noteGroupVersion(const QString &region, const QString &groupId, qint64 version)
{
    auto r = m_regions.find(region);
    if (r == m_regions.end())
        return;
    auto g = r->groups.find(groupId);
    if (g != r->groups.end() && version > g->version) {
        g->version = version;
        Q_EMIT changed();
    }
}

void FleetMonitor::upsertTrunk(const QString &region, Trunk trunk)
{
    auto r = m_regions.find(region);
    if (r == m_regions.end() || trunk.id.isEmpty())
        return;
    trunk.region = region;
    auto it = r->trunks.find(trunk.id);
    if (it == r->trunks.end()) {
        TrunkView v;
        qint64 last = trunk.connectedStateTimeMs;
        for (const auto &p : std::as_const(trunk.registersStatus))
            last = qMax(last, p.registerStateTimeMs);
        v.lastChangeAtMs = last > 0 ? last : m_clock.nowMs();
        v.trunk = std::move(trunk);
        r->trunkOrder << v.trunk.id;
        r->trunks.insert(v.trunk.id, v);
        return;
    }
    if (trunk.skillGroupId.isEmpty())
        trunk.skillGroupId = it->trunk.skillGroupId;
    if (trunk.maxConcurrentCalls == 0)
        trunk.maxConcurrentCalls = it->trunk.maxConcurrentCalls;
    if (trunk.isRegistered() != it->trunk.isRegistered()
        || trunk.registeredProxyCount() != it->trunk.registeredProxyCount())
        it->lastChangeAtMs = m_clock.nowMs();
    it->trunk = std::move(trunk);
}

void FleetMonitor::listTrunks(const QString &region, int page)
{
    IcpClient *client = m_regions.value(region).client;
    client->listTrunks(page, [this, region, page](ApiResult<TrunkPage> r) {
        if (!r.ok()) {
            Q_EMIT message(region, QStringLiteral("%1: cannot list BYOC trunks: %2").arg(region, r.error.summary()));
            return;
        }
        for (const auto &t : std::as_const(r.value->entities))
            upsertTrunk(region, t);
        if (page < r.value->pageCount && page < 50) {
            listTrunks(region, page + 1);
            return;
        }
        m_regions[region].trunksKnown = true;
        listMetrics(region);
        Q_EMIT changed();
    });
}

void FleetMonitor::listMetrics(const QString &region)
{
    const RegionData &d = m_regions[region];
    if (d.trunkOrder.isEmpty())
        return;
    d.client->trunkMetrics(d.trunkOrder, [this, region](ApiResult<TrunkMetricsList> r) {
        if (!r.ok()) {
            Q_EMIT message(region, QStringLiteral("%1: cannot read trunk metrics: %2").arg(region, r.error.summary()));
            return;
        }
        auto &trunks = m_regions[region].trunks;
        for (const auto &m : std::as_const(r.value->entities))
            if (trunks.contains(m.trunkId))
                trunks[m.trunkId].metrics = m;
        Q_EMIT changed();
    });
}

void FleetMonitor::listGroups(const QString &region)
{
    m_regions.value(region).client->listSkillGroups([this, region](ApiResult<SkillGroupList> r) {
        if (!r.ok()) {
            Q_EMIT message(region, QStringLiteral("%1: cannot list skill groups: %2").arg(region, r.error.summary()));
            return;
        }
        RegionData &d = m_regions[region];
        for (const auto &g : std::as_const(r.value->entities)) {
            SkillGroupView &v = d.groups[g.id];
            if (!d.groupOrder.contains(g.id))
                d.groupOrder << g.id;
            v.region = region;
            v.id = g.id;
            v.name = g.name;
            v.trunkIds = g.trunkIds;
            v.version = qMax(v.version, g.version);
        }
        Q_EMIT changed();
    });
}

void FleetMonitor::listAgents(const QString &region, int page)
{
    m_regions.value(region).client->listAgents(page, [this, region, page](ApiResult<AgentPage> r) {
        if (!r.ok()) {
            Q_EMIT message(region, QStringLiteral("%1: cannot read the agent roster: %2").arg(region, r.error.summary()));
            return;
        }
        for (const auto &a : std::as_const(r.value->entities)) {
            AgentData &d = m_agents[a.id];
            d.region = region;
            d.trunkId = a.trunkId;
            if (d.groupId.isEmpty())
                d.groupId = a.skillGroupId;
        }
        if (page < r.value->pageCount && page < 200)
            listAgents(region, page + 1);
        Q_EMIT changed();
    });
}

int FleetMonitor::effectiveCapacity(const QList<AgentState> &agents, const QList<TrunkView> &trunks)
{
    QSet<QString> registered;
    int freeChannels = 0;
    for (const auto &t : trunks) {
        if (!t.trunk.isRegistered())
            continue;
        registered.insert(t.trunk.id);
        const int calls = t.metrics.inboundCallCount + t.metrics.outboundCallCount;
        freeChannels += qMax(0, t.trunk.maxConcurrentCalls - calls);
    }
    int capacity = 0;
    for (const auto &a : agents)
        if (a.status == AgentStatus::Available && registered.contains(a.trunkId))
            capacity += a.capacity;
    return qMin(capacity, freeChannels);
}

CampaignCapacity FleetMonitor::campaignCapacity(const QString &region, const QStringList &groupIds) const
{
    CampaignCapacity c;
    auto r = m_regions.constFind(region);
    c.known = r != m_regions.cend() && r->trunksKnown;
    if (!c.known)
        return c;
    QSet<QString> groupTrunks;
    for (const auto &gid : groupIds)
        for (const auto &tid : r->groups.value(gid).trunkIds)
            groupTrunks.insert(tid);
    QSet<QString> registered;
    for (const auto &id : r->trunkOrder) {
        const TrunkView &t = r->trunks[id];
        if (!(groupIds.contains(t.trunk.skillGroupId) || groupTrunks.contains(id)) || !t.trunk.isRegistered())
            continue;
        registered.insert(id);
        c.freeChannels += qMax(0, t.trunk.maxConcurrentCalls - t.metrics.inboundCallCount - t.metrics.outboundCallCount);
    }
    c.registeredTrunks = int(registered.size());
    int capacity = 0;
    for (const auto &a : m_agents) {
        if (a.region != region || a.status != AgentStatus::Available || !registered.contains(a.trunkId)
            || !groupIds.contains(a.groupId))
            continue;
        capacity += a.capacity;
        ++c.agents;
    }
    c.effectiveCapacity = qMin(capacity, c.freeChannels);
    return c;
}

void FleetMonitor::fill(EngineSnapshot &snapshot) const
{
    // Per group: agents by the WFM feed; trunks by the listing and the event stream.
    QHash<QString, QList<AgentState>> agentsByGroup; // "region/group"
    QHash<QString, SkillGroupView> counts;
    for (auto it = m_agents.cbegin(); it != m_agents.cend(); ++it) {
        const AgentData &a = it.value();
        const QString key = a.region + QLatin1Char('/') + a.groupId;
        agentsByGroup[key] << AgentState{a.trunkId, a.status, a.capacity};
        SkillGroupView &c = counts[key];
        if (isLoggedIn(a.status))
            ++c.agentsLoggedIn;
        if (a.status == AgentStatus::Available) {
            ++c.agentsAvailable;
            c.capacity += a.capacity;
        }
    }
    for (const auto &regionId : m_regionOrder) {
        const RegionData &d = m_regions[regionId];
        RegionFleet f;
        f.region = regionId;
        f.displayName = d.region.displayName;
        f.trunksKnown = d.trunksKnown;
        QHash<QString, QList<TrunkView>> trunksByGroup;
        for (const auto &id : d.trunkOrder) {
            const TrunkView &t = d.trunks[id];
            snapshot.trunks << t;
            ++f.trunksTotal;
            f.trunksRegistered += t.trunk.isRegistered() ? 1 : 0;
            trunksByGroup[t.trunk.skillGroupId] << t;
        }
        for (const auto &gid : d.groupOrder) {
            SkillGroupView g = d.groups[gid];
            const QString key = regionId + QLatin1Char('/') + gid;
            const SkillGroupView c = counts.value(key);
            g.agentsLoggedIn = c.agentsLoggedIn;
            g.agentsAvailable = c.agentsAvailable;
            g.capacity = c.capacity;
            QList<TrunkView> groupTrunks = trunksByGroup.value(gid);
            for (const auto &tid : std::as_const(g.trunkIds))
                if (d.trunks.contains(tid) && d.trunks[tid].trunk.skillGroupId != gid)
                    groupTrunks << d.trunks[tid];
            g.effectiveCapacity = effectiveCapacity(agentsByGroup.value(key), groupTrunks);
            f.agentsLoggedIn += g.agentsLoggedIn;
            f.agentsAvailable += g.agentsAvailable;
            f.capacity += g.capacity;
            f.effectiveCapacity += g.effectiveCapacity;
            snapshot.groups << g;
        }
        snapshot.fleet << f;
    }
}

} // namespace icp
