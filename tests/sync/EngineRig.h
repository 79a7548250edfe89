#pragma once
// The engine against the real simulator core in virtual time: SimCore + InProcessTransport + VirtualClock, one
// InProcessEventSource per region, the outbox in a temporary directory.
#include "InProcessEventSource.h"
#include "InProcessTransport.h"
#include "ScenarioFeed.h"
#include "SimCore.h"
#include "SyncEngine.h"

#include <QTemporaryDir>

#include <memory>

struct EngineRig
{
    icp::Scenario scenario;
    QTemporaryDir dir;
    icp::VirtualClock clock;
    icp::sim::SimCore core;
    icp::sim::InProcessTransport transport;
    QObject owner;
    std::unique_ptr<icp::SyncEngine> engine;
    QList<icp::sim::InProcessEventSource *> sources;

    EngineRig(const icp::Scenario &sc, quint64 seed, icp::EngineConfig config = {}, bool withEvents = true)
        : scenario(sc)
        , clock(sc.startTimeMs)
        , core(sc, seed, clock)
        , transport(core)
    {
        makeEngine(seed, config, withEvents);
    }

    QString dbPath() const { return dir.filePath(QStringLiteral("outbox.db")); }

    void makeEngine(quint64 seed, const icp::EngineConfig &config, bool withEvents = true)
    {
        QList<icp::EngineRegion> regions;
        for (const auto &r : scenario.regions) {
            const QUrl base = icp::sim::InProcessTransport::baseUrl(r.id);
            regions << icp::EngineRegion{icp::Region{r.id, r.displayName, base, base, base},
                                         icp::RegionCredentials{r.clients.value(0).clientId, r.clients.value(0).clientSecret}};
        }
        qDeleteAll(sources);
        sources.clear();
        engine.reset();
        engine = std::make_unique<icp::SyncEngine>(config, regions, dbPath(), transport, clock, seed);
        QString error;
        if (!engine->open(&error))
            qFatal("engine: %s", qPrintable(error));
        if (withEvents) {
            for (const auto &r : scenario.regions) {
                auto *s = new icp::sim::InProcessEventSource(core, r.id, &owner);
                engine->attachEventSource(s);
                s->start();
                sources << s;
            }
        }
    }

    icp::OutboxChange change(const QString &agentId, icp::AgentStatus status, int capacity, qint64 tsOffsetMs = 0)
    {
        const icp::Agent *a = scenario.agent(agentId);
        return icp::OutboxChange{icp::AgentAvailability{agentId, status, capacity, clock.nowMs() + tsOffsetMs},
                                 a->region, a->skillGroupId};
    }

    // The ICP holds exactly this change for the agent.
    bool holds(const icp::OutboxChange &c) const
    {
        const icp::sim::GroupState *g = core.group(c.region, c.skillGroupId);
        if (!g)
            return false;
        auto it = g->members.constFind(c.change.agentId);
        return it != g->members.cend()
            && *it == icp::sim::MemberState{c.change.status, c.change.capacity, c.change.sourceTimestampMs};
    }
};
