// libFuzzer target: scenario files (strict decode plus the cross-reference checks). An accepted scenario's
// lookups must agree with its lists, and a small one is also expanded into its concrete timeline.
#include "FuzzSupport.h"

#include "Scenario.h"
#include "ScenarioTimeline.h"

using namespace icp;

namespace {

// Timeline expansion is linear in the events a scenario asks for; bound it so one input stays well under a
// second (the decoder accepts up to 10^6 surge agents and 10^5 churn changes a second by design).
bool smallEnough(const Scenario &s)
{
    double events = double(s.agents.size());
    for (const auto &t : s.timeline) {
        const double regions = t.regions.isEmpty() ? double(s.regions.size()) : double(t.regions.size());
        events += regions * (double(t.agents) + t.ratePerS * double(t.overMs) / 1000.0) + 1;
    }
    return events < 20000;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    DecodeError error;
    const auto s = decodeDocument<Scenario>(fuzz::input(data, size), error);
    if (!s) {
        ICP_FUZZ_CHECK(error.isError(), "a rejected scenario comes with a reason");
        return 0;
    }
    ICP_FUZZ_CHECK(!s->regions.isEmpty(), "an accepted scenario has a region");
    for (const auto &a : s->agents) {
        const Agent *found = s->agent(a.id);
        ICP_FUZZ_CHECK(found && found->id == a.id, "every agent can be looked up");
        ICP_FUZZ_CHECK(s->skillGroup(a.skillGroupId), "every agent's skill group exists");
    }
    for (const auto &t : s->timeline)
        ICP_FUZZ_CHECK(t.atMs <= s->durationMs, "the timeline ends within the duration");

    if (smallEnough(*s)) {
        const auto events = expandTimeline(*s, size);
        qint64 previous = 0;
        for (const auto &e : events) {
            ICP_FUZZ_CHECK(e.atMs >= previous, "expanded events are in time order");
            previous = e.atMs;
            if (e.kind == TimelineEvent::Kind::AgentChange)
                ICP_FUZZ_CHECK(s->agent(e.change.agentId), "an expanded change names a known agent");
        }
    }
    return 0;
}
