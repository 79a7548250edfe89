#pragma once
// Per-region circuit breaker: after N consecutive failures the region is left alone for a cool-down, then a
// single probe decides whether to resume. The cool-down runs on the injected Clock, so the Open -> HalfOpen
// transition happens (and is signalled) on time even when nobody asks, and tests run in virtual time.
//
// Closed --N consecutive failures--> Open --cool-down--> HalfOpen --probe succeeds--> Closed
//                                      ^-------------------------- probe fails ------'

#include "ApiError.h"
#include "Clock.h"

#include <QObject>

namespace icp {

struct CircuitBreakerPolicy
{
    int failureThreshold = 5; // consecutive failures that open the circuit
    qint64 coolDownMs = 30000;
};

class CircuitBreaker : public QObject
{
    Q_OBJECT
public:
    enum class State : quint8 { Closed, Open, HalfOpen };
    Q_ENUM(State)

    CircuitBreaker(QString region, CircuitBreakerPolicy policy, Clock &clock, QObject *parent = nullptr);
    ~CircuitBreaker() override;

    // Whether a request may go now. In HalfOpen it admits one probe and refuses the rest until that probe
    // is recorded; the caller must record the probe's outcome (a timeout counts as a failure).
    bool allowRequest();
    void recordSuccess();
    void recordFailure();
    // Sorts an outcome: only signs that the region is unhealthy (5xx, timeouts, broken connections, garbled
    // answers) are failures; a 409, a 429 or a 4xx is an answer from a healthy region and counts as success.
    void record(ErrorCategory outcome);
    static bool countsAsFailure(ErrorCategory outcome);

    State state() const { return m_state; }
    const QString &region() const { return m_region; }
    int consecutiveFailures() const { return m_consecutiveFailures; }
    qint64 openedAtMs() const { return m_openedAtMs; }        // 0 unless Open or HalfOpen
    qint64 halfOpenAtMs() const { return m_openedAtMs == 0 ? 0 : m_openedAtMs + m_policy.coolDownMs; }
    bool probeInFlight() const { return m_probeInFlight; }

    static QString stateName(State s); // "closed", "open", "half_open"

Q_SIGNALS:
    void stateChanged(const QString &region, icp::CircuitBreaker::State from, icp::CircuitBreaker::State to);

private:
    void open();
    void transition(State to);

    QString m_region;
    CircuitBreakerPolicy m_policy;
    Clock &m_clock;
    State m_state = State::Closed;
    int m_consecutiveFailures = 0;
    qint64 m_openedAtMs = 0;
    bool m_probeInFlight = false;
    TimerId m_coolDownTimer = 0;
};

} // namespace icp
