#pragma once
// Client-side pacing under a region's request budget, so the server never has to answer 429: a token bucket
// (capacity, refill per minute) that also follows the server's own view from the inin-ratelimit-* headers
// and a 429's Retry-After. Time is passed in (Clock::nowMs()), so tests run in virtual time.

#include <QtGlobal>

namespace icp {

struct TokenBucketPolicy
{
    int capacity = 300;        // burst
    int refillPerMinute = 300; // steady rate; the scenario's rateLimitPerMinute
};

class TokenBucket
{
public:
    explicit TokenBucket(TokenBucketPolicy policy = {}, qint64 nowMs = 0); // starts full

    // Takes a token if one is available now and neither the server's window nor a Retry-After forbids it.
    bool tryTake(qint64 nowMs);
    // When tryTake() would next succeed: nowMs if it would now; never earlier than a hold or the end of an
    // exhausted server window. max qint64 if the rate is 0.
    qint64 nextAvailableAt(qint64 nowMs) const;

    // Follows the server's view after each answer: inin-ratelimit-count (requests counted in the current
    // window), -allowed (the limit) and -reset (seconds until the window resets). The client then never holds
    // more tokens than the server has left, stops until the reset when the server has none, and slows to the
    // server's limit if it is below the configured one (Genesys windows are one minute). allowed <= 0 (header
    // absent) is ignored. Answers to older requests may carry older counts, so within one window the lowest
    // remaining count wins.
    void observeServerHeaders(int count, int allowed, int resetS, qint64 nowMs);
    // A 429's Retry-After: nothing goes out before atMs.
    void holdUntil(qint64 atMs);

    double available(qint64 nowMs) const; // own tokens, refilled to nowMs
    // What the server has left in its current window as far as we know; -1 when unknown or expired.
    int serverRemaining(qint64 nowMs) const;
    int refillPerMinute() const { return m_refillPerMinute; } // in force, after the server's limit
    int capacity() const { return m_capacity; }

private:
    // Tokens are counted in 1/60000ths so a per-minute rate refills by a whole number every millisecond:
    // exact arithmetic, no drift after millions of refills.
    static constexpr qint64 kScale = 60000;
    qint64 scaledAt(qint64 nowMs) const;
    void refill(qint64 nowMs);
    bool serverWindowExhausted(qint64 nowMs) const;

    TokenBucketPolicy m_policy;
    int m_capacity;
    int m_refillPerMinute;
    qint64 m_scaledTokens;
    qint64 m_lastRefillMs;
    int m_serverRemaining = -1; // -1: no server view
    qint64 m_serverWindowEndMs = 0;
    qint64 m_holdUntilMs = 0;
};

} // namespace icp
