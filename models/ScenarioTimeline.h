#pragma once
#include "Agent.h"
#include "Scenario.h"

#include <QList>

#include <random>

namespace icp {

// A concrete event of a scenario's timeline. Surges and churn are expanded into single agent changes with a
// seeded generator, so the simulator (the platform side) and the WFM feed (the console side) see the same ones.
struct TimelineEvent
{
    enum class Kind : quint8 { AgentChange, TrunkRegistration };
    Kind kind = Kind::AgentChange;
    qint64 atMs = 0; // offset from the scenario's start
    QString region;
    // AgentChange: change.sourceTimestampMs = scenario.startTimeMs + atMs (strictly increasing per agent)
    AgentAvailability change;
    QString skillGroupId;
    // TrunkRegistration
    QString trunkId;
    int proxyIndex = 0;
    bool registered = true;
    QString errorText;
};

QList<TimelineEvent> expandTimeline(const Scenario &scenario, quint64 seed);

// Deterministic helpers shared by the simulator and the engine; every random choice goes through one of these.
class Random
{
public:
    explicit Random(quint64 seed) : m_gen(seed) {}
    double uniform(double lo, double hi) { return std::uniform_real_distribution<double>(lo, hi)(m_gen); }
    qint64 uniformInt(qint64 lo, qint64 hi) { return std::uniform_int_distribution<qint64>(lo, hi)(m_gen); }
    double exponential(double rate) { return std::exponential_distribution<double>(rate)(m_gen); }
    bool chance(double p) { return uniform(0.0, 1.0) < p; }
    std::mt19937_64 &engine() { return m_gen; }

private:
    std::mt19937_64 m_gen;
};

} // namespace icp
