#include "ScenarioFeed.h"

namespace icp::sim {

ScenarioFeed::ScenarioFeed(const Scenario &scenario, quint64 seed, Clock &clock, QObject *parent)
    : QObject(parent)
    , m_clock(clock)
    , m_scenarioStartMs(scenario.startTimeMs)
{
    const QList<TimelineEvent> all = expandTimeline(scenario, seed);
    for (const auto &e : all)
        if (e.kind == TimelineEvent::Kind::AgentChange)
            m_events.push_back(e);
}

void ScenarioFeed::start(Sink sink, qint64 t0, qsizetype firstEvent)
{
    auto shared = std::make_shared<Sink>(std::move(sink));
    qsizetype i = qBound<qsizetype>(0, firstEvent, m_events.size());
    m_delivered = i;
    // One timer per distinct instant.
    while (i < m_events.size()) {
        qsizetype j = i;
        while (j < m_events.size() && m_events[j].atMs == m_events[i].atMs)
            ++j;
        m_clock.callAt(t0 + m_events[i].atMs, this, [this, shared, i, j, t0]() {
            for (qsizetype k = i; k < j; ++k) {
                TimelineEvent ev = m_events[k];
                ev.change.sourceTimestampMs = ev.change.sourceTimestampMs - m_scenarioStartMs + t0;
                ++m_delivered;
                (*shared)(ev);
            }
        });
        i = j;
    }
}

} // namespace icp::sim
