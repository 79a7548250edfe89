#pragma once
// Full-jitter exponential backoff: delay = U(0, min(cap, base * 2^n)) for the n-th retry (n from 0), the
// strategy that does the least work under contention in AWS's comparison. A server's Retry-After is a floor.

#include "ScenarioTimeline.h"

#include <optional>

namespace icp {

struct BackoffPolicy
{
    qint64 baseMs = 100;  // ceiling of the first retry's delay
    qint64 capMs = 20000; // no delay is drawn above this (AWS SDK standard mode caps at 20 s)
};

class Backoff
{
public:
    // The seed makes a run repeatable; pass one derived from the run's --seed.
    explicit Backoff(BackoffPolicy policy = {}, quint64 seed = 1);

    const BackoffPolicy &policy() const { return m_policy; }

    // min(cap, base * 2^retry); retry < 0 counts as 0. Never overflows.
    qint64 ceilingMs(int retry) const;

    // A fresh draw from U(0, ceilingMs(retry)), in whole milliseconds, both ends included.
    qint64 nextDelayMs(int retry);

    // As above, but never shorter than the server's Retry-After (seconds, as in ApiError::retryAfterS). The
    // floor is honoured even above the cap: the server knows better; a negative value is ignored.
    qint64 nextDelayMs(int retry, std::optional<int> retryAfterS);

private:
    BackoffPolicy m_policy;
    Random m_random;
};

} // namespace icp
