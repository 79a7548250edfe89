#include "SimCore.h"

#include "RegionSim.h"

namespace icp::sim {

SimCore::SimCore(Scenario scenario, quint64 seed, Clock &clock, SimOptions options, QObject *parent)
    : QObject(parent)
    , m_scenario(std::move(scenario))
    , m_seed(seed)
    , m_clock(clock)
    , m_options(options)
{
    qRegisterMetaType<icp::sim::SimEvent>();
    m_t0 = clock.nowMs();
    quint64 regionSeed = seed * 0x2545F4914F6CDD1DULL + 1;
    for (const auto &r : m_scenario.regions)
        m_regions.push_back(std::make_unique<RegionSim>(*this, r, regionSeed++));
}

SimCore::~SimCore() = default;

void SimCore::start()
{
    m_t0 = m_clock.nowMs();
    if (m_options.runTimeline) {
        const QList<TimelineEvent> events = expandTimeline(m_scenario, m_seed);
        // One timer per distinct instant keeps the clock's queue small for big scenarios.
        auto shared = std::make_shared<QList<TimelineEvent>>(events);
        qsizetype i = 0;
        while (i < shared->size()) {
            qsizetype j = i;
            const qint64 at = (*shared)[i].atMs;
            while (j < shared->size() && (*shared)[j].atMs == at)
                ++j;
            m_clock.callAt(m_t0 + at, this, [this, shared, i, j]() {
                for (qsizetype k = i; k < j; ++k) {
                    const TimelineEvent &ev = (*shared)[k];
                    RegionSim *r = region(ev.region);
                    if (!r)
                        continue;
                    if (ev.kind == TimelineEvent::Kind::AgentChange)
                        r->applyPlatformChange(ev);
                    else
                        r->applyTrunkRegistration(ev);
                }
            });
            i = j;
        }
    }
    // Foreign writers: Poisson arrivals on their own generator.
    auto rng = std::make_shared<Random>(m_seed ^ 0xf0e1d2c3b4a59687ULL);
    for (const auto &f : m_scenario.foreignWriters) {
        if (f.writesPerMinute <= 0)
            continue;
        QStringList groups = f.skillGroupIds;
        if (groups.isEmpty())
            for (const auto &g : m_scenario.skillGroups)
                if (g.region == f.region)
                    groups << g.id;
        if (groups.isEmpty())
            continue;
        auto step = std::make_shared<std::function<void(qint64)>>();
        *step = [this, f, groups, rng, step](qint64 atOffset) {
            const qint64 next = atOffset + qint64(rng->exponential(f.writesPerMinute / 60000.0));
            if (next > f.untilMs || next > m_scenario.durationMs)
                return;
            m_clock.callAt(m_t0 + next, this, [this, f, groups, rng, step, next]() {
                if (RegionSim *r = region(f.region))
                    r->foreignWrite(groups[rng->uniformInt(0, groups.size() - 1)], f.modifiedBy);
                (*step)(next);
            });
        };
        (*step)(f.fromMs);
    }
}

QStringList SimCore::regionIds() const
{
    return m_scenario.regionIds();
}

RegionSim *SimCore::region(const QString &id) const
{
    for (const auto &r : m_regions)
        if (r->spec().id == id)
            return r.get();
    return nullptr;
}

void SimCore::handle(const QString &regionId, const HttpRequest &request, ResponseCallback done)
{
    RegionSim *r = region(regionId);
    if (!r) {
        HttpResponse resp;
        resp.error = TransportError::ConnectionRefused;
        resp.errorText = QStringLiteral("no simulated region \"%1\"").arg(regionId);
        m_clock.callAfter(0, this, [done, resp]() { done(resp); });
        return;
    }
    r->handle(request, std::move(done));
}

QList<SimEvent> SimCore::eventsSince(const QString &regionId, qint64 lastEventId) const
{
    RegionSim *r = region(regionId);
    return r ? r->eventsSince(lastEventId) : QList<SimEvent>{};
}

qint64 SimCore::downUntilMs(const QString &regionId) const
{
    RegionSim *r = region(regionId);
    return r ? r->downUntilMs() : 0;
}

const SimCounters *SimCore::counters(const QString &regionId) const
{
    RegionSim *r = region(regionId);
    return r ? &r->counters() : nullptr;
}

const GroupState *SimCore::group(const QString &regionId, const QString &groupId) const
{
    RegionSim *r = region(regionId);
    return r ? r->group(groupId) : nullptr;
}

QStringList SimCore::groupIds(const QString &regionId) const
{
    RegionSim *r = region(regionId);
    return r ? r->groupIds() : QStringList{};
}

QHash<QString, int> SimCore::effectsByIdempotencyKey(const QString &regionId) const
{
    RegionSim *r = region(regionId);
    return r ? r->effectsByKey() : QHash<QString, int>{};
}

int SimCore::reconcilerBacklog(const QString &regionId) const
{
    RegionSim *r = region(regionId);
    return r ? r->reconcilerBacklog() : 0;
}

QByteArray SimCore::stateJson() const
{
    Json regions = Json::object();
    for (const auto &r : m_regions)
        regions[toStd(r->spec().id)] = r->stateJson();
    return dumpJson(Json{{"scenario", toStd(m_scenario.name)}, {"seed", m_seed},
                         {"now", toStd(formatTimestamp(m_clock.nowMs()))}, {"regions", std::move(regions)}});
}

const Campaign *SimCore::campaign(const QString &regionId, const QString &campaignId) const
{
    RegionSim *r = region(regionId);
    return r ? r->campaignById(campaignId) : nullptr;
}

QList<CampaignWrite> SimCore::campaignWrites(const QString &regionId, const QString &campaignId) const
{
    RegionSim *r = region(regionId);
    return r ? r->campaignWrites(campaignId) : QList<CampaignWrite>{};
}

void SimCore::foreignCampaignEdit(const QString &regionId, const QString &campaignId, double abandonRate)
{
    if (RegionSim *r = region(regionId))
        r->foreignCampaignEdit(campaignId, abandonRate);
}

void SimCore::applyPlatformChange(const TimelineEvent &event)
{
    RegionSim *r = region(event.region);
    if (!r)
        return;
    if (event.kind == TimelineEvent::Kind::AgentChange)
        r->applyPlatformChange(event);
    else
        r->applyTrunkRegistration(event);
}

} // namespace icp::sim
