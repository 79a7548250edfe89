#include "SeedStrategy.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcSeed, "icp.strategy.seed")

namespace icp {

SeedStrategy::SeedStrategy(QHash<QString, IcpClient *> clients, Clock &clock, quint64 seed, SeedStrategyOptions options,
                           QObject *parent)
    : QObject(parent)
    , m_clock(clock)
    , m_rng(seed ^ 0x5eed5eed5eedULL)
    , m_options(options)
{
    for (auto it = clients.cbegin(); it != clients.cend(); ++it)
        m_lanes[it.key()].client = it.value();
}

void SeedStrategy::ingest(const QString &region, const QString &skillGroupId, const AgentAvailability &change)
{
    auto it = m_lanes.find(region);
    if (it == m_lanes.end())
        return;
    ++it->counters.ingested;
    it->queue.push_back(Item{skillGroupId, change, m_clock.nowMs()});
    pump(*it);
}

bool SeedStrategy::isIdle() const
{
    for (const auto &l : m_lanes)
        if (l.busy || !l.queue.empty())
            return false;
    return true;
}

const StrategyCounters &SeedStrategy::counters(const QString &region) const
{
    static const StrategyCounters empty;
    auto it = m_lanes.constFind(region);
    return it == m_lanes.cend() ? empty : it->counters;
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

void SeedStrategy::attempt(Lane &lane, Item item, int retry)
{
    lane.client->getSkillGroup(item.groupId, [this, &lane, item, retry](ApiResult<SkillGroup> group) {
        auto failed = [this, &lane, item, retry](const ApiError &e) {
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
        lane.client->postBulk(item.groupId, body, key, [this, &lane, item, failed](ApiResult<BulkCapacityResponse> r) {
            if (r.ok()) {
                ++lane.counters.applied;
                lane.counters.stalenessMs.push_back(m_clock.nowMs() - item.acceptedAtMs);
                finish(lane);
                return;
            }
            if (r.error.category == ErrorCategory::Conflict)
                ++lane.counters.conflicts409;
            else if (r.error.category == ErrorCategory::RateLimited)
                ++lane.counters.throttled429;
            else
                ++lane.counters.otherErrors;
            failed(r.error);
        });
    });
}

} // namespace icp
