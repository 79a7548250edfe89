#pragma once
#include "Clock.h"
#include "Scenario.h"
#include "ScenarioTimeline.h"

#include <QObject>

#include <functional>

namespace icp::sim {

// The scenario's WFM side: replays the expanded timeline's agent changes, at their times on the clock, into a
// sink (the engine's ingest). Source timestamps are mapped onto the run's clock.
class ScenarioFeed final : public QObject
{
    Q_OBJECT
public:
    using Sink = std::function<void(const TimelineEvent &event)>;
    ScenarioFeed(const Scenario &scenario, quint64 seed, Clock &clock, QObject *parent = nullptr);

    // Schedules every change; t = 0 is now. `sink` receives events with change.sourceTimestampMs on the run clock.
    void start(Sink sink) { start(std::move(sink), m_clock.nowMs(), 0); }
    // Resumes a feed that started at t0Ms (an earlier run's clock) with event index firstEvent: the earlier
    // events count as delivered, the ones already due are delivered at once (in order), the rest on time.
    // Source timestamps are the same as in the earlier run.
    void start(Sink sink, qint64 t0Ms, qsizetype firstEvent);
    qsizetype total() const { return m_events.size(); }
    qsizetype delivered() const { return m_delivered; }
    bool isFinished() const { return m_delivered == m_events.size(); }
    const QList<TimelineEvent> &events() const { return m_events; }

private:
    Clock &m_clock;
    qint64 m_scenarioStartMs;
    QList<TimelineEvent> m_events;
    qsizetype m_delivered = 0;
};

} // namespace icp::sim
