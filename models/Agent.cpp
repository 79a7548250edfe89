#include "Agent.h"

namespace icp {

const std::pair<const char *, AgentStatus> kAgentStatusNames[5] = {
    {"LOGGED_OUT", AgentStatus::LoggedOut},
    {"AVAILABLE", AgentStatus::Available},
    {"ON_CALL", AgentStatus::OnCall},
    {"AFTER_CALL_WORK", AgentStatus::AfterCallWork},
    {"BREAK", AgentStatus::Break},
};

QString agentStatusName(AgentStatus s)
{
    for (const auto &e : kAgentStatusNames)
        if (e.second == s)
            return QString::fromLatin1(e.first);
    return QStringLiteral("LOGGED_OUT");
}

std::optional<AgentStatus> agentStatusFromName(const QString &name)
{
    for (const auto &e : kAgentStatusNames)
        if (name == QLatin1String(e.first))
            return e.second;
    return std::nullopt;
}

bool isLoggedIn(AgentStatus s)
{
    return s != AgentStatus::LoggedOut;
}

Agent Agent::fromJson(JsonIn &in)
{
    Agent a;
    if (!in.expectObject())
        return a;
    a.id = in.string("id");
    a.name = in.optString("name");
    a.site = in.optString("site");
    a.region = in.string("region");
    a.trunkId = in.string("trunkId");
    a.skillGroupId = in.string("skillGroupId");
    return a;
}

Json Agent::toJson() const
{
    return Json{{"id", toStd(id)},           {"name", toStd(name)},         {"site", toStd(site)},
                {"region", toStd(region)},   {"trunkId", toStd(trunkId)}, {"skillGroupId", toStd(skillGroupId)}};
}

AgentAvailability AgentAvailability::fromJson(JsonIn &in)
{
    AgentAvailability a;
    if (!in.expectObject())
        return a;
    a.agentId = in.string("agentId");
    if (in.ok() && a.agentId.isEmpty())
        in.fail(QStringLiteral("must not be empty"), "agentId");
    a.status = in.enumeration("status", kAgentStatusNames);
    a.capacity = int(in.integer("capacity", 0, kMaxAgentCapacity));
    a.sourceTimestampMs = in.timestamp("sourceTimestamp");
    return a;
}

Json AgentAvailability::toJson() const
{
    return Json{{"agentId", toStd(agentId)},
                {"status", toStd(agentStatusName(status))},
                {"capacity", capacity},
                {"sourceTimestamp", toStd(formatTimestamp(sourceTimestampMs))}};
}

AgentPage AgentPage::fromJson(JsonIn &in)
{
    AgentPage p;
    if (!in.expectObject())
        return p;
    p.entities = in.array<Agent>("entities", Agent::fromJson);
    p.pageNumber = int(in.optInteger("pageNumber", 1, 1000000, 1));
    p.pageCount = int(in.optInteger("pageCount", 0, 1000000, 1));
    return p;
}

} // namespace icp
