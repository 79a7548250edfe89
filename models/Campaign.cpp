#include "Campaign.h"

namespace icp {

static const std::pair<const char *, DialingMode> kDialingModes[] = {
    {"agentless", DialingMode::Agentless}, {"preview", DialingMode::Preview},
    {"power", DialingMode::Power},         {"predictive", DialingMode::Predictive},
    {"progressive", DialingMode::Progressive}, {"external", DialingMode::External}};

static const std::pair<const char *, CampaignStatus> kCampaignStatuses[] = {
    {"on", CampaignStatus::On},           {"stopping", CampaignStatus::Stopping}, {"off", CampaignStatus::Off},
    {"complete", CampaignStatus::Complete}, {"invalid", CampaignStatus::Invalid}};

static constexpr int kMaxLines = 100000;

Campaign Campaign::fromJson(JsonIn &in)
{
    Campaign c;
    if (!in.expectObject())
        return c;
    c.id = in.string("id");
    c.name = in.string("name");
    c.region = in.optString("region");
    c.skillGroupIds = in.optStringList("skillGroupIds");
    c.dialingMode = in.enumeration("dialingMode", kDialingModes);
    c.outboundLineCount = int(in.optInteger("outboundLineCount", 0, kMaxLines, 0));
    c.maxCallsPerAgent = in.optNumber("maxCallsPerAgent", 0, 1000, 1.0);
    c.abandonRate = in.optNumber("abandonRate", 0, 100, 5.0);
    c.priority = int(in.optInteger("priority", 1, 5, 5));
    c.campaignStatus = in.enumeration("campaignStatus", kCampaignStatuses);
    c.version = in.integer("version", 0, std::numeric_limits<qint64>::max());
    return c;
}

Json Campaign::toJson() const
{
    Json groups = Json::array();
    for (const auto &g : skillGroupIds)
        groups.push_back(toStd(g));
    Json j{{"id", toStd(id)},
           {"name", toStd(name)},
           {"dialingMode", kDialingModes[int(dialingMode)].first},
           {"outboundLineCount", outboundLineCount},
           {"maxCallsPerAgent", maxCallsPerAgent},
           {"abandonRate", abandonRate},
           {"priority", priority},
           {"campaignStatus", kCampaignStatuses[int(campaignStatus)].first},
           {"version", version},
           {"skillGroupIds", std::move(groups)}};
    if (!region.isEmpty())
        j["region"] = toStd(region);
    return j;
}

CampaignPacingPatch CampaignPacingPatch::fromJson(JsonIn &in)
{
    CampaignPacingPatch p;
    if (!in.expectObject())
        return p;
    if (in.has("outboundLineCount"))
        p.outboundLineCount = int(in.integer("outboundLineCount", 0, kMaxLines));
    if (in.has("maxCallsPerAgent"))
        p.maxCallsPerAgent = in.number("maxCallsPerAgent", 0, 1000);
    if (in.has("abandonRate"))
        p.abandonRate = in.number("abandonRate", 0, 100);
    if (in.ok() && !p.outboundLineCount && !p.maxCallsPerAgent && !p.abandonRate)
        in.fail(QStringLiteral("no pacing field given (outboundLineCount, maxCallsPerAgent, abandonRate)"));
    return p;
}

Json CampaignPacingPatch::toJson() const
{
    Json j = Json::object();
    if (outboundLineCount)
        j["outboundLineCount"] = *outboundLineCount;
    if (maxCallsPerAgent)
        j["maxCallsPerAgent"] = *maxCallsPerAgent;
    if (abandonRate)
        j["abandonRate"] = *abandonRate;
    return j;
}

CampaignPage CampaignPage::fromJson(JsonIn &in)
{
    CampaignPage p;
    if (!in.expectObject())
        return p;
    p.entities = in.array<Campaign>("entities", Campaign::fromJson);
    p.pageSize = int(in.optInteger("pageSize", 1, 10000, 25));
    p.pageNumber = int(in.optInteger("pageNumber", 1, 1000000, 1));
    p.total = int(in.optInteger("total", 0, 100000000, p.entities.size()));
    p.pageCount = int(in.optInteger("pageCount", 0, 1000000, 1));
    return p;
}

CampaignStats CampaignStats::fromJson(JsonIn &in)
{
    CampaignStats s;
    if (!in.expectObject())
        return s;
    s.idleAgents = int(in.optInteger("idleAgents", 0, 10000000, 0));
    s.effectiveIdleAgents = in.optNumber("effectiveIdleAgents", 0, 1e7, 0);
    s.adjustedCallsPerAgent = in.optNumber("adjustedCallsPerAgent", 0, 1e4, 0);
    s.outstandingCalls = int(in.optInteger("outstandingCalls", 0, 10000000, 0));
    in.optObject<int>("linesUtilization", [&s](JsonIn &l) {
        s.assignedOutboundLines = int(l.optInteger("assignedOutboundLines", 0, kMaxLines, 0));
        s.totalAvailableOutboundLines = int(l.optInteger("totalAvailableOutboundLines", 0, kMaxLines, 0));
        return 0;
    });
    return s;
}

Json CampaignStats::toJson() const
{
    return Json{{"idleAgents", idleAgents},
                {"effectiveIdleAgents", effectiveIdleAgents},
                {"adjustedCallsPerAgent", adjustedCallsPerAgent},
                {"outstandingCalls", outstandingCalls},
                {"linesUtilization",
                 Json{{"assignedOutboundLines", assignedOutboundLines},
                      {"totalAvailableOutboundLines", totalAvailableOutboundLines}}}};
}

} // namespace icp
