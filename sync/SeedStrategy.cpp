#include "SeedStrategy.h"

#include <QLoggingCategory>
#include <QPointer>

Q_LOGGING_CATEGORY(lcSeed, "icp.strategy.seed", QtInfoMsg)

namespace icp {

SeedStrategy::SeedStrategy(QHash<QString, IcpClient *> clients, Clock &clock, quint64 seed, SeedStrategyOptions options,
                           QObject *parent)
    : QObject(parent)
    , m_clock(clock)
    , m_rng(seed ^ 0x5eed5eed5eedULL)
    , m_options(options)
{
    for (auto it = clients.cbegin(); it != clients.cend(); ++it) {
        auto lane = std::make_unique<Lane>();
        lane->client = it.value();
        lane->requestsAtStart = it.value()->requestsSent();
        m_lanes.emplace(it.key(), std::move(lane));
    }
}

void SeedStrategy::ingest(const QList<OutboxChange> &changes)
{
    for (const OutboxChange &c : changes) {
        auto it = m_lanes.find(c.region);
        if (it == m_lanes.end())
            continue;
        Lane &lane = *it->second;
        ++lane.counters.ingested;
        lane.queue.push_back(Item{c.skillGroupId, c.change, m_clock.nowMs()});
        pump(lane);
    }
}

bool SeedStrategy::isIdle() const
{
    for (const auto &[region, lane] : m_lanes)
        if (lane->busy || !lane->queue.empty())
            return false;
    return true;
}

StrategyCounters SeedStrategy::counters(const QString &region) const
{
    return laneCounters(m_lanes, region);
}

QStringList SeedStrategy::regions() const
{
    return laneRegions(m_lanes);
}

void SeedStrategy::pump(Lane &lane)
{
    if (lane.busy || lane.queue.empty())
        return;
    lane.busy = true;
    Item item = lane.queue.front();
    lane.queue.pop_front();
    attempt(lane, item, 0);
}

void SeedStrategy::finish(Lane &lane)
{
    m_clock.callAfter(m_options.gapMs, this, [this, &lane]() {
        lane.busy = false;
        pump(lane);
    });
}

void SeedStrategy::countError(Lane &lane, const ApiError &e)
{
    switch (e.category) {
    case ErrorCategory::Conflict:
        ++lane.counters.conflicts409;
        break;
    case ErrorCategory::RateLimited:
        ++lane.counters.throttled429;
        break;
    default:
        if (e.httpStatus >= 500)
            ++lane.counters.errors5xx;
        else
            ++lane.counters.otherErrors;
        break;
    }
}

void SeedStrategy::attempt(Lane &lane, Item item, int retry)
{
    // The client's answers carry no context object: the guard keeps a late answer off a destroyed strategy.
    QPointer<SeedStrategy> self(this);
    lane.client->getSkillGroup(item.groupId, [this, self, &lane, item, retry](ApiResult<SkillGroup> group) {
        if (!self)
            return;
        auto failed = [this, &lane, item, retry](const ApiError &e) {
            countError(lane, e);
            if (retry < m_options.maxRetries) {
                m_clock.callAfter(m_options.retryDelayMs, this, [this, &lane, item, retry]() { attempt(lane, item, retry + 1); });
                return;
            }
            ++lane.counters.dropped;
            qCDebug(lcSeed) << "dropped change of" << item.change.agentId << "after" << retry + 1 << "attempts:" << e.summary();
            finish(lane);
        };
        if (!group.ok()) {
            failed(group.error);
            return;
        }
        BulkCapacityRequest body{group.value->version, {item.change}};
        const QByteArray key = QByteArray::number(quint64(m_rng.engine()()), 16);
        ++lane.counters.writes;
        lane.client->postBulk(item.groupId, body, key, [this, self, &lane, item, failed](ApiResult<BulkCapacityResponse> r) {
            if (!self)
                return;
            if (r.ok()) {
                // The field client logs a rejected update and moves on: for the comparison that change is lost.
                if (!r.value->results.isEmpty() && r.value->results.constFirst().outcome == UpdateOutcome::Rejected) {
                    ++lane.counters.dropped;
                } else {
                    ++lane.counters.applied;
                    lane.counters.stalenessMs.push_back(m_clock.nowMs() - item.acceptedAtMs);
                }
                finish(lane);
                return;
            }
            failed(r.error);
        });
    });
}

} // namespace icp
