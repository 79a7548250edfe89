#pragma once
// The pacing calculator of one campaign: pure, no I/O, time passed in. From the capacity that staffs the
// campaign it computes a target pacing (CampaignPacer::target) and holds a recommendation with hysteresis:
// small moves are ignored (dead band), decreases are taken at once, increases only once they have stood for the
// raise window. A decrease that comes with a trunk losing its registration skips the dead band and is marked
// urgent, so the applier writes it without waiting for its coalescing window.

#include "Campaign.h"
#include "CampaignPacingPolicy.h"

#include <optional>

namespace icp {

// What staffs a campaign right now, summed over the skill groups that staff it.
struct CampaignCapacity
{
    int effectiveCapacity = 0; // available agents' capacity on registered trunks, bounded by freeChannels
    int freeChannels = 0;      // maxConcurrentCalls minus calls, over the registered trunks of those groups
    int agents = 0;            // available agents on registered trunks
    int registeredTrunks = 0;  // registered trunks of those groups
    bool known = true;         // false until the region's trunks were listed: nothing is recommended from that
    bool operator==(const CampaignCapacity &) const = default;
};

class CampaignPacer
{
public:
    CampaignPacer(CampaignPacingPolicy policy, qint64 raiseWindowMs);

    // The formula, without hysteresis:
    //   lines = clamp(min(round(linesPerCapacity x effectiveCapacity), freeChannels), minLines, maxLines)
    //   maxCallsPerAgent = clamp(lines / agents, minCallsPerAgent, maxCallsPerAgent), rounded to 0.1
    //                      (minCallsPerAgent when no agent is available)
    static PacingSetting target(const CampaignCapacity &capacity, const CampaignPacingPolicy &policy);

    struct Step
    {
        PacingSetting recommended;
        bool changed = false; // the recommendation moved in this step
        bool urgent = false;  // ... down, because a trunk lost its registration
    };
    Step evaluate(const CampaignCapacity &capacity, qint64 nowMs);

    std::optional<PacingSetting> recommended() const { return m_held; }
    // When a pending increase is due (0: none pending); evaluate() at or after it to take it.
    qint64 raiseDueAtMs() const { return m_raiseSinceMs ? m_raiseSinceMs + m_raiseWindowMs : 0; }
    const CampaignPacingPolicy &policy() const { return m_policy; }
    const CampaignCapacity &lastCapacity() const { return m_last; }

private:
    CampaignPacingPolicy m_policy;
    qint64 m_raiseWindowMs;
    std::optional<PacingSetting> m_held;
    CampaignCapacity m_last;
    bool m_seen = false;
    qint64 m_raiseSinceMs = 0;  // a higher target has stood since (0: none)
    PacingSetting m_raiseFloor; // the lowest target seen while it stood
};

} // namespace icp
