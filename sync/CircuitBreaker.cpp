#include "CircuitBreaker.h"

using namespace Qt::StringLiterals;

namespace icp {

CircuitBreaker::CircuitBreaker(QString region, CircuitBreakerPolicy policy, Clock &clock, QObject *parent)
    : QObject(parent)
    , m_region(std::move(region))
    , m_policy(policy)
    , m_clock(clock)
{
    m_policy.failureThreshold = qMax(1, m_policy.failureThreshold);
    m_policy.coolDownMs = qMax<qint64>(0, m_policy.coolDownMs);
}

CircuitBreaker::~CircuitBreaker()
{
    if (m_coolDownTimer != 0)
        m_clock.cancel(m_coolDownTimer);
}

QString CircuitBreaker::stateName(State s)
{
    switch (s) {
    case State::Closed:
        return u"closed"_s;
    case State::Open:
        return u"open"_s;
    case State::HalfOpen:
        return u"half_open"_s;
    }
    return u"closed"_s;
}

bool CircuitBreaker::countsAsFailure(ErrorCategory outcome)
{
    switch (outcome) {
    case ErrorCategory::ServerError:
    case ErrorCategory::Unavailable:
    case ErrorCategory::Timeout:
    case ErrorCategory::ConnectionReset:
    case ErrorCategory::ConnectionRefused:
    case ErrorCategory::MalformedResponse:
        return true;
    default:
        return false;
    }
}

bool CircuitBreaker::allowRequest()
{
    switch (m_state) {
    case State::Closed:
        return true;
    case State::Open:
        return false;
    case State::HalfOpen:
        if (m_probeInFlight)
            return false;
        m_probeInFlight = true;
        return true;
    }
    return false;
}

void CircuitBreaker::recordSuccess()
{
    m_consecutiveFailures = 0;
    // While Open, a late answer to a request sent before the circuit opened changes nothing; in HalfOpen
    // any success shows that the region answers again.
    if (m_state == State::HalfOpen) {
        m_probeInFlight = false;
        m_openedAtMs = 0;
        transition(State::Closed);
    }
}

void CircuitBreaker::recordFailure()
{
    ++m_consecutiveFailures;
    if (m_state == State::HalfOpen) {
        m_probeInFlight = false;
        open();
    } else if (m_state == State::Closed && m_consecutiveFailures >= m_policy.failureThreshold) {
        open();
    }
}

void CircuitBreaker::record(ErrorCategory outcome)
{
    if (countsAsFailure(outcome))
        recordFailure();
    else
        recordSuccess();
}

void CircuitBreaker::open()
{
    m_openedAtMs = m_clock.nowMs();
    if (m_coolDownTimer != 0)
        m_clock.cancel(m_coolDownTimer);
    m_coolDownTimer = m_clock.callAt(m_openedAtMs + m_policy.coolDownMs, this, [this]() {
        m_coolDownTimer = 0;
        if (m_state == State::Open)
            transition(State::HalfOpen);
    });
    transition(State::Open);
}

void CircuitBreaker::transition(State to)
{
    if (m_state == to)
        return;
    const State from = m_state;
    m_state = to;
    Q_EMIT stateChanged(m_region, from, to);
}

} // namespace icp
