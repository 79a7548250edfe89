#include "CampaignPacingController.h"

#include "CampaignWriter.h"
#include "RegionLane.h"
#include "SkillGroupWriter.h"

namespace icp {

CampaignPacingController::CampaignPacingController(WriterHost &host, QStringList regions, CapacitySource capacity,
                                                   QObject *parent)
    : QObject(parent)
    , m_host(host)
    , m_regions(std::move(regions))
    , m_capacity(std::move(capacity))
{
}

CampaignPacingController::~CampaignPacingController()
{
    if (m_evaluateTimer)
        m_host.clock().cancel(m_evaluateTimer);
    if (m_raiseTimer)
        m_host.clock().cancel(m_raiseTimer);
    for (auto &e : m_entries)
        delete e.writer;
}

void CampaignPacingController::start()
{
    for (const auto &r : std::as_const(m_regions))
        listRegion(r, 0);
}

void CampaignPacingController::listRegion(const QString &region, int attempt)
{
    RegionLane &lane = m_host.lane(region);
    lane.acquire(this, [this, region, attempt, &lane]() {
        ++m_host.regionCounters(region).requests;
        lane.client()->listCampaigns(1, [this, region, attempt, &lane](ApiResult<CampaignPage> r) {
            lane.release(r.ok() ? ErrorCategory::None : r.error.category);
            if (!r.ok()) {
                const bool auth = r.error.category == ErrorCategory::Unauthorized || r.error.category == ErrorCategory::Forbidden;
                m_host.regionError(region, QStringLiteral("%1: cannot list outbound campaigns: %2%3").arg(region, r.error.summary(),
                                   auth ? QStringLiteral("; campaign pacing needs the outbound:campaign:view and :edit scopes") : QString()), false);
                if (!auth)
                    m_host.clock().callAfter(m_host.backoffDelayMs(attempt + 1, r.error.retryAfterS), this,
                                             [this, region, attempt]() { listRegion(region, attempt + 1); });
                return;
            }
            for (const auto &c : std::as_const(r.value->entities))
                addCampaign(region, c);
            evaluateNow();
        });
    });
}

void CampaignPacingController::addCampaign(const QString &region, Campaign campaign)
{
    if (m_entries.contains(campaign.id)) {
        m_entries[campaign.id].writer->noteServer(campaign);
        return;
    }
    const EngineConfig &cfg = m_host.config();
    campaign.region = region;
    if (cfg.campaignSkillGroups.contains(campaign.id))
        campaign.skillGroupIds = cfg.campaignSkillGroups.value(campaign.id);
    Entry e;
    e.id = campaign.id;
    e.region = region;
    e.name = campaign.name;
    e.skillGroupIds = campaign.skillGroupIds;
    e.pacer = std::make_shared<CampaignPacer>(cfg.campaignPacingById.value(campaign.id, cfg.campaignPacing), cfg.campaignWindowMs);
    e.writer = new CampaignWriter(campaign, m_host);
    m_order << e.id;
    m_entries.insert(e.id, e);
    m_host.changed();
}

void CampaignPacingController::attachEventSource(EventSource *source)
{
    connect(source, &EventSource::campaignChanged, this, [this](const QString &region, const Campaign &c) {
        auto it = m_entries.find(c.id);
        if (it != m_entries.end() && it->region == region)
            it->writer->noteServer(c);
    });
}

void CampaignPacingController::capacityChanged()
{
    if (m_evaluateTimer || m_entries.isEmpty())
        return;
    m_evaluateTimer = m_host.clock().callAfter(m_host.config().campaignEvaluateMs, this, [this]() {
        m_evaluateTimer = 0;
        evaluateNow();
    });
}

void CampaignPacingController::evaluateNow()
{
    if (m_evaluateTimer) {
        m_host.clock().cancel(m_evaluateTimer);
        m_evaluateTimer = 0;
    }
    const qint64 now = m_host.clock().nowMs();
    qint64 nextRaise = 0;
    for (const auto &id : std::as_const(m_order)) {
        Entry &e = m_entries[id];
        evaluate(e, now);
        const qint64 due = e.pacer->raiseDueAtMs();
        if (due && (!nextRaise || due < nextRaise))
            nextRaise = due;
    }
    // A pending increase is taken when its window has passed, even if nothing else changes by then.
    if (nextRaise && (!m_raiseTimer || nextRaise < m_raiseTimerAtMs)) {
        if (m_raiseTimer)
            m_host.clock().cancel(m_raiseTimer);
        m_raiseTimerAtMs = nextRaise;
        m_raiseTimer = m_host.clock().callAt(nextRaise, this, [this]() {
            m_raiseTimer = 0;
            m_raiseTimerAtMs = 0;
            evaluateNow();
        });
    }
    m_host.changed();
}

void CampaignPacingController::evaluate(Entry &e, qint64 nowMs)
{
    const CampaignCapacity capacity = m_capacity(e.region, e.skillGroupIds);
    if (!capacity.known)
        return;
    const CampaignPacer::Step step = e.pacer->evaluate(capacity, nowMs);
    if (e.autoPacing && step.changed)
        e.writer->want(step.recommended, step.urgent);
}

bool CampaignPacingController::setAutoPacing(const QString &campaignId, bool on)
{
    auto it = m_entries.find(campaignId);
    if (it == m_entries.end())
        return false;
    it->autoPacing = on;
    if (!on)
        it->writer->dropWanted();
    else if (const auto rec = it->pacer->recommended())
        it->writer->want(*rec, false);
    m_host.changed();
    return true;
}

bool CampaignPacingController::applyNow(const QString &campaignId, QString *why)
{
    auto it = m_entries.find(campaignId);
    if (it == m_entries.end()) {
        if (why)
            *why = QStringLiteral("no campaign %1 is known").arg(campaignId);
        return false;
    }
    const auto rec = it->pacer->recommended();
    if (!rec) {
        if (why)
            *why = QStringLiteral("campaign %1 has no recommendation yet").arg(it->name);
        return false;
    }
    it->writer->want(*rec, true);
    return true;
}

void CampaignPacingController::kick(const QString &region)
{
    for (auto &e : m_entries)
        if (region.isEmpty() || e.region == region)
            e.writer->kick();
}

void CampaignPacingController::fill(EngineSnapshot &snapshot) const
{
    for (const auto &id : m_order) {
        const Entry &e = m_entries[id];
        CampaignRow row;
        row.id = e.id;
        row.name = e.name;
        row.region = e.region;
        row.skillGroupIds = e.skillGroupIds;
        const CampaignCapacity &cap = e.pacer->lastCapacity();
        row.effectiveCapacity = cap.effectiveCapacity;
        row.registeredTrunks = cap.registeredTrunks;
        row.agents = cap.agents;
        if (const auto rec = e.pacer->recommended()) {
            row.hasRecommendation = true;
            row.recommended = *rec;
        }
        row.raiseDueAtMs = e.pacer->raiseDueAtMs();
        row.autoPacing = e.autoPacing;
        e.writer->fill(row);
        snapshot.campaigns << row;
    }
}

} // namespace icp
