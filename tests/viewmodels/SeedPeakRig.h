#pragma once
// Real engine data for the view models and tabs: the seed-peak scenario fed into the engine (EngineRig: real
// simulator core, virtual time) with a FleetMonitor for trunks and groups, as the EngineHost wires it.
#include "EngineRig.h"
#include "FleetMonitor.h"

struct SeedPeakRig
{
    static icp::Scenario load(bool withTimeline = true)
    {
        QString error;
        auto sc = icp::Scenario::load(QStringLiteral("seed-peak"), &error);
        if (!sc)
            qFatal("seed-peak: %s", qPrintable(error));
        if (!withTimeline)
            sc->timeline.clear();
        return *sc;
    }

    EngineRig rig;
    icp::sim::ScenarioFeed feed;
    icp::FleetMonitor fleet;

    explicit SeedPeakRig(quint64 seed = 1, const icp::EngineConfig &config = {}, bool withTimeline = true)
        : rig(load(withTimeline), seed, config)
        , feed(rig.scenario, seed, rig.clock)
        , fleet(rig.clock)
    {
        for (const auto &r : rig.scenario.regions) {
            const QUrl base = icp::sim::InProcessTransport::baseUrl(r.id);
            fleet.addRegion(icp::Region{r.id, r.displayName, base, base, base}, rig.engine->client(r.id));
        }
        for (auto *s : std::as_const(rig.sources))
            fleet.attachEventSource(s);
        rig.core.start();
        feed.start([this](const icp::TimelineEvent &ev) {
            const icp::OutboxChange c{ev.change, ev.region, ev.skillGroupId};
            rig.engine->ingest({c});
            fleet.noteChanges({c});
        });
    }

    qint64 startMs() const { return rig.scenario.startTimeMs; }
    // Advances virtual time to this offset from the scenario's start.
    void advanceTo(qint64 offsetMs) { rig.clock.advanceTo(startMs() + offsetMs); }
    void advanceBy(qint64 ms) { rig.clock.advanceBy(ms); }

    icp::EngineSnapshot snapshot()
    {
        // As EngineHost assembles it: the engine's own part, the fleet, the open dead letters.
        icp::EngineSnapshot s = rig.engine->snapshot();
        fleet.fill(s);
        s.deadLetters = rig.engine->outboxRef().deadLetters().list(500);
        return s;
    }
};
