#include "ScenarioTimeline.h"

#include <algorithm>

namespace icp {

namespace {

struct Slot
{
    qint64 atMs;
    int order; // tie-break: stable generation order
    enum class Kind { Surge, Churn, Explicit, Trunk } kind;
    QString region;
    AgentStatus status = AgentStatus::Available;
    const TimelineSpec *spec = nullptr;
};

constexpr AgentStatus kWorkingStatuses[] = {AgentStatus::Available, AgentStatus::OnCall,
                                            AgentStatus::AfterCallWork, AgentStatus::Break};

} // namespace

QList<TimelineEvent> expandTimeline(const Scenario &scenario, quint64 seed)
{
    Random rng(seed ^ 0x9e3779b97f4a7c15ULL);
    const QStringList allRegions = scenario.regionIds();
    QList<Slot> slots;
    int order = 0;
    for (const auto &spec : scenario.timeline) {
        const QStringList regions = spec.regions.isEmpty() ? allRegions : spec.regions;
        switch (spec.kind) {
        case TimelineSpec::Kind::Agent:
            slots.push_back({spec.atMs, order++, Slot::Kind::Explicit, {}, spec.status, &spec});
            break;
        case TimelineSpec::Kind::TrunkRegistration:
            slots.push_back({spec.atMs, order++, Slot::Kind::Trunk, {}, spec.status, &spec});
            break;
        case TimelineSpec::Kind::Surge:
            for (const auto &region : regions)
                for (int n = 0; n < spec.agents; ++n)
                    slots.push_back({spec.atMs + (spec.overMs > 0 ? rng.uniformInt(0, spec.overMs - 1) : 0), order++,
                                     Slot::Kind::Surge, region, spec.status, &spec});
            break;
        case TimelineSpec::Kind::Churn:
            if (spec.ratePerS <= 0)
                break;
            for (const auto &region : regions) {
                double t = double(spec.atMs);
                const double end = double(spec.atMs + spec.overMs);
                while (true) {
                    t += rng.exponential(spec.ratePerS) * 1000.0;
                    if (t >= end)
                        break;
                    slots.push_back({qint64(t), order++, Slot::Kind::Churn, region, AgentStatus::Available, &spec});
                }
            }
            break;
        }
    }
    std::sort(slots.begin(), slots.end(),
              [](const Slot &a, const Slot &b) { return a.atMs != b.atMs ? a.atMs < b.atMs : a.order < b.order; });

    // Current platform state per agent, and per region the logged-in / logged-out pools.
    QHash<QString, AgentStatus> status;
    QHash<QString, qint64> lastTs;
    QHash<QString, QStringList> loggedIn, loggedOut;
    for (const auto &a : scenario.agents) {
        const bool in = scenario.initiallyLoggedIn(a.id);
        status.insert(a.id, in ? AgentStatus::Available : AgentStatus::LoggedOut);
        (in ? loggedIn : loggedOut)[a.region].push_back(a.id);
    }
    auto movePool = [&](const QString &region, const QString &id, bool nowIn) {
        auto &from = nowIn ? loggedOut[region] : loggedIn[region];
        auto &to = nowIn ? loggedIn[region] : loggedOut[region];
        from.removeOne(id);
        to.push_back(id);
    };

    QList<TimelineEvent> events;
    events.reserve(slots.size());
    auto emitChange = [&](qint64 at, const Agent &agent, AgentStatus st, std::optional<int> capacity) {
        const AgentStatus before = status.value(agent.id);
        if (isLoggedIn(before) != isLoggedIn(st))
            movePool(agent.region, agent.id, isLoggedIn(st));
        status.insert(agent.id, st);
        TimelineEvent ev;
        ev.kind = TimelineEvent::Kind::AgentChange;
        ev.atMs = at;
        ev.region = agent.region;
        ev.skillGroupId = agent.skillGroupId;
        ev.change.agentId = agent.id;
        ev.change.status = st;
        ev.change.capacity = capacity.value_or(isLoggedIn(st) ? scenario.initialCapacity(agent.id) : 0);
        qint64 ts = scenario.startTimeMs + at;
        ts = qMax(ts, lastTs.value(agent.id, 0) + 1);
        lastTs.insert(agent.id, ts);
        ev.change.sourceTimestampMs = ts;
        events.push_back(ev);
    };

    for (const auto &slot : std::as_const(slots)) {
        switch (slot.kind) {
        case Slot::Kind::Explicit: {
            const Agent *a = scenario.agent(slot.spec->agentId);
            if (a)
                emitChange(slot.atMs, *a, slot.spec->status, slot.spec->capacity);
            break;
        }
        case Slot::Kind::Trunk: {
            const TrunkSpec *t = scenario.trunk(slot.spec->trunkId);
            if (!t)
                break;
            TimelineEvent ev;
            ev.kind = TimelineEvent::Kind::TrunkRegistration;
            ev.atMs = slot.atMs;
            ev.region = t->region;
            ev.trunkId = t->id;
            ev.proxyIndex = slot.spec->proxyIndex;
            ev.registered = slot.spec->registered;
            ev.errorText = slot.spec->errorText;
            events.push_back(ev);
            break;
        }
        case Slot::Kind::Surge: {
            // A login surge takes agents that are logged out; a surge to LOGGED_OUT takes logged-in ones.
            const bool toLoggedIn = isLoggedIn(slot.status);
            QStringList &pool = toLoggedIn ? loggedOut[slot.region] : loggedIn[slot.region];
            if (pool.isEmpty())
                break;
            const QString id = pool[rng.uniformInt(0, pool.size() - 1)];
            emitChange(slot.atMs, *scenario.agent(id), slot.status, std::nullopt);
            break;
        }
        case Slot::Kind::Churn: {
            QStringList &in = loggedIn[slot.region];
            QStringList &out = loggedOut[slot.region];
            const double r = rng.uniform(0.0, 1.0);
            if ((r < 0.03 || in.isEmpty()) && !out.isEmpty()) {
                const QString id = out[rng.uniformInt(0, out.size() - 1)];
                emitChange(slot.atMs, *scenario.agent(id), AgentStatus::Available, std::nullopt);
            } else if (!in.isEmpty()) {
                const QString id = in[rng.uniformInt(0, in.size() - 1)];
                if (r < 0.06) {
                    emitChange(slot.atMs, *scenario.agent(id), AgentStatus::LoggedOut, std::nullopt);
                } else {
                    const AgentStatus cur = status.value(id);
                    AgentStatus next = cur;
                    while (next == cur)
                        next = kWorkingStatuses[rng.uniformInt(0, 3)];
                    emitChange(slot.atMs, *scenario.agent(id), next, std::nullopt);
                }
            }
            break;
        }
        }
    }
    return events;
}

} // namespace icp
