#pragma once
// How much retrying a region may do, so that a failing region does not turn into a retry storm.
// Two limits, both must allow a retry:
// - the AWS SDK standard-mode retry quota: 500 tokens; a retry costs 5, a retry after a timeout 10; a success
//   refunds the cost of the retry that succeeded, or 1 when it succeeded at the first attempt. When most calls
//   fail the quota drains in ~100 retries and retrying stops until successes refill it.
// - a share of requests (as Envoy's retry budget): retries at most maxRetryShare of the requests sent over
//   the last windowMs, with a small floor so a quiet region can still retry.
// Time is passed in (Clock::nowMs()), so tests run in virtual time.

#include "ApiError.h"

#include <array>

namespace icp {

struct RetryBudgetPolicy
{
    int capacity = 500;
    int retryCost = 5;
    int timeoutRetryCost = 10;
    int noRetryIncrement = 1;
    double maxRetryShare = 0.2;  // <= 0 turns the share limit off
    int minRetriesPerWindow = 3; // always allowed by the share limit
    qint64 windowMs = 10000;
};

struct RetryGrant
{
    enum class Refusal : quint8 { None, QuotaExhausted, ShareExceeded };
    bool allowed = false;
    int cost = 0; // tokens taken; hand back to recordSuccess() if the retry succeeds
    Refusal refusal = Refusal::None;
};

class RetryBudget
{
public:
    explicit RetryBudget(RetryBudgetPolicy policy = {});

    const RetryBudgetPolicy &policy() const { return m_policy; }

    // Every request that goes out, first attempts and retries alike.
    void recordRequest(qint64 nowMs);
    // Asks to retry after a failure of this category. Takes the tokens and counts the retry only if allowed.
    RetryGrant tryAcquireRetry(ErrorCategory cause, qint64 nowMs);
    // A request succeeded; grantedCost is the cost of the retry that succeeded, 0 for a first attempt.
    void recordSuccess(int grantedCost = 0);

    int tokens() const { return m_tokens; }
    // Retries / requests over the window (0 when nothing was sent).
    double retryShare(qint64 nowMs) const;

    static int costOf(ErrorCategory cause, const RetryBudgetPolicy &policy);

private:
    struct Bucket
    {
        qint64 index = -1; // nowMs / bucketMs of the slice it counts
        int requests = 0;
        int retries = 0;
    };
    static constexpr int kBuckets = 10;
    Bucket &bucketAt(qint64 nowMs);
    std::pair<int, int> windowTotals(qint64 nowMs) const; // requests, retries

    RetryBudgetPolicy m_policy;
    int m_tokens;
    qint64 m_bucketMs;
    std::array<Bucket, kBuckets> m_buckets{};
};

} // namespace icp
