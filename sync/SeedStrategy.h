#pragma once
// The field client, kept as a strategy so tests and the bench can run it against the same simulator and
// transport as the engine: one request per agent change, serialized per region with a fixed gap, the version
// read before each write, a failed write retried after a fixed delay a few times and then dropped.

#include "Clock.h"
#include "IcpClient.h"
#include "ScenarioTimeline.h"
#include "SyncStrategy.h"

#include <QHash>
#include <QObject>

#include <deque>
#include <map>
#include <memory>

namespace icp {

struct SeedStrategyOptions
{
    int gapMs = 500;        // pause after every write cycle
    int retryDelayMs = 500; // pause before retrying a failed write
    int maxRetries = 3;     // then the change is dropped (logged)
};

class SeedStrategy final : public QObject, public SyncStrategy
{
    Q_OBJECT
public:
    // One client per region. `requests` counts what each client sends from now on, so give the strategy
    // clients of its own.
    SeedStrategy(QHash<QString, IcpClient *> clients, Clock &clock, quint64 seed, SeedStrategyOptions options = {},
                 QObject *parent = nullptr);

    QString name() const override { return QStringLiteral("seed"); }
    // Changes of a region without a client are ignored.
    void ingest(const QList<OutboxChange> &changes) override;
    bool isIdle() const override;
    StrategyCounters counters(const QString &region) const override;
    QStringList regions() const override;

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
        qint64 requestsAtStart = 0;
        std::deque<Item> queue;
        bool busy = false;
        StrategyCounters counters;
    };
    void pump(Lane &lane);
    void attempt(Lane &lane, Item item, int retry);
    void finish(Lane &lane);
    static void countError(Lane &lane, const ApiError &e);

    std::map<QString, std::unique_ptr<Lane>> m_lanes; // stable addresses: callbacks hold Lane &
    Clock &m_clock;
    Random m_rng;
    SeedStrategyOptions m_options;
};

} // namespace icp
