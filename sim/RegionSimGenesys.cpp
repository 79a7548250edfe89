// The Genesys-shaped half of RegionSim: BYOC trunks, trunk metrics and outbound campaigns.
#include "RegionSim.h"

namespace icp::sim {

TrunkMetrics RegionSim::metricsFor(const QString &trunkId) const
{
    int onCall = 0;
    for (const auto &a : m_core.scenario().agents) {
        if (a.trunkId != trunkId)
            continue;
        auto it = m_platformAgents.constFind(a.id);
        if (it != m_platformAgents.cend() && it->status == AgentStatus::OnCall)
            ++onCall;
    }
    TrunkMetrics m;
    m.trunkId = trunkId;
    m.eventTimeMs = m_core.clock().nowMs();
    // Outbound campaigns dominate these trunks; a quarter of the calls are inbound call-backs.
    m.inboundCallCount = onCall / 4;
    m.outboundCallCount = onCall - m.inboundCallCount;
    return m;
}

Json RegionSim::trunkEvent(const Trunk &t) const
{
    Json j = t.toJson();
    const TrunkMetrics m = metricsFor(t.id);
    j["calls"] = Json{{"inboundCallCount", m.inboundCallCount}, {"outboundCallCount", m.outboundCallCount}};
    return j;
}

void RegionSim::applyTrunkRegistration(const TimelineEvent &event)
{
    for (auto &t : m_trunks) {
        if (t.id != event.trunkId || event.proxyIndex >= t.registersStatus.size())
            continue;
        const qint64 now = m_core.clock().nowMs();
        RegisterStatus &r = t.registersStatus[event.proxyIndex];
        r.registerState = event.registered;
        r.registerStateTimeMs = now;
        r.errorInfo = event.registered ? std::nullopt
                                       : std::optional<ErrorInfo>(ErrorInfo{
                                             event.errorText.isEmpty() ? QStringLiteral("registration failed") : event.errorText,
                                             QStringLiteral("sip.registration.failed"), {}});
        OptionStatus &o = t.optionsStatus[event.proxyIndex];
        o.optionState = event.registered;
        o.optionStateTimeMs = now;
        ++t.version;
        ++m_counters.platformChanges;
        publish(QStringLiteral("trunks"), trunkEvent(t));
        for (const auto &gid : std::as_const(m_groupOrder))
            if (m_groups[gid].spec.trunkIds.contains(t.id))
                m_reconciler->trigger(gid);
    }
}

HttpResponse RegionSim::listTrunks(const QUrlQuery &query)
{
    const QString type = query.queryItemValue(QStringLiteral("trunkType"));
    if (!type.isEmpty() && type != QLatin1String("EXTERNAL")) {
        TrunkPage empty;
        return json(200, empty.toJson());
    }
    bool okN = true, okS = true;
    const int pageNumber = query.hasQueryItem(QStringLiteral("pageNumber"))
        ? query.queryItemValue(QStringLiteral("pageNumber")).toInt(&okN) : 1;
    const int pageSize = query.hasQueryItem(QStringLiteral("pageSize"))
        ? query.queryItemValue(QStringLiteral("pageSize")).toInt(&okS) : 25;
    if (!okN || !okS || pageNumber < 1 || pageSize < 1 || pageSize > 500)
        return genesysError(400, QStringLiteral("bad.request"), QStringLiteral("pageNumber >= 1 and pageSize 1..500"));
    TrunkPage page;
    page.pageNumber = pageNumber;
    page.pageSize = pageSize;
    page.total = int(m_trunks.size());
    page.pageCount = (page.total + pageSize - 1) / pageSize;
    for (qsizetype i = qsizetype(pageNumber - 1) * pageSize; i < m_trunks.size() && page.entities.size() < pageSize; ++i)
        page.entities.push_back(m_trunks[i]);
    return json(200, page.toJson());
}

HttpResponse RegionSim::trunkMetrics(const QUrlQuery &query)
{
    const QStringList ids = query.queryItemValue(QStringLiteral("trunkIds")).split(QLatin1Char(','), Qt::SkipEmptyParts);
    if (ids.isEmpty())
        return genesysError(400, QStringLiteral("bad.request"), QStringLiteral("trunkIds is required"));
    if (ids.size() > 100)
        return genesysError(400, QStringLiteral("bad.request"), QStringLiteral("at most 100 trunkIds"));
    Json list = Json::array();
    for (const auto &id : ids) {
        const bool known = std::any_of(m_trunks.cbegin(), m_trunks.cend(), [&](const Trunk &t) { return t.id == id; });
        if (!known)
            return genesysError(404, QStringLiteral("not.found"), QStringLiteral("trunk %1 not found").arg(id));
        list.push_back(metricsFor(id).toJson());
    }
    return json(200, Json{{"entities", std::move(list)}});
}

int RegionSim::campaignIndex(const QString &id) const
{
    for (int i = 0; i < m_campaigns.size(); ++i)
        if (m_campaigns[i].id == id)
            return i;
    return -1;
}

HttpResponse RegionSim::listCampaigns()
{
    Json list = Json::array();
    for (const auto &c : m_campaigns)
        list.push_back(c.toJson());
    const int n = int(m_campaigns.size());
    return json(200, Json{{"entities", std::move(list)}, {"pageSize", qMax(25, n)}, {"pageNumber", 1},
                          {"total", n}, {"pageCount", 1}});
}

const Campaign *RegionSim::campaignById(const QString &id) const
{
    const int idx = campaignIndex(id);
    return idx < 0 ? nullptr : &m_campaigns[idx];
}

void RegionSim::foreignCampaignEdit(const QString &campaignId, double abandonRate)
{
    const int idx = campaignIndex(campaignId);
    if (idx < 0)
        return;
    Campaign &c = m_campaigns[idx];
    c.abandonRate = abandonRate;
    ++c.version;
    ++m_counters.foreignBumps;
    publish(QStringLiteral("campaigns"), c.toJson());
}

HttpResponse RegionSim::campaign(const HttpRequest &request, const QString &id)
{
    const int idx = campaignIndex(id);
    if (idx < 0)
        return genesysError(404, QStringLiteral("not.found"), QStringLiteral("campaign %1 not found").arg(id));
    if (request.method == "GET")
        return json(200, m_campaigns[idx].toJson());
    ++m_counters.campaignWrites;
    HttpResponse r = writeCampaign(request, m_campaigns[idx]);
    m_campaignWrites[id].push_back(CampaignWrite{m_core.clock().nowMs(), request.method, r.status});
    if (r.status == 409)
        ++m_counters.campaignConflicts409;
    return r;
}

HttpResponse RegionSim::writeCampaign(const HttpRequest &request, Campaign &c)
{
    const QString id = c.id;
    if (!headerValue(request.headers, "Content-Type").toLower().startsWith("application/json"))
        return genesysError(415, QStringLiteral("unsupported.media.type"), QStringLiteral("Content-Type must be application/json"));
    DecodeError err;
    if (request.method == "PATCH") {
        auto parsed = parseJson(request.body, err);
        if (parsed && parsed->is_object()) {
            for (auto it = parsed->begin(); it != parsed->end(); ++it) {
                static const char *allowed[] = {"outboundLineCount", "maxCallsPerAgent", "abandonRate",
                                                "dynamicLineBalancingSettings", "queue"};
                if (std::none_of(std::begin(allowed), std::end(allowed), [&](const char *a) { return it.key() == a; }))
                    return genesysError(400, QStringLiteral("bad.request"),
                                        QStringLiteral("field %1 cannot be patched").arg(toQString(it.key())));
            }
        }
        auto patch = parsed ? decodeValue<CampaignPacingPatch>(*parsed, err) : std::nullopt;
        if (!patch)
            return genesysError(400, QStringLiteral("bad.request"), err.message());
        if (patch->outboundLineCount)
            c.outboundLineCount = *patch->outboundLineCount;
        if (patch->maxCallsPerAgent)
            c.maxCallsPerAgent = *patch->maxCallsPerAgent;
        if (patch->abandonRate)
            c.abandonRate = *patch->abandonRate;
        ++c.version;
        publish(QStringLiteral("campaigns"), c.toJson());
        return json(200, c.toJson());
    }
    auto body = decodeDocument<Campaign>(request.body, err);
    if (!body)
        return genesysError(400, QStringLiteral("bad.request"), err.message());
    if (body->version != c.version)
        return genesysError(409, QStringLiteral("conflict"),
                            QStringLiteral("The version number of the modified resource must match the version number in the database."));
    const QString region = c.region;
    const QStringList groups = c.skillGroupIds;
    c = *body;
    c.id = id;
    c.region = region;
    c.skillGroupIds = groups;
    c.version = body->version + 1;
    publish(QStringLiteral("campaigns"), c.toJson());
    return json(200, c.toJson());
}

HttpResponse RegionSim::campaignStats(const QString &id)
{
    const int idx = campaignIndex(id);
    if (idx < 0)
        return genesysError(404, QStringLiteral("not.found"), QStringLiteral("campaign %1 not found").arg(id));
    const Campaign &c = m_campaigns[idx];
    CampaignStats s;
    for (const auto &a : m_core.scenario().agents) {
        if (!c.skillGroupIds.contains(a.skillGroupId))
            continue;
        const AgentAvailability av = m_platformAgents.value(a.id);
        if (av.status == AgentStatus::Available)
            ++s.idleAgents;
        if (av.status == AgentStatus::OnCall)
            ++s.outstandingCalls;
    }
    s.effectiveIdleAgents = s.idleAgents;
    s.adjustedCallsPerAgent = c.maxCallsPerAgent;
    s.assignedOutboundLines = qMin(c.outboundLineCount, s.outstandingCalls);
    s.totalAvailableOutboundLines = c.outboundLineCount;
    return json(200, s.toJson());
}

} // namespace icp::sim
