#pragma once
// EngineRig plus the fleet view campaign pacing reads: FleetMonitor on the engine's clients and event sources,
// fed with what the rig ingests. Virtual time throughout.
#include "EngineRig.h"
#include "FleetMonitor.h"

struct CampaignRig : EngineRig
{
    icp::FleetMonitor fleet{clock};

    CampaignRig(const icp::Scenario &sc, quint64 seed, icp::EngineConfig config = {})
        : EngineRig(sc, seed, config)
    {
        for (const auto &r : scenario.regions)
            fleet.addRegion(icp::Region{r.id, r.displayName, {}, {}, {}}, engine->client(r.id));
        for (auto *s : std::as_const(sources))
            fleet.attachEventSource(s);
        engine->attachFleet(&fleet);
    }

    void ingest(const QList<icp::OutboxChange> &changes)
    {
        engine->ingest(changes);
        fleet.noteChanges(changes);
    }

    // Makes the first `n` agents of a skill group available (capacity 2) and the rest of the group logged out.
    void staff(const QString &groupId, int n)
    {
        QList<icp::OutboxChange> changes;
        int i = 0;
        for (const auto &a : scenario.agents) {
            if (a.skillGroupId != groupId)
                continue;
            changes << change(a.id, i < n ? icp::AgentStatus::Available : icp::AgentStatus::LoggedOut, i < n ? 2 : 0);
            ++i;
        }
        clock.advanceBy(1); // strictly newer timestamps than the previous call
        ingest(changes);
    }

    // A register proxy of a trunk changes state on the platform (as the timeline would do it).
    void setRegistered(const QString &region, const QString &trunkId, bool registered)
    {
        icp::TimelineEvent e;
        e.kind = icp::TimelineEvent::Kind::TrunkRegistration;
        e.region = region;
        e.trunkId = trunkId;
        e.proxyIndex = 0;
        e.registered = registered;
        core.applyPlatformChange(e);
    }

    icp::CampaignRow row(const QString &campaignId)
    {
        for (const auto &r : engine->snapshot().campaigns)
            if (r.id == campaignId)
                return r;
        return {};
    }

    const icp::Campaign &held(const QString &region, const QString &campaignId) const
    {
        return *core.campaign(region, campaignId);
    }
};
