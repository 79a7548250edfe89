#include "Trunk.h"

#include <algorithm>

namespace icp {

static const std::pair<const char *, TrunkState> kTrunkStates[] = {
    {"active", TrunkState::Active}, {"inactive", TrunkState::Inactive}, {"deleted", TrunkState::Deleted}};

static Json encodeErrorInfo(const std::optional<ErrorInfo> &e)
{
    return e ? e->toJson() : Json(nullptr);
}

ErrorInfo ErrorInfo::fromJson(JsonIn &in)
{
    ErrorInfo e;
    e.text = in.optString("text");
    e.code = in.optString("code");
    e.details = in.optString("details");
    return e;
}

Json ErrorInfo::toJson() const
{
    return Json{{"text", toStd(text)}, {"code", toStd(code)}, {"details", toStd(details)}};
}

RegisterStatus RegisterStatus::fromJson(JsonIn &in)
{
    RegisterStatus r;
    if (!in.expectObject())
        return r;
    r.proxyAddress = in.string("proxyAddress");
    r.registerState = in.boolean("registerState");
    r.registerStateTimeMs = in.optTimestamp("registerStateTime").value_or(0);
    r.errorInfo = in.optObject<ErrorInfo>("errorInfo", ErrorInfo::fromJson);
    return r;
}

Json RegisterStatus::toJson() const
{
    return Json{{"proxyAddress", toStd(proxyAddress)},
                {"registerState", registerState},
                {"registerStateTime", toStd(formatTimestamp(registerStateTimeMs))},
                {"errorInfo", encodeErrorInfo(errorInfo)}};
}

OptionStatus OptionStatus::fromJson(JsonIn &in)
{
    OptionStatus o;
    if (!in.expectObject())
        return o;
    o.proxyAddress = in.string("proxyAddress");
    o.optionState = in.boolean("optionState");
    o.optionStateTimeMs = in.optTimestamp("optionStateTime").value_or(0);
    o.errorInfo = in.optObject<ErrorInfo>("errorInfo", ErrorInfo::fromJson);
    return o;
}

Json OptionStatus::toJson() const
{
    return Json{{"proxyAddress", toStd(proxyAddress)},
                {"optionState", optionState},
                {"optionStateTime", toStd(formatTimestamp(optionStateTimeMs))},
                {"errorInfo", encodeErrorInfo(errorInfo)}};
}

bool Trunk::isRegistered() const
{
    return inService && connected && !registersStatus.isEmpty()
        && std::all_of(registersStatus.cbegin(), registersStatus.cend(),
                       [](const RegisterStatus &r) { return r.registerState; });
}

int Trunk::registeredProxyCount() const
{
    return int(std::count_if(registersStatus.cbegin(), registersStatus.cend(),
                             [](const RegisterStatus &r) { return r.registerState; }));
}

Trunk Trunk::fromJson(JsonIn &in)
{
    Trunk t;
    if (!in.expectObject())
        return t;
    t.id = in.string("id");
    t.name = in.string("name");
    t.state = in.enumeration("state", kTrunkStates);
    t.inService = in.boolean("inService");
    t.enabled = in.boolean("enabled");
    in.object<int>("connectedStatus", [&t](JsonIn &c) {
        t.connected = c.boolean("connected");
        t.connectedStateTimeMs = c.optTimestamp("connectedStateTime").value_or(0);
        return 0;
    });
    t.registersStatus = in.array<RegisterStatus>("registersStatus", RegisterStatus::fromJson);
    t.optionsStatus = in.array<OptionStatus>("optionsStatus", OptionStatus::fromJson, false);
    t.version = in.integer("version", 0, std::numeric_limits<qint64>::max());
    t.region = in.optString("region");
    t.skillGroupId = in.optString("skillGroupId");
    t.maxConcurrentCalls = int(in.optInteger("maxConcurrentCalls", 0, 100000, 0));
    return t;
}

Json Trunk::toJson() const
{
    Json regs = Json::array();
    for (const auto &r : registersStatus)
        regs.push_back(r.toJson());
    Json opts = Json::array();
    for (const auto &o : optionsStatus)
        opts.push_back(o.toJson());
    Json j{{"id", toStd(id)},
           {"name", toStd(name)},
           {"trunkType", "EXTERNAL"},
           {"state", kTrunkStates[int(state)].first},
           {"inService", inService},
           {"enabled", enabled},
           {"connectedStatus",
            Json{{"connected", connected}, {"connectedStateTime", toStd(formatTimestamp(connectedStateTimeMs))}}},
           {"registersStatus", std::move(regs)},
           {"optionsStatus", std::move(opts)},
           {"version", version}};
    if (!region.isEmpty())
        j["region"] = toStd(region);
    if (!skillGroupId.isEmpty())
        j["skillGroupId"] = toStd(skillGroupId);
    if (maxConcurrentCalls > 0)
        j["maxConcurrentCalls"] = maxConcurrentCalls;
    return j;
}

TrunkMetrics TrunkMetrics::fromJson(JsonIn &in)
{
    TrunkMetrics m;
    if (!in.expectObject())
        return m;
    m.eventTimeMs = in.optTimestamp("eventTime").value_or(0);
    m.trunkId = in.object<QString>("trunk", [](JsonIn &t) { return t.string("id"); });
    in.object<int>("calls", [&m](JsonIn &c) {
        m.inboundCallCount = int(c.integer("inboundCallCount", 0, 1000000));
        m.outboundCallCount = int(c.integer("outboundCallCount", 0, 1000000));
        return 0;
    });
    m.qosMismatchCount = int(in.optObject<int>("qos", [](JsonIn &q) {
                                  return int(q.optInteger("mismatchCount", 0, 1000000000, 0));
                              }).value_or(0));
    return m;
}

Json TrunkMetrics::toJson() const
{
    return Json{{"eventTime", toStd(formatTimestamp(eventTimeMs))},
                {"logicalInterface", Json::object()},
                {"trunk", Json{{"id", toStd(trunkId)}}},
                {"calls", Json{{"inboundCallCount", inboundCallCount}, {"outboundCallCount", outboundCallCount}}},
                {"qos", Json{{"mismatchCount", qosMismatchCount}}}};
}

TrunkPage TrunkPage::fromJson(JsonIn &in)
{
    TrunkPage p;
    if (!in.expectObject())
        return p;
    p.entities = in.array<Trunk>("entities", Trunk::fromJson);
    p.pageSize = int(in.optInteger("pageSize", 1, 10000, 25));
    p.pageNumber = int(in.optInteger("pageNumber", 1, 1000000, 1));
    p.total = int(in.optInteger("total", 0, 100000000, p.entities.size()));
    p.pageCount = int(in.optInteger("pageCount", 0, 1000000, 1));
    return p;
}

TrunkMetricsList TrunkMetricsList::fromJson(JsonIn &in)
{
    TrunkMetricsList l;
    if (in.expectObject())
        l.entities = in.array<TrunkMetrics>("entities", TrunkMetrics::fromJson);
    return l;
}

Json TrunkPage::toJson() const
{
    Json e = Json::array();
    for (const auto &t : entities)
        e.push_back(t.toJson());
    return Json{{"entities", std::move(e)},
                {"pageSize", pageSize},
                {"pageNumber", pageNumber},
                {"total", total},
                {"pageCount", pageCount}};
}

} // namespace icp
