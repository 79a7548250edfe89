#include "CampaignPacer.h"

#include <cmath>

namespace icp {

CampaignPacer::CampaignPacer(CampaignPacingPolicy policy, qint64 raiseWindowMs)
    : m_policy(policy)
    , m_raiseWindowMs(qMax<qint64>(0, raiseWindowMs))
{
}

PacingSetting CampaignPacer::target(const CampaignCapacity &c, const CampaignPacingPolicy &p)
{
    PacingSetting s;
    const double wanted = std::round(p.linesPerCapacity * double(qMax(0, c.effectiveCapacity)));
    // The floor wins over the channel bound: an operator who sets a floor wants the campaign kept warm.
    s.outboundLineCount = qBound(p.minLines, int(qMin(wanted, double(qMax(0, c.freeChannels)))), qMax(p.minLines, p.maxLines));
    const double perAgent = c.agents > 0 ? double(s.outboundLineCount) / double(c.agents) : p.minCallsPerAgent;
    s.maxCallsPerAgent = std::round(qBound(p.minCallsPerAgent, perAgent, qMax(p.minCallsPerAgent, p.maxCallsPerAgent)) * 10.0) / 10.0;
    return s;
}

CampaignPacer::Step CampaignPacer::evaluate(const CampaignCapacity &capacity, qint64 nowMs)
{
    const bool trunkLost = m_seen && capacity.registeredTrunks < m_last.registeredTrunks;
    m_last = capacity;
    m_seen = true;
    const PacingSetting t = target(capacity, m_policy);
    Step step;
    if (!m_held) {
        m_held = t;
        step.recommended = t;
        step.changed = true;
        return step;
    }
    PacingSetting &h = *m_held;
    const int band = qMax(m_policy.deadBandLines, int(std::lround(m_policy.deadBandShare * h.outboundLineCount)));
    const double eps = 1e-9;
    const bool lower = t.outboundLineCount < h.outboundLineCount || t.maxCallsPerAgent < h.maxCallsPerAgent - eps;
    const bool down = h.outboundLineCount - t.outboundLineCount > band
        || h.maxCallsPerAgent - t.maxCallsPerAgent > m_policy.deadBandCalls + eps;
    const bool up = t.outboundLineCount - h.outboundLineCount > band
        || t.maxCallsPerAgent - h.maxCallsPerAgent > m_policy.deadBandCalls + eps;
    if ((trunkLost && lower) || down) {
        // Decreases are never held back: over-dialing on lost capacity abandons calls.
        const PacingSetting next{qMin(h.outboundLineCount, t.outboundLineCount), qMin(h.maxCallsPerAgent, t.maxCallsPerAgent)};
        m_raiseSinceMs = 0;
        step.changed = next != h;
        step.urgent = step.changed && trunkLost;
        h = next;
    } else if (up) {
        if (!m_raiseSinceMs) {
            m_raiseSinceMs = nowMs;
            m_raiseFloor = t;
        } else {
            m_raiseFloor.outboundLineCount = qMin(m_raiseFloor.outboundLineCount, t.outboundLineCount);
            m_raiseFloor.maxCallsPerAgent = qMin(m_raiseFloor.maxCallsPerAgent, t.maxCallsPerAgent);
        }
        if (nowMs - m_raiseSinceMs >= m_raiseWindowMs) {
            // Raise to what held over the whole window, never above the target now.
            const PacingSetting next{qMax(h.outboundLineCount, m_raiseFloor.outboundLineCount),
                                     qMax(h.maxCallsPerAgent, m_raiseFloor.maxCallsPerAgent)};
            m_raiseSinceMs = 0;
            step.changed = next != h;
            h = next;
        }
    } else {
        m_raiseSinceMs = 0; // back inside the band: a pending raise did not hold
    }
    step.recommended = h;
    return step;
}

} // namespace icp
