#pragma once
// Snapshot rows built by hand, for sequences that add, change, remove and reorder rows.
#include "EngineSnapshot.h"

inline icp::TrunkView handTrunk(const QString &id, const QString &region, QList<bool> proxiesUp, int inbound = 0)
{
    icp::TrunkView v;
    v.trunk.id = id;
    v.trunk.name = QStringLiteral("Trunk ") + id;
    v.trunk.region = region;
    v.trunk.skillGroupId = region.left(4) + QStringLiteral("-sg-1");
    v.trunk.inService = true;
    v.trunk.enabled = true;
    v.trunk.connected = true;
    v.trunk.maxConcurrentCalls = 60;
    for (int i = 0; i < proxiesUp.size(); ++i) {
        icp::RegisterStatus r;
        r.proxyAddress = QStringLiteral("sip%1.%2.example:5061").arg(i + 1).arg(id);
        r.registerState = proxiesUp[i];
        r.registerStateTimeMs = 1000;
        if (!proxiesUp[i])
            r.errorInfo = icp::ErrorInfo{QStringLiteral("408 Request Timeout from proxy"), QStringLiteral("register.timeout"), {}};
        v.trunk.registersStatus << r;
    }
    v.metrics.trunkId = id;
    v.metrics.inboundCallCount = inbound;
    v.lastChangeAtMs = 1000;
    return v;
}

inline icp::BatchStatus handBatch(const QString &region, const QString &group, icp::WriterState state, int attempt = 0,
                                  qint64 nextAtMs = 0, const QString &error = {})
{
    icp::BatchStatus b;
    b.region = region;
    b.skillGroupId = group;
    b.state = state;
    b.agents = 12;
    b.attempt = attempt;
    b.maxAttempts = 20;
    b.nextAttemptAtMs = nextAtMs;
    b.lastError = error;
    return b;
}

inline icp::ConflictRecord handConflict(qint64 id, const QString &region, const QString &resolution = {})
{
    icp::ConflictRecord c;
    c.id = id;
    c.atMs = 1'700'000'000'000 + id * 1000;
    c.region = region;
    c.skillGroupId = QStringLiteral("sg-%1").arg(id % 3);
    c.expectedVersion = 10 + id;
    c.currentVersion = 11 + id;
    c.modifiedBy = QStringLiteral("routing-policy-reconciler");
    c.correlationId = QStringLiteral("corr-%1").arg(id);
    c.resolution = resolution;
    return c;
}

inline icp::DeadLetter handDeadLetter(qint64 id, const QString &region, const QString &reason = QStringLiteral("rejected"))
{
    icp::DeadLetter d;
    d.id = id;
    d.region = region;
    d.skillGroupId = QStringLiteral("sg-1");
    d.change.agentId = QStringLiteral("agent-%1").arg(id);
    d.change.status = icp::AgentStatus::Available;
    d.change.capacity = 2;
    d.attempts = 3;
    d.reason = reason;
    d.deadAtMs = 1'700'000'000'000 + id;
    return d;
}
