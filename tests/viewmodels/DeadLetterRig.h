#pragma once
// A real dead letter: the quiet seed-peak set-up (no timeline), at most two sends per change, and the ICP
// answering 500 to the first two capacity writes.
#include "SeedPeakRig.h"

struct DeadLetterRig : SeedPeakRig
{
    static icp::EngineConfig config()
    {
        icp::EngineConfig c;
        c.maxAttempts = 2;
        c.settleLearning = false;
        return c;
    }

    icp::OutboxChange change;

    DeadLetterRig()
        : SeedPeakRig(1, config(), false)
    {
        const QString region = QStringLiteral("us-east-1");
        rig.core.handle(region,
                        icp::HttpRequest{"POST", QUrl(QStringLiteral("http://us-east-1.sim.invalid/sim/v1/faults")), {},
                                         QByteArray(R"({"action":"status","status":500,"path":"/api/v1/icp/skillgroups/*/capacity:bulk","count":2})"),
                                         1000},
                        [](const icp::HttpResponse &) {});
        advanceBy(100);
        change = rig.change(QStringLiteral("use1-g2-a0003"), icp::AgentStatus::Available, 3);
        rig.engine->ingest({change});
    }

    // Runs until the change is dead-lettered (or 60 s of virtual time pass).
    bool runUntilDead()
    {
        return rig.clock.runUntil([this]() { return !rig.engine->outboxRef().deadLetters().list(1).isEmpty(); }, rig.clock.nowMs() + 60000);
    }
    bool runUntilIdle()
    {
        return rig.clock.runUntil([this]() { return rig.engine->isIdle(); }, rig.clock.nowMs() + 60000);
    }
};
