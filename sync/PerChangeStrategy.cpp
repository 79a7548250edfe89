#include "PerChangeStrategy.h"

#include <QLoggingCategory>
#include <QPointer>

Q_LOGGING_CATEGORY(lcPerChange, "icp.strategy.perchange", QtInfoMsg)

namespace icp {

PerChangeStrategyOptions PerChangeStrategyOptions::jitter()
{
    PerChangeStrategyOptions o;
    o.name = QStringLiteral("jitter");
    o.pause = Pause::FullJitter;
    o.maxAttempts = 5;
    RetryBudgetPolicy quota;
    quota.maxRetryShare = 0; // the AWS quota alone; the share limit is the engine's addition
    o.retryBudget = quota;
    o.skipWhenHeld = true;
    o.holdSlotWhileWaiting = false;
    return o;
}

PerChangeStrategyOptions PerChangeStrategyOptions::cxAsCode()
{
    PerChangeStrategyOptions o;
    o.name = QStringLiteral("cxascode");
    o.pause = Pause::Linear;
    o.maxAttempts = 10;
    o.stepMs = 500;
    o.retryBudget.reset();
    o.skipWhenHeld = false;        // it re-applies its change whatever the ICP holds; the server answers `stale`
    o.holdSlotWhileWaiting = true; // a Terraform worker sleeps inside its retry loop
    return o;
}

struct PerChangeStrategy::Job
{
    QString groupId;
    AgentAvailability change;
    qint64 acceptedAtMs = 0;
    int attempts = 0;    // attempts started
    int grantedCost = 0; // retry-budget tokens taken for the attempt under way
};

struct PerChangeStrategy::Lane
{
    QString region;
    IcpClient *client = nullptr;
    qint64 requestsAtStart = 0;
    std::deque<std::shared_ptr<Job>> ready; // waiting for a slot; retries go first
    int slotsTaken = 0;
    int sleeping = 0; // jobs waiting out a pause
    Backoff backoff;
    std::optional<RetryBudget> budget;
    StrategyCounters counters;
};

PerChangeStrategy::PerChangeStrategy(QHash<QString, IcpClient *> clients, Clock &clock, quint64 seed,
                                     PerChangeStrategyOptions options, QObject *parent)
    : QObject(parent)
    , m_clock(clock)
    , m_rng(seed ^ 0x9e3779b97f4a7c15ULL)
    , m_options(std::move(options))
{
    m_options.maxAttempts = qMax(1, m_options.maxAttempts);
    m_options.maxInFlightPerRegion = qMax(1, m_options.maxInFlightPerRegion);
    // Sorted by region, so each lane's backoff seed does not depend on QHash's order.
    std::map<QString, IcpClient *> sorted(clients.keyValueBegin(), clients.keyValueEnd());
    for (const auto &[region, client] : sorted) {
        auto lane = std::make_unique<Lane>();
        lane->region = region;
        lane->client = client;
        lane->requestsAtStart = client->requestsSent();
        lane->backoff = Backoff(m_options.backoff, quint64(m_rng.engine()()));
        if (m_options.retryBudget)
            lane->budget.emplace(*m_options.retryBudget);
        m_lanes.emplace(region, std::move(lane));
    }
}

PerChangeStrategy::~PerChangeStrategy() = default;

void PerChangeStrategy::ingest(const QList<OutboxChange> &changes)
{
    for (const OutboxChange &c : changes) {
        auto it = m_lanes.find(c.region);
        if (it == m_lanes.end())
            continue;
        Lane &lane = *it->second;
        ++lane.counters.ingested;
        auto job = std::make_shared<Job>();
        job->groupId = c.skillGroupId;
        job->change = c.change;
        job->acceptedAtMs = m_clock.nowMs();
        lane.ready.push_back(std::move(job));
        pump(lane);
    }
}

bool PerChangeStrategy::isIdle() const
{
    for (const auto &[region, lane] : m_lanes)
        if (!lane->ready.empty() || lane->slotsTaken > 0 || lane->sleeping > 0)
            return false;
    return true;
}

StrategyCounters PerChangeStrategy::counters(const QString &region) const
{
    return laneCounters(m_lanes, region);
}

QStringList PerChangeStrategy::regions() const
{
    return laneRegions(m_lanes);
}

int PerChangeStrategy::retryTokens(const QString &region) const
{
    auto it = m_lanes.find(region);
    return it == m_lanes.end() || !it->second->budget ? -1 : it->second->budget->tokens();
}

void PerChangeStrategy::pump(Lane &lane)
{
    while (lane.slotsTaken < m_options.maxInFlightPerRegion && !lane.ready.empty()) {
        std::shared_ptr<Job> job = std::move(lane.ready.front());
        lane.ready.pop_front();
        ++lane.slotsTaken;
        startAttempt(lane, job);
    }
}

void PerChangeStrategy::releaseSlot(Lane &lane)
{
    --lane.slotsTaken;
    pump(lane);
}

void PerChangeStrategy::startAttempt(Lane &lane, const std::shared_ptr<Job> &job)
{
    ++job->attempts;
    if (lane.budget)
        lane.budget->recordRequest(m_clock.nowMs());
    // The client's answers carry no context object: the guard keeps a late answer off a destroyed strategy.
    QPointer<PerChangeStrategy> self(this);
    lane.client->getSkillGroup(job->groupId, [this, self, &lane, job](ApiResult<SkillGroup> group) {
        if (!self)
            return;
        if (!group.ok()) {
            failed(lane, job, group.error);
            return;
        }
        if (m_options.skipWhenHeld) {
            for (const SkillGroupMember &m : std::as_const(group.value->members)) {
                if (m.agentId == job->change.agentId && m.sourceTimestampMs >= job->change.sourceTimestampMs) {
                    succeeded(lane, job, false); // it, or a newer change of the agent, is already there
                    return;
                }
            }
        }
        write(lane, job, group.value->version);
    });
}

void PerChangeStrategy::write(Lane &lane, const std::shared_ptr<Job> &job, qint64 version)
{
    BulkCapacityRequest body{version, {job->change}};
    // A new key per attempt: each attempt carries another expectedVersion, so another body.
    const QByteArray key = m_options.name.toLatin1() + '-' + QByteArray::number(quint64(m_rng.engine()()), 16);
    ++lane.counters.writes;
    if (lane.budget)
        lane.budget->recordRequest(m_clock.nowMs());
    QPointer<PerChangeStrategy> self(this);
    lane.client->postBulk(job->groupId, body, key, [this, self, &lane, job](ApiResult<BulkCapacityResponse> r) {
        if (!self)
            return;
        if (!r.ok()) {
            failed(lane, job, r.error);
            return;
        }
        const bool rejected = !r.value->results.isEmpty()
            && r.value->results.constFirst().outcome == UpdateOutcome::Rejected;
        succeeded(lane, job, rejected);
    });
}

void PerChangeStrategy::succeeded(Lane &lane, const std::shared_ptr<Job> &job, bool rejected)
{
    if (lane.budget)
        lane.budget->recordSuccess(job->grantedCost);
    if (rejected) {
        // Unknown agent or not a member: no retry helps. Without a dead-letter table the change is lost.
        ++lane.counters.dropped;
        qCDebug(lcPerChange) << lane.region << "rejected change of" << job->change.agentId << "in" << job->groupId;
    } else {
        // `applied` and `stale` alike: the ICP holds this change or a newer one.
        ++lane.counters.applied;
        lane.counters.stalenessMs.push_back(m_clock.nowMs() - job->acceptedAtMs);
    }
    releaseSlot(lane);
}

void PerChangeStrategy::failed(Lane &lane, const std::shared_ptr<Job> &job, const ApiError &error)
{
    switch (error.category) {
    case ErrorCategory::Conflict:
        ++lane.counters.conflicts409;
        break;
    case ErrorCategory::RateLimited:
        ++lane.counters.throttled429;
        break;
    default:
        if (error.httpStatus >= 500)
            ++lane.counters.errors5xx;
        else
            ++lane.counters.otherErrors;
        break;
    }
    if (!isRetryable(error.category)) {
        giveUp(lane, job, error.summary());
        return;
    }
    if (job->attempts >= m_options.maxAttempts) {
        giveUp(lane, job, QStringLiteral("%1 attempts, the last: %2").arg(job->attempts).arg(error.summary()));
        return;
    }
    job->grantedCost = 0;
    if (lane.budget) {
        const RetryGrant grant = lane.budget->tryAcquireRetry(error.category, m_clock.nowMs());
        if (!grant.allowed) {
            giveUp(lane, job, QStringLiteral("retry budget exhausted (%1 tokens left); the last error: %2").arg(lane.budget->tokens()).arg(error.summary()));
            return;
        }
        job->grantedCost = grant.cost;
    }
    const qint64 delay = pauseMs(lane, *job, error);
    ++lane.sleeping;
    if (m_options.holdSlotWhileWaiting) {
        m_clock.callAfter(delay, this, [this, &lane, job]() {
            --lane.sleeping;
            startAttempt(lane, job);
        });
        return;
    }
    m_clock.callAfter(delay, this, [this, &lane, job]() {
        --lane.sleeping;
        lane.ready.push_front(job);
        pump(lane);
    });
    releaseSlot(lane);
}

qint64 PerChangeStrategy::pauseMs(Lane &lane, const Job &job, const ApiError &error)
{
    const int failedAttempt = job.attempts - 1; // 0-based index of the attempt that just failed
    if (m_options.pause == PerChangeStrategyOptions::Pause::Linear) {
        if (error.retryAfterS && *error.retryAfterS >= 0)
            return qint64(*error.retryAfterS) * 1000;
        return qint64(failedAttempt + 1) * m_options.stepMs;
    }
    return lane.backoff.nextDelayMs(failedAttempt, error.retryAfterS);
}

void PerChangeStrategy::giveUp(Lane &lane, const std::shared_ptr<Job> &job, const QString &why)
{
    // What the engine would dead-letter; this client has nowhere to keep it, so it is lost.
    ++lane.counters.dropped;
    qCDebug(lcPerChange).noquote() << lane.region << m_options.name << "gave up the change of" << job->change.agentId
                                   << "in" << job->groupId << "-" << why;
    releaseSlot(lane);
}

} // namespace icp
