#pragma once
// Per-change clients, the best practice of today that the engine is compared with: each agent change is its
// own read-then-write (GET the group, then one capacity:bulk carrying that change alone), re-read and retried
// when the write fails, with at most a few changes of a region on the wire at once. Two configurations:
// - `jitter`: full-jitter exponential backoff with Retry-After as a floor, an AWS-style retry quota, and a
//   change the ICP already holds after the re-read counts as done (Kubernetes' RetryOnConflict);
// - `cxascode`: what Genesys's Terraform provider does: re-GET and re-apply up to 10 times, sleeping
//   Retry-After or (attempt + 1) x 500 ms, a worker kept busy while it sleeps.
// Neither coalesces, paces or serializes per group: that is what the engine adds.

#include "Backoff.h"
#include "Clock.h"
#include "IcpClient.h"
#include "RetryBudget.h"
#include "ScenarioTimeline.h"
#include "SyncStrategy.h"

#include <QHash>
#include <QObject>

#include <deque>
#include <map>
#include <memory>
#include <optional>

namespace icp {

struct PerChangeStrategyOptions
{
    enum class Pause : quint8 {
        FullJitter, // U(0, min(cap, base * 2^n)) before the n-th retry (n from 0), never shorter than Retry-After
        Linear,     // Retry-After if the server sent one, else (attempt + 1) * stepMs after the failed attempt
    };
    QString name = QStringLiteral("jitter");
    Pause pause = Pause::FullJitter;
    int maxAttempts = 5;          // read-then-write cycles per change; then it is given up (counted as dropped)
    int maxInFlightPerRegion = 8; // changes of a region in an attempt at once; each has one request on the wire
    BackoffPolicy backoff;        // FullJitter
    qint64 stepMs = 500;          // Linear
    std::optional<RetryBudgetPolicy> retryBudget; // per region; none: retries limited by maxAttempts alone
    bool skipWhenHeld = true;           // after a read, a change the ICP holds (equal or newer) is done, unwritten
    bool holdSlotWhileWaiting = false;  // a sleeping change keeps its slot (a worker thread that sleeps)

    // gRPC's 5 attempts, the Backoff defaults (100 ms base, 20 s cap), the AWS SDK standard-mode quota alone.
    static PerChangeStrategyOptions jitter();
    // terraform-provider-genesyscloud: 10 attempts, Retry-After or (attempt + 1) x 500 ms, no budget.
    static PerChangeStrategyOptions cxAsCode();
};

class PerChangeStrategy final : public QObject, public SyncStrategy
{
    Q_OBJECT
public:
    // One client per region. `requests` counts what each client sends from now on, so give the strategy
    // clients of its own. The seed makes backoff draws and idempotency keys repeatable.
    PerChangeStrategy(QHash<QString, IcpClient *> clients, Clock &clock, quint64 seed,
                      PerChangeStrategyOptions options = PerChangeStrategyOptions::jitter(), QObject *parent = nullptr);
    ~PerChangeStrategy() override;

    QString name() const override { return m_options.name; }
    // Changes of a region without a client are ignored.
    void ingest(const QList<OutboxChange> &changes) override;
    bool isIdle() const override;
    StrategyCounters counters(const QString &region) const override;
    QStringList regions() const override;

    const PerChangeStrategyOptions &options() const { return m_options; }
    // Retry-budget tokens left in a region; -1 without a budget.
    int retryTokens(const QString &region) const;

private:
    struct Job;
    struct Lane;
    void pump(Lane &lane);
    void startAttempt(Lane &lane, const std::shared_ptr<Job> &job);
    void write(Lane &lane, const std::shared_ptr<Job> &job, qint64 version);
    void succeeded(Lane &lane, const std::shared_ptr<Job> &job, bool rejected);
    void failed(Lane &lane, const std::shared_ptr<Job> &job, const ApiError &error);
    void giveUp(Lane &lane, const std::shared_ptr<Job> &job, const QString &why);
    qint64 pauseMs(Lane &lane, const Job &job, const ApiError &error);
    void releaseSlot(Lane &lane);

    std::map<QString, std::unique_ptr<Lane>> m_lanes; // stable addresses: callbacks hold Lane &
    Clock &m_clock;
    Random m_rng;
    PerChangeStrategyOptions m_options;
};

} // namespace icp
