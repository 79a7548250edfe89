#pragma once
// What every sync strategy offers the headless runner and the bench: the engine, the field client (`seed`) and
// the per-change clients (`jitter`, `cxascode`) run on the same transport, clock and simulator.

#include "Agent.h"
#include "OutboxTypes.h"

#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

namespace icp {

struct StrategyCounters
{
    qint64 ingested = 0;
    qint64 applied = 0;    // the ICP accepted the change (applied, or it already held it or a newer one)
    qint64 superseded = 0; // replaced by a newer change of the same agent before it was sent
    qint64 stale = 0;      // older than what was already held: dropped on arrival
    qint64 dropped = 0;    // given up without a dead letter: lost
    qint64 deadLetters = 0;
    qint64 requests = 0;   // every HTTP request of the strategy, token requests excluded
    qint64 writes = 0;     // capacity:bulk requests
    qint64 conflicts409 = 0;
    qint64 throttled429 = 0;
    qint64 errors5xx = 0;
    qint64 otherErrors = 0;
    QMap<QString, qint64> errorsByCategory; // failed exchanges by errorCategoryName(), 409s included
    QList<qint64> stalenessMs; // acceptance -> the ICP accepted it (or a newer change that superseded it)
};

class SyncStrategy
{
public:
    virtual ~SyncStrategy() = default;
    virtual QString name() const = 0;
    virtual void ingest(const QList<OutboxChange> &changes) = 0;
    // Nothing queued, nothing in flight, nothing waiting for a retry.
    virtual bool isIdle() const = 0;
    virtual StrategyCounters counters(const QString &region) const = 0;
    virtual QStringList regions() const = 0;
};

// The counters and regions of a strategy that keeps one lane per region (std::map<QString, unique_ptr<Lane>>,
// each Lane with `counters`, `client` and `requestsAtStart`): requests are what the lane's client sent.
template<typename LaneMap>
StrategyCounters laneCounters(const LaneMap &lanes, const QString &region)
{
    auto it = lanes.find(region);
    if (it == lanes.end())
        return {};
    StrategyCounters c = it->second->counters;
    c.requests = it->second->client->requestsSent() - it->second->requestsAtStart;
    return c;
}

template<typename LaneMap>
QStringList laneRegions(const LaneMap &lanes)
{
    QStringList out;
    for (const auto &entry : lanes)
        out << entry.first;
    return out;
}

} // namespace icp
