#pragma once
// The field client, kept as a strategy so tests and the bench can run it against the same simulator and
// transport as the engine: one request per agent change, serialized per region with a fixed gap, the version
// read before each write, a failed write retried after a fixed delay a few times and then dropped.

#include "Agent.h"
#include "Clock.h"
#include "IcpClient.h"
#include "ScenarioTimeline.h"

#include <QHash>
#include <QObject>

#include <deque>

namespace icp {

struct SeedStrategyOptions
{
    int gapMs = 500;        // pause after every write cycle
    int retryDelayMs = 500; // pause before retrying a failed write
    int maxRetries = 3;     // then the change is dropped (logged)
};

struct StrategyCounters
{
    qint64 ingested = 0;
    qint64 applied = 0; // the ICP accepted the change (applied or already newer)
    qint64 dropped = 0; // given up: lost
    qint64 writes = 0;
    qint64 conflicts409 = 0;
    qint64 throttled429 = 0;
    qint64 otherErrors = 0;
    QList<qint64> stalenessMs;
};

class SeedStrategy final : public QObject
{
    Q_OBJECT
public:
    SeedStrategy(QHash<QString, IcpClient *> clients, Clock &clock, quint64 seed, SeedStrategyOptions options = {},
                 QObject *parent = nullptr);

    void ingest(const QString &region, const QString &skillGroupId, const AgentAvailability &change);
    bool isIdle() const;
    const StrategyCounters &counters(const QString &region) const;

private:
    struct Item
    {
        QString groupId;
        AgentAvailability change;
        qint64 acceptedAtMs = 0;
    };
    struct Lane
    {
        IcpClient *client = nullptr;
        std::deque<Item> queue;
        bool busy = false;
        StrategyCounters counters;
    };
    void pump(Lane &lane);
    void attempt(Lane &lane, Item item, int retry);
    void finish(Lane &lane);

    QHash<QString, Lane> m_lanes;
    Clock &m_clock;
    Random m_rng;
    SeedStrategyOptions m_options;
};

} // namespace icp
