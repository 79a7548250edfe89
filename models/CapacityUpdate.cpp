#include "CapacityUpdate.h"

namespace icp {

static const std::pair<const char *, UpdateOutcome> kOutcomes[] = {
    {"applied", UpdateOutcome::Applied}, {"stale", UpdateOutcome::Stale}, {"rejected", UpdateOutcome::Rejected}};

QString updateOutcomeName(UpdateOutcome o)
{
    return QString::fromLatin1(kOutcomes[int(o)].first);
}

BulkCapacityRequest BulkCapacityRequest::fromJson(JsonIn &in)
{
    BulkCapacityRequest r;
    if (!in.expectObject())
        return r;
    r.expectedVersion = in.integer("expectedVersion", 0, std::numeric_limits<qint64>::max());
    r.updates = in.array<CapacityUpdate>("updates", CapacityUpdate::fromJson);
    if (in.ok() && r.updates.isEmpty())
        in.fail(QStringLiteral("must hold at least one update"), "updates");
    return r;
}

Json BulkCapacityRequest::toJson() const
{
    Json u = Json::array();
    for (const auto &x : updates)
        u.push_back(x.toJson());
    return Json{{"expectedVersion", expectedVersion}, {"updates", std::move(u)}};
}

CapacityUpdateResult CapacityUpdateResult::fromJson(JsonIn &in)
{
    CapacityUpdateResult r;
    if (!in.expectObject())
        return r;
    r.agentId = in.string("agentId");
    r.outcome = in.enumeration("outcome", kOutcomes);
    r.reason = in.optString("reason");
    return r;
}

Json CapacityUpdateResult::toJson() const
{
    Json j{{"agentId", toStd(agentId)}, {"outcome", kOutcomes[int(outcome)].first}};
    if (!reason.isEmpty())
        j["reason"] = toStd(reason);
    return j;
}

BulkCapacityResponse BulkCapacityResponse::fromJson(JsonIn &in)
{
    BulkCapacityResponse r;
    if (!in.expectObject())
        return r;
    r.version = in.integer("version", 0, std::numeric_limits<qint64>::max());
    r.results = in.array<CapacityUpdateResult>("results", CapacityUpdateResult::fromJson);
    return r;
}

Json BulkCapacityResponse::toJson() const
{
    Json res = Json::array();
    for (const auto &x : results)
        res.push_back(x.toJson());
    return Json{{"version", version}, {"results", std::move(res)}};
}

} // namespace icp
