#include "RetryBudget.h"

#include <cmath>

namespace icp {

RetryBudget::RetryBudget(RetryBudgetPolicy policy)
    : m_policy(policy)
    , m_tokens(qMax(0, policy.capacity))
    , m_bucketMs(qMax<qint64>(1, policy.windowMs / kBuckets))
{
}

int RetryBudget::costOf(ErrorCategory cause, const RetryBudgetPolicy &policy)
{
    // A timeout costs more: the request may still be running on the server, so retrying adds load twice.
    return cause == ErrorCategory::Timeout ? policy.timeoutRetryCost : policy.retryCost;
}

RetryBudget::Bucket &RetryBudget::bucketAt(qint64 nowMs)
{
    const qint64 index = qMax<qint64>(0, nowMs) / m_bucketMs;
    Bucket &b = m_buckets[std::size_t(index % kBuckets)];
    if (b.index != index)
        b = Bucket{index, 0, 0};
    return b;
}

std::pair<int, int> RetryBudget::windowTotals(qint64 nowMs) const
{
    const qint64 newest = qMax<qint64>(0, nowMs) / m_bucketMs;
    int requests = 0;
    int retries = 0;
    for (const Bucket &b : m_buckets) {
        if (b.index > newest - kBuckets && b.index <= newest) {
            requests += b.requests;
            retries += b.retries;
        }
    }
    return {requests, retries};
}

void RetryBudget::recordRequest(qint64 nowMs)
{
    ++bucketAt(nowMs).requests;
}

RetryGrant RetryBudget::tryAcquireRetry(ErrorCategory cause, qint64 nowMs)
{
    RetryGrant grant;
    const int cost = costOf(cause, m_policy);
    if (cost > m_tokens) {
        grant.refusal = RetryGrant::Refusal::QuotaExhausted;
        return grant;
    }
    if (m_policy.maxRetryShare > 0) {
        const auto [requests, retries] = windowTotals(nowMs);
        const double allowed = qMax(double(m_policy.minRetriesPerWindow), m_policy.maxRetryShare * requests);
        if (retries + 1 > std::floor(allowed)) {
            grant.refusal = RetryGrant::Refusal::ShareExceeded;
            return grant;
        }
    }
    m_tokens -= cost;
    ++bucketAt(nowMs).retries;
    grant.allowed = true;
    grant.cost = cost;
    return grant;
}

void RetryBudget::recordSuccess(int grantedCost)
{
    const int refund = grantedCost > 0 ? grantedCost : m_policy.noRetryIncrement;
    m_tokens = qMin(qMax(0, m_policy.capacity), m_tokens + refund);
}

double RetryBudget::retryShare(qint64 nowMs) const
{
    const auto [requests, retries] = windowTotals(nowMs);
    return requests == 0 ? 0.0 : double(retries) / double(requests);
}

} // namespace icp
