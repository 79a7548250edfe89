// Round trips and strict decoding of every wire value type, and ApiError built from HTTP answers.

#include "Agent.h"
#include "ApiError.h"
#include "Campaign.h"
#include "CapacityUpdate.h"
#include "JsonCodec.h"
#include "Region.h"
#include "SkillGroup.h"
#include "Trunk.h"

#include <QTest>

#include <functional>

using namespace icp;
using namespace Qt::StringLiterals;

namespace {

// A round trip check returns an empty string on success, otherwise what went wrong.
using RoundTrip = std::function<QString()>;
using Decoder = std::function<DecodeError(const QByteArray &, bool *decoded)>;

constexpr qint64 kStart = 1795856400000; // 2026-11-28T09:00:00.000Z

template <typename T, typename Encode, typename Equal>
RoundTrip roundTrip(T value, Encode encode, Equal equal)
{
    return [value, encode, equal]() -> QString {
        const QByteArray text = dumpJson(encode(value));
        DecodeError error;
        const std::optional<T> back = decodeDocument<T>(text, error);
        if (!back)
            return u"decode failed: "_s + error.message() + u" in "_s + QString::fromUtf8(text);
        const QByteArray again = dumpJson(encode(*back));
        if (!equal(*back, value))
            return u"decoded value differs; sent "_s + QString::fromUtf8(text) + u", got back "_s
                + QString::fromUtf8(again);
        if (again != text)
            return u"encoding is not stable: "_s + QString::fromUtf8(text) + u" vs "_s
                + QString::fromUtf8(again);
        return {};
    };
}

template <typename T> RoundTrip roundTrip(T value)
{
    return roundTrip(
        std::move(value), [](const T &v) { return v.toJson(); }, std::equal_to<T>());
}

template <typename T> DecodeError decodeFailure(const QByteArray &text, bool *decoded)
{
    DecodeError error;
    *decoded = decodeDocument<T>(text, error).has_value();
    return error;
}

const QHash<QString, Decoder> &decoders()
{
    static const QHash<QString, Decoder> table {
        { u"Agent"_s, &decodeFailure<Agent> },
        { u"AgentAvailability"_s, &decodeFailure<AgentAvailability> },
        { u"Region"_s, &decodeFailure<Region> },
        { u"Trunk"_s, &decodeFailure<Trunk> },
        { u"TrunkMetrics"_s, &decodeFailure<TrunkMetrics> },
        { u"TrunkPage"_s, &decodeFailure<TrunkPage> },
        { u"SkillGroup"_s, &decodeFailure<SkillGroup> },
        { u"SkillGroupList"_s, &decodeFailure<SkillGroupList> },
        { u"BulkCapacityRequest"_s, &decodeFailure<BulkCapacityRequest> },
        { u"BulkCapacityResponse"_s, &decodeFailure<BulkCapacityResponse> },
        { u"CapacityUpdateResult"_s, &decodeFailure<CapacityUpdateResult> },
        { u"Campaign"_s, &decodeFailure<Campaign> },
        { u"CampaignPacingPatch"_s, &decodeFailure<CampaignPacingPatch> },
        { u"CampaignStats"_s, &decodeFailure<CampaignStats> },
        { u"ApiError"_s, &decodeFailure<ApiError> },
    };
    return table;
}

// ---- valid samples ----

Agent sampleAgent()
{
    return Agent { u"apse1-g1-a0001"_s, u"Zo\u00eb Ng \u5f20\u4f1f"_s, u"Singapore"_s, u"ap-southeast-1"_s,
        u"apse1-byoc-01"_s, u"apse1-sg-1"_s };
}

AgentAvailability availability(const QString &agent, AgentStatus status, int capacity, qint64 ts)
{
    AgentAvailability a;
    a.agentId = agent;
    a.status = status;
    a.capacity = capacity;
    a.sourceTimestampMs = ts;
    return a;
}

Region sampleRegion()
{
    Region r;
    r.id = u"ap-southeast-1"_s;
    r.displayName = u"Asia Pacific (Singapore)"_s;
    r.icpBaseUrl = QUrl(u"https://icp.apse1.example.com/"_s);
    r.apiBaseUrl = QUrl(u"https://api.apse1.example.com"_s);
    r.loginBaseUrl = QUrl(u"http://127.0.0.1:8443/login"_s);
    return r;
}

Trunk sampleTrunk()
{
    Trunk t;
    t.id = u"apse1-byoc-03"_s;
    t.name = u"BYOC APSE1 carrier 03"_s;
    t.state = TrunkState::Active;
    t.inService = true;
    t.enabled = true;
    t.connected = true;
    t.connectedStateTimeMs = kStart + 123;
    for (int i = 0; i < 3; ++i) {
        RegisterStatus r;
        r.proxyAddress = u"sip3%1.apse1.carrier.example:5061"_s.arg(QChar(u'a' + i));
        r.registerState = i != 1;
        r.registerStateTimeMs = kStart + 1000 * i;
        if (i == 1)
            r.errorInfo = ErrorInfo { u"408 Request Timeout"_s, u"sip.timeout"_s, u"no answer from proxy"_s };
        t.registersStatus << r;
    }
    OptionStatus o;
    o.proxyAddress = u"sip3a.apse1.carrier.example:5061"_s;
    o.optionState = false;
    o.optionStateTimeMs = kStart + 45000;
    o.errorInfo = ErrorInfo { u"OPTIONS unanswered"_s, {}, {} };
    t.optionsStatus << o;
    o.proxyAddress = u"sip3b.apse1.carrier.example:5061"_s;
    o.optionState = true;
    o.errorInfo.reset();
    t.optionsStatus << o;
    t.version = 17;
    t.region = u"ap-southeast-1"_s;
    t.skillGroupId = u"apse1-sg-2"_s;
    t.maxConcurrentCalls = 60;
    return t;
}

Trunk minimalTrunk()
{
    Trunk t;
    t.id = u"use1-byoc-07"_s;
    t.name = u"BYOC USE1 carrier 07"_s;
    t.state = TrunkState::Inactive;
    t.version = 0;
    return t;
}

TrunkMetrics sampleMetrics()
{
    return TrunkMetrics { u"apse1-byoc-01"_s, kStart + 999, 12, 48, 3 };
}

SkillGroup sampleGroup(bool withMembers)
{
    SkillGroup g;
    g.id = u"apse1-sg-2"_s;
    g.name = u"APSE1 outbound pool 2"_s;
    g.region = u"ap-southeast-1"_s;
    g.trunkIds = { u"apse1-byoc-03"_s, u"apse1-byoc-04"_s };
    g.version = 42;
    g.modifiedBy = u"icp-console-apse1"_s;
    g.modifiedAtMs = kStart + 20500;
    g.memberCount = 75;
    if (withMembers) {
        g.hasMembers = true;
        g.members << availability(u"apse1-g2-a0001"_s, AgentStatus::Available, 2, kStart + 1)
                  << availability(u"apse1-g2-a0002"_s, AgentStatus::LoggedOut, 0, kStart + 2);
    }
    return g;
}

BulkCapacityRequest sampleRequest()
{
    BulkCapacityRequest r;
    r.expectedVersion = 41;
    r.updates << availability(u"a1"_s, AgentStatus::Available, 2, kStart + 10)
              << availability(u"a2"_s, AgentStatus::OnCall, 2, kStart + 11)
              << availability(u"a3"_s, AgentStatus::LoggedOut, 0, kStart + 12);
    return r;
}

BulkCapacityResponse sampleResponse()
{
    BulkCapacityResponse r;
    r.version = 42;
    r.results << CapacityUpdateResult { u"a1"_s, UpdateOutcome::Applied, {} }
              << CapacityUpdateResult { u"a2"_s, UpdateOutcome::Stale, u"older than the stored change"_s }
              << CapacityUpdateResult { u"a3"_s, UpdateOutcome::Rejected, u"agent not in skill group"_s };
    return r;
}

Campaign sampleCampaign()
{
    Campaign c;
    c.id = u"apse1-camp-1"_s;
    c.name = u"APSE1 renewals 1"_s;
    c.region = u"ap-southeast-1"_s;
    c.skillGroupIds = { u"apse1-sg-1"_s, u"apse1-sg-2"_s };
    c.dialingMode = DialingMode::Predictive;
    c.outboundLineCount = 40;
    c.maxCallsPerAgent = 1.5;
    c.abandonRate = 3.0;
    c.priority = 3;
    c.campaignStatus = CampaignStatus::On;
    c.version = 7;
    return c;
}

ApiError sampleIcpConflict()
{
    ApiError e;
    e.errorCode = u"VERSION_CONFLICT"_s;
    e.message = u"Cannot update skill group apse1-sg-2: expected version 41, current 42"_s;
    e.httpStatus = 409;
    e.contextId = u"ctx-7f3a"_s;
    e.currentVersion = 42;
    e.modifiedBy = u"admin"_s;
    e.modifiedAtMs = kStart + 20500;
    return e;
}

ApiError sampleGenesysError()
{
    ApiError e;
    e.code = u"bad.request"_s;
    e.message = u"The request could not be understood by the server due to malformed syntax."_s;
    e.httpStatus = 400;
    e.missingScope = u"admin:icp:write"_s;
    e.details = QStringList { u"updates[0].capacity: 33 is out of range 0..32"_s,
        u"expectedVersion is required"_s };
    return e;
}

bool sameTrunkPage(const TrunkPage &a, const TrunkPage &b)
{
    return a.entities == b.entities && a.pageSize == b.pageSize && a.pageNumber == b.pageNumber
        && a.total == b.total && a.pageCount == b.pageCount;
}

bool sameApiErrorBody(const ApiError &a, const ApiError &b)
{
    return a.errorCode == b.errorCode && a.code == b.code && a.message == b.message
        && a.httpStatus == b.httpStatus && a.contextId == b.contextId && a.currentVersion == b.currentVersion
        && a.modifiedBy == b.modifiedBy && a.modifiedAtMs == b.modifiedAtMs
        && a.missingScope == b.missingScope && a.details == b.details;
}

// A valid document with one value replaced (or removed, when value is discarded) at a JSON pointer.
QByteArray patched(Json doc, const char *pointer, const Json &value)
{
    const Json::json_pointer ptr(pointer);
    if (value.is_discarded())
        doc[ptr.parent_pointer()].erase(ptr.back());
    else
        doc[ptr] = value;
    return dumpJson(doc);
}

QByteArray removed(const Json &doc, const char *pointer)
{
    return patched(doc, pointer, Json(Json::value_t::discarded));
}

Json validAvailability()
{
    return availability(u"a1"_s, AgentStatus::Available, 2, kStart).toJson();
}

HttpResponse response(int status, const QByteArray &body, HttpHeaders headers = {})
{
    HttpResponse r;
    r.status = status;
    r.body = body;
    r.headers = std::move(headers);
    return r;
}

} // namespace

Q_DECLARE_METATYPE(RoundTrip)

class TestCodecs : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roundTrip_data();
    void roundTrip();
    void formatTimestamp_data();
    void formatTimestamp();
    void parseTimestamp_data();
    void parseTimestamp();
    void rejectsBadInput_data();
    void rejectsBadInput();
    void acceptsLenientInput_data();
    void acceptsLenientInput();
    void regionDefaults();
    void apiErrorFromIcpConflict();
    void apiErrorFromGenesysRateLimit();
    void apiErrorKeepsUnknownBody_data();
    void apiErrorKeepsUnknownBody();
    void apiErrorCategoryForStatus_data();
    void apiErrorCategoryForStatus();
    void apiErrorCategoryForTransport_data();
    void apiErrorCategoryForTransport();
    void retryAfterHeader_data();
    void retryAfterHeader();
};

void TestCodecs::roundTrip_data()
{
    QTest::addColumn<RoundTrip>("check");

    QTest::newRow("Agent") << ::roundTrip(sampleAgent());
    QTest::newRow("Agent without optional fields")
        << ::roundTrip(Agent { u"x"_s, {}, {}, u"us-east-1"_s, u"use1-byoc-01"_s, u"use1-sg-1"_s });
    for (const auto &[name, status] : kAgentStatusNames) {
        const int capacity = status == AgentStatus::LoggedOut ? 0 : kMaxAgentCapacity;
        QTest::addRow("AgentAvailability %s", name)
            << ::roundTrip(availability(u"apse1-g1-a0007"_s, status, capacity, kStart + 37));
    }
    QTest::newRow("AgentAvailability at the epoch")
        << ::roundTrip(availability(u"a"_s, AgentStatus::Break, 1, 0));
    QTest::newRow("Region") << ::roundTrip(sampleRegion());
    QTest::newRow("Trunk with register/option statuses and errorInfo") << ::roundTrip(sampleTrunk());
    QTest::newRow("Trunk minimal") << ::roundTrip(minimalTrunk());
    Trunk deleted = minimalTrunk();
    deleted.state = TrunkState::Deleted;
    deleted.version = std::numeric_limits<qint64>::max();
    QTest::newRow("Trunk deleted, huge version") << ::roundTrip(deleted);
    QTest::newRow("TrunkMetrics") << ::roundTrip(sampleMetrics());

    TrunkPage page;
    page.entities << sampleTrunk() << minimalTrunk();
    page.pageSize = 2;
    page.pageNumber = 3;
    page.total = 6;
    page.pageCount = 3;
    QTest::newRow("TrunkPage") << ::roundTrip(
        page, [](const TrunkPage &p) { return p.toJson(); }, sameTrunkPage);
    TrunkPage empty;
    empty.pageCount = 0;
    QTest::newRow("TrunkPage empty") << ::roundTrip(
        empty, [](const TrunkPage &p) { return p.toJson(); }, sameTrunkPage);

    QTest::newRow("SkillGroup without members") << ::roundTrip(
        sampleGroup(false), [](const SkillGroup &g) { return g.toJson(false); }, std::equal_to<SkillGroup>());
    QTest::newRow("SkillGroup with members") << ::roundTrip(
        sampleGroup(true), [](const SkillGroup &g) { return g.toJson(true); }, std::equal_to<SkillGroup>());
    SkillGroup noMembers = sampleGroup(false);
    noMembers.hasMembers = true; // present on the wire, but empty
    QTest::newRow("SkillGroup with an empty member list") << ::roundTrip(
        noMembers, [](const SkillGroup &g) { return g.toJson(true); }, std::equal_to<SkillGroup>());

    SkillGroupList list;
    list.entities << sampleGroup(false);
    list.entities << sampleGroup(false);
    list.entities.back().id = u"apse1-sg-3"_s;
    QTest::newRow("SkillGroupList") << ::roundTrip(
        list, [](const SkillGroupList &l) { return l.toJson(); },
        [](const SkillGroupList &a, const SkillGroupList &b) { return a.entities == b.entities; });

    QTest::newRow("BulkCapacityRequest") << ::roundTrip(sampleRequest());
    QTest::newRow("BulkCapacityResponse") << ::roundTrip(sampleResponse());
    QTest::newRow("BulkCapacityResponse without results") << ::roundTrip(BulkCapacityResponse { 3, {} });
    QTest::newRow("CapacityUpdateResult")
        << ::roundTrip(CapacityUpdateResult { u"a9"_s, UpdateOutcome::Stale, u"older"_s });

    QTest::newRow("Campaign") << ::roundTrip(sampleCampaign());
    Campaign bare = sampleCampaign();
    bare.region.clear();
    bare.skillGroupIds.clear();
    bare.dialingMode = DialingMode::Progressive;
    bare.campaignStatus = CampaignStatus::Stopping;
    bare.maxCallsPerAgent = 0.1;
    bare.abandonRate = 0;
    QTest::newRow("Campaign without console fields") << ::roundTrip(bare);

    CampaignPacingPatch all;
    all.outboundLineCount = 55;
    all.maxCallsPerAgent = 2.25;
    all.abandonRate = 4.5;
    QTest::newRow("CampaignPacingPatch all fields") << ::roundTrip(all);
    CampaignPacingPatch lines;
    lines.outboundLineCount = 0;
    QTest::newRow("CampaignPacingPatch lines only") << ::roundTrip(lines);
    CampaignPacingPatch rate;
    rate.abandonRate = 100;
    QTest::newRow("CampaignPacingPatch abandon rate only") << ::roundTrip(rate);

    QTest::newRow("CampaignStats") << ::roundTrip(CampaignStats { 12, 10.5, 1.25, 7, 30, 40 });

    const auto apiErrorJson = [](const ApiError &e) { return e.toJson(); };
    QTest::newRow("ApiError ICP conflict")
        << ::roundTrip(sampleIcpConflict(), apiErrorJson, sameApiErrorBody);
    QTest::newRow("ApiError Genesys body")
        << ::roundTrip(sampleGenesysError(), apiErrorJson, sameApiErrorBody);
}

void TestCodecs::roundTrip()
{
    QFETCH(RoundTrip, check);
    const QString problem = check();
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

void TestCodecs::formatTimestamp_data()
{
    QTest::addColumn<qint64>("epochMs");
    QTest::addColumn<QString>("text");

    QTest::newRow("epoch") << qint64(0) << u"1970-01-01T00:00:00.000Z"_s;
    QTest::newRow("scenario start") << kStart << u"2026-11-28T09:00:00.000Z"_s;
    QTest::newRow("milliseconds") << kStart + 20123 << u"2026-11-28T09:00:20.123Z"_s;
    QTest::newRow("single millisecond") << kStart + 1 << u"2026-11-28T09:00:00.001Z"_s;
    QTest::newRow("leap day") << qint64(1709164800999) << u"2024-02-29T00:00:00.999Z"_s;
}

void TestCodecs::formatTimestamp()
{
    QFETCH(qint64, epochMs);
    QFETCH(QString, text);
    QCOMPARE(icp::formatTimestamp(epochMs), text);
    QCOMPARE(icp::parseTimestamp(text), std::optional<qint64>(epochMs));
}

void TestCodecs::parseTimestamp_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<qint64>("epochMs");

    QTest::newRow("Z with ms") << u"2026-11-28T09:00:00.250Z"_s << true << kStart + 250;
    QTest::newRow("Z without fraction") << u"2026-11-28T09:00:00Z"_s << true << kStart;
    QTest::newRow("one fraction digit") << u"2026-11-28T09:00:00.5Z"_s << true << kStart + 500;
    QTest::newRow("positive offset") << u"2026-11-28T17:00:00.250+08:00"_s << true << kStart + 250;
    QTest::newRow("negative offset") << u"2026-11-28T04:00:00-05:00"_s << true << kStart;
    QTest::newRow("half-hour offset") << u"2026-11-28T14:30:00.000+05:30"_s << true << kStart;
    QTest::newRow("offset crossing midnight") << u"2026-11-27T23:00:00.000-10:00"_s << true << kStart;
    QTest::newRow("zero offset") << u"2026-11-28T09:00:00.000+00:00"_s << true << kStart;

    QTest::newRow("no zone") << u"2026-11-28T09:00:00.000"_s << false << qint64(0);
    QTest::newRow("space instead of T") << u"2026-11-28 09:00:00Z"_s << false << qint64(0);
    QTest::newRow("no seconds") << u"2026-11-28T09:00Z"_s << false << qint64(0);
    QTest::newRow("month 13") << u"2026-13-01T00:00:00Z"_s << false << qint64(0);
    QTest::newRow("February 30") << u"2026-02-30T00:00:00Z"_s << false << qint64(0);
    QTest::newRow("hour 25") << u"2026-11-28T25:00:00Z"_s << false << qint64(0);
    QTest::newRow("date only") << u"2026-11-28"_s << false << qint64(0);
    QTest::newRow("epoch number as text") << u"1795856400000"_s << false << qint64(0);
    QTest::newRow("words") << u"yesterday"_s << false << qint64(0);
    QTest::newRow("empty") << QString() << false << qint64(0);
    QTest::newRow("trailing garbage") << u"2026-11-28T09:00:00Zjunk"_s << false << qint64(0);
    QTest::newRow("lowercase z") << u"2026-11-28T09:00:00z"_s << false << qint64(0);
}

void TestCodecs::parseTimestamp()
{
    QFETCH(QString, text);
    QFETCH(bool, valid);
    QFETCH(qint64, epochMs);
    const std::optional<qint64> parsed = icp::parseTimestamp(text);
    QCOMPARE(parsed.has_value(), valid);
    if (valid)
        QCOMPARE(*parsed, epochMs);
}

void TestCodecs::rejectsBadInput_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("reason");

    const Json agent = sampleAgent().toJson();
    const Json avail = validAvailability();
    const Json region = sampleRegion().toJson();
    const Json trunk = sampleTrunk().toJson();
    const Json group = sampleGroup(true).toJson(true);
    const Json request = sampleRequest().toJson();
    const Json campaign = sampleCampaign().toJson();

    // Malformed text and wrong roots.
    QTest::newRow("truncated JSON") << u"Agent"_s << QByteArray(R"({"id": "a1", "region": )") << QString()
                                    << u"malformed JSON at byte"_s;
    QTest::newRow("empty document") << u"Trunk"_s << QByteArray() << QString() << u"malformed JSON"_s;
    QTest::newRow("single quotes") << u"Agent"_s << QByteArray("{'id': 'a1'}") << QString()
                                   << u"malformed JSON at byte 2"_s;
    QTest::newRow("trailing garbage")
        << u"Region"_s << QByteArray(R"({"id": "r"} x)") << QString() << u"malformed JSON at byte"_s;
    QTest::newRow("root is an array")
        << u"Agent"_s << QByteArray("[1, 2]") << QString() << u"expected object, got array"_s;
    QTest::newRow("root is null") << u"BulkCapacityRequest"_s << QByteArray("null") << QString()
                                  << u"expected object, got null"_s;
    QTest::newRow("root is a string")
        << u"ApiError"_s << QByteArray(R"("Bad Gateway")") << QString() << u"expected object, got string"_s;

    // Agent and AgentAvailability.
    QTest::newRow("agent id missing")
        << u"Agent"_s << removed(agent, "/id") << u"id"_s << u"required field is missing"_s;
    QTest::newRow("agent id is a number")
        << u"Agent"_s << patched(agent, "/id", 17) << u"id"_s << u"expected string, got integer"_s;
    QTest::newRow("agent name is an object") << u"Agent"_s << patched(agent, "/name", Json::object())
                                             << u"name"_s << u"expected string, got object"_s;
    QTest::newRow("capacity 33") << u"AgentAvailability"_s << patched(avail, "/capacity", 33) << u"capacity"_s
                                 << u"33 is out of range 0..32"_s;
    QTest::newRow("negative capacity") << u"AgentAvailability"_s << patched(avail, "/capacity", -1)
                                       << u"capacity"_s << u"-1 is out of range 0..32"_s;
    QTest::newRow("fractional capacity") << u"AgentAvailability"_s << patched(avail, "/capacity", 2.5)
                                         << u"capacity"_s << u"expected integer, got 2.5"_s;
    QTest::newRow("capacity as string") << u"AgentAvailability"_s << patched(avail, "/capacity", "2")
                                        << u"capacity"_s << u"expected integer, got string"_s;
    QTest::newRow("capacity beyond int64")
        << u"AgentAvailability"_s
        << QByteArray(R"({"agentId":"a1","status":"AVAILABLE",)"
                      R"("capacity":18446744073709551615,)"
                      R"("sourceTimestamp":"2026-11-28T09:00:00Z"})")
        << u"capacity"_s << u"expected integer, got 18446744073709551615"_s;
    QTest::newRow("capacity beyond uint64")
        << u"AgentAvailability"_s
        << QByteArray(R"({"agentId":"a1","status":"AVAILABLE",)"
                      R"("capacity":123456789012345678901234567890,)"
                      R"("sourceTimestamp":"2026-11-28T09:00:00Z"})")
        << u"capacity"_s << u"expected integer, got 1.2345678901234568e+29"_s;
    QTest::newRow("capacity int64 max")
        << u"AgentAvailability"_s << patched(avail, "/capacity", std::numeric_limits<qint64>::max())
        << u"capacity"_s << u"9223372036854775807 is out of range 0..32"_s;
    QTest::newRow("unknown status") << u"AgentAvailability"_s << patched(avail, "/status", "ASLEEP")
                                    << u"status"_s
                                    << u"unknown value \"ASLEEP\" (expected one of LOGGED_OUT, AVAILABLE"_s;
    QTest::newRow("status in lower case") << u"AgentAvailability"_s << patched(avail, "/status", "available")
                                          << u"status"_s << u"unknown value \"available\""_s;
    QTest::newRow("status is a number") << u"AgentAvailability"_s << patched(avail, "/status", 1)
                                        << u"status"_s << u"expected string, got integer"_s;
    QTest::newRow("empty agentId") << u"AgentAvailability"_s << patched(avail, "/agentId", "") << u"agentId"_s
                                   << u"must not be empty"_s;
    QTest::newRow("timestamp without zone")
        << u"AgentAvailability"_s << patched(avail, "/sourceTimestamp", "2026-11-28T09:00:00.000")
        << u"sourceTimestamp"_s << u"malformed timestamp \"2026-11-28T09:00:00.000\""_s;
    QTest::newRow("timestamp as epoch number")
        << u"AgentAvailability"_s << patched(avail, "/sourceTimestamp", kStart) << u"sourceTimestamp"_s
        << u"expected timestamp string, got integer"_s;
    QTest::newRow("timestamp missing") << u"AgentAvailability"_s << removed(avail, "/sourceTimestamp")
                                       << u"sourceTimestamp"_s << u"required field is missing"_s;

    // Region.
    QTest::newRow("region URL not a URL")
        << u"Region"_s << patched(region, "/icpBaseUrl", "not a url") << u"icpBaseUrl"_s
        << u"not an absolute http(s) URL: \"not a url\""_s;
    QTest::newRow("region URL ftp") << u"Region"_s
                                    << patched(region, "/icpBaseUrl", "ftp://files.example.com/")
                                    << u"icpBaseUrl"_s << u"not an absolute http(s) URL"_s;
    QTest::newRow("region URL relative") << u"Region"_s << patched(region, "/apiBaseUrl", "/api/v2")
                                         << u"apiBaseUrl"_s << u"not an absolute http(s) URL"_s;
    QTest::newRow("region URL without host") << u"Region"_s << patched(region, "/loginBaseUrl", "https://")
                                             << u"loginBaseUrl"_s << u"not an absolute http(s) URL"_s;
    QTest::newRow("region icpBaseUrl missing")
        << u"Region"_s << removed(region, "/icpBaseUrl") << u"icpBaseUrl"_s << u"required field is missing"_s;
    QTest::newRow("region id empty") << u"Region"_s << patched(region, "/id", "") << u"id"_s
                                     << u"must not be empty"_s;

    // Trunk, TrunkMetrics, TrunkPage.
    QTest::newRow("register state is a string")
        << u"Trunk"_s << patched(trunk, "/registersStatus/2/registerState", "true")
        << u"registersStatus[2].registerState"_s << u"expected boolean, got string"_s;
    QTest::newRow("register entry is a number")
        << u"Trunk"_s << patched(trunk, "/registersStatus/1", 5) << u"registersStatus[1]"_s
        << u"expected object, got integer"_s;
    QTest::newRow("register errorInfo is a string")
        << u"Trunk"_s << patched(trunk, "/registersStatus/0/errorInfo", "timeout")
        << u"registersStatus[0].errorInfo"_s << u"expected object, got string"_s;
    QTest::newRow("registersStatus is an object")
        << u"Trunk"_s << patched(trunk, "/registersStatus", Json::object()) << u"registersStatus"_s
        << u"expected array, got object"_s;
    QTest::newRow("option time malformed")
        << u"Trunk"_s << patched(trunk, "/optionsStatus/1/optionStateTime", "tomorrow")
        << u"optionsStatus[1].optionStateTime"_s << u"malformed timestamp \"tomorrow\""_s;
    QTest::newRow("unknown trunk state")
        << u"Trunk"_s << patched(trunk, "/state", "paused") << u"state"_s
        << u"unknown value \"paused\" (expected one of active, inactive, deleted)"_s;
    QTest::newRow("connectedStatus missing") << u"Trunk"_s << removed(trunk, "/connectedStatus")
                                             << u"connectedStatus"_s << u"required field is missing"_s;
    QTest::newRow("connected missing") << u"Trunk"_s << removed(trunk, "/connectedStatus/connected")
                                       << u"connectedStatus.connected"_s << u"required field is missing"_s;
    QTest::newRow("negative trunk version") << u"Trunk"_s << patched(trunk, "/version", -1) << u"version"_s
                                            << u"-1 is out of range 0..9223372036854775807"_s;
    QTest::newRow("maxConcurrentCalls too large")
        << u"Trunk"_s << patched(trunk, "/maxConcurrentCalls", 100001) << u"maxConcurrentCalls"_s
        << u"100001 is out of range 0..100000"_s;
    QTest::newRow("metrics negative call count")
        << u"TrunkMetrics"_s << patched(sampleMetrics().toJson(), "/calls/inboundCallCount", -3)
        << u"calls.inboundCallCount"_s << u"-3 is out of range 0..1000000"_s;
    QTest::newRow("metrics trunk id missing")
        << u"TrunkMetrics"_s << removed(sampleMetrics().toJson(), "/trunk/id") << u"trunk.id"_s
        << u"required field is missing"_s;
    TrunkPage page;
    page.entities << minimalTrunk() << sampleTrunk();
    QTest::newRow("page entity nested wrong type")
        << u"TrunkPage"_s << patched(page.toJson(), "/entities/1/connectedStatus/connected", 1)
        << u"entities[1].connectedStatus.connected"_s << u"expected boolean, got integer"_s;
    QTest::newRow("page size 0") << u"TrunkPage"_s << patched(page.toJson(), "/pageSize", 0) << u"pageSize"_s
                                 << u"0 is out of range 1..10000"_s;

    // SkillGroup, SkillGroupList.
    QTest::newRow("trunkIds element not a string") << u"SkillGroup"_s << patched(group, "/trunkIds/1", 4)
                                                   << u"trunkIds[1]"_s << u"expected string, got integer"_s;
    QTest::newRow("member capacity 40") << u"SkillGroup"_s << patched(group, "/members/0/capacity", 40)
                                        << u"members[0].capacity"_s << u"40 is out of range 0..32"_s;
    QTest::newRow("group version as string") << u"SkillGroup"_s << patched(group, "/version", "42")
                                             << u"version"_s << u"expected integer, got string"_s;
    QTest::newRow("group modifiedAt malformed")
        << u"SkillGroup"_s << patched(group, "/modifiedAt", "2026-11-28T09:00:00+0800") << u"modifiedAt"_s
        << u"malformed timestamp"_s;
    SkillGroupList list;
    list.entities << sampleGroup(true);
    list.entities.front().hasMembers = true;
    Json listJson = list.toJson();
    listJson["entities"][0]["members"] = group["members"];
    QTest::newRow("list member status unknown")
        << u"SkillGroupList"_s << patched(listJson, "/entities/0/members/1/status", "GONE")
        << u"entities[0].members[1].status"_s << u"unknown value \"GONE\""_s;

    // Bulk capacity write and its answer.
    QTest::newRow("empty updates") << u"BulkCapacityRequest"_s << patched(request, "/updates", Json::array())
                                   << u"updates"_s << u"must hold at least one update"_s;
    QTest::newRow("updates is null") << u"BulkCapacityRequest"_s << patched(request, "/updates", nullptr)
                                     << u"updates"_s << u"expected array, got null"_s;
    QTest::newRow("expectedVersion missing")
        << u"BulkCapacityRequest"_s << removed(request, "/expectedVersion") << u"expectedVersion"_s
        << u"required field is missing"_s;
    QTest::newRow("negative expectedVersion")
        << u"BulkCapacityRequest"_s << patched(request, "/expectedVersion", -5) << u"expectedVersion"_s
        << u"-5 is out of range"_s;
    QTest::newRow("expectedVersion fractional")
        << u"BulkCapacityRequest"_s << patched(request, "/expectedVersion", 41.5) << u"expectedVersion"_s
        << u"expected integer, got 41.5"_s;
    QTest::newRow("update element is a string")
        << u"BulkCapacityRequest"_s << patched(request, "/updates/2", "a3") << u"updates[2]"_s
        << u"expected object, got string"_s;
    QTest::newRow("update timestamp malformed")
        << u"BulkCapacityRequest"_s << patched(request, "/updates/1/sourceTimestamp", "2026-11-28")
        << u"updates[1].sourceTimestamp"_s << u"malformed timestamp"_s;
    QTest::newRow("unknown outcome")
        << u"BulkCapacityResponse"_s << patched(sampleResponse().toJson(), "/results/1/outcome", "maybe")
        << u"results[1].outcome"_s << u"unknown value \"maybe\" (expected one of applied, stale, rejected)"_s;
    QTest::newRow("response version missing")
        << u"BulkCapacityResponse"_s << removed(sampleResponse().toJson(), "/version") << u"version"_s
        << u"required field is missing"_s;
    QTest::newRow("result agentId missing")
        << u"CapacityUpdateResult"_s << QByteArray(R"({"outcome":"applied"})") << u"agentId"_s
        << u"required field is missing"_s;

    // Campaigns.
    QTest::newRow("unknown dialing mode") << u"Campaign"_s << patched(campaign, "/dialingMode", "manual")
                                          << u"dialingMode"_s << u"unknown value \"manual\""_s;
    QTest::newRow("priority 9") << u"Campaign"_s << patched(campaign, "/priority", 9) << u"priority"_s
                                << u"9 is out of range 1..5"_s;
    QTest::newRow("abandon rate 150") << u"Campaign"_s << patched(campaign, "/abandonRate", 150.0)
                                      << u"abandonRate"_s << u"150 is out of range 0..100"_s;
    QTest::newRow("skill group id null") << u"Campaign"_s << patched(campaign, "/skillGroupIds/0", nullptr)
                                         << u"skillGroupIds[0]"_s << u"expected string, got null"_s;
    QTest::newRow("campaign status missing") << u"Campaign"_s << removed(campaign, "/campaignStatus")
                                             << u"campaignStatus"_s << u"required field is missing"_s;
    QTest::newRow("empty pacing patch")
        << u"CampaignPacingPatch"_s << QByteArray("{}") << QString() << u"no pacing field given"_s;
    QTest::newRow("pacing lines fractional")
        << u"CampaignPacingPatch"_s << QByteArray(R"({"outboundLineCount":1.5})") << u"outboundLineCount"_s
        << u"expected integer, got 1.5"_s;
    QTest::newRow("pacing calls per agent string")
        << u"CampaignPacingPatch"_s << QByteArray(R"({"maxCallsPerAgent":"fast"})") << u"maxCallsPerAgent"_s
        << u"expected number, got string"_s;
    QTest::newRow("stats lines negative")
        << u"CampaignStats"_s << QByteArray(R"({"linesUtilization":{"assignedOutboundLines":-1}})")
        << u"linesUtilization.assignedOutboundLines"_s << u"-1 is out of range 0..100000"_s;
    QTest::newRow("stats lines is an array") << u"CampaignStats"_s << QByteArray(R"({"linesUtilization":[]})")
                                             << u"linesUtilization"_s << u"expected object, got array"_s;

    // Error bodies.
    QTest::newRow("error body without any message")
        << u"ApiError"_s << QByteArray(R"({"status":409})") << QString()
        << u"neither errorCode, code nor message present"_s;
    QTest::newRow("error currentVersion as string")
        << u"ApiError"_s << QByteArray(R"({"errorCode":"X","currentVersion":"17"})") << u"currentVersion"_s
        << u"expected integer, got string"_s;
    QTest::newRow("error detail is a string")
        << u"ApiError"_s << QByteArray(R"({"message":"bad","details":["oops"]})") << u"details[0]"_s
        << u"expected object, got string"_s;
    QTest::newRow("error status 1000") << u"ApiError"_s << QByteArray(R"({"message":"bad","status":1000})")
                                       << u"status"_s << u"1000 is out of range 0..999"_s;
}

void TestCodecs::rejectsBadInput()
{
    QFETCH(QString, type);
    QFETCH(QByteArray, json);
    QFETCH(QString, path);
    QFETCH(QString, reason);

    const auto decoder = decoders().value(type);
    QVERIFY2(decoder, qPrintable(u"no decoder for "_s + type));
    bool decoded = true;
    const DecodeError error = decoder(json, &decoded);
    QVERIFY2(!decoded, json.constData());
    QVERIFY(error.isError());
    QCOMPARE(error.path, path);
    QVERIFY2(error.reason.contains(reason), qPrintable(u"reason was: "_s + error.reason));
    QCOMPARE(error.message(), path.isEmpty() ? error.reason : path + u": "_s + error.reason);
}

void TestCodecs::acceptsLenientInput_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<QByteArray>("json");

    Json agent = sampleAgent().toJson();
    agent["selfUri"] = "/api/v2/users/x";
    agent["extra"] = Json { { "nested", Json::array({ 1, 2, 3 }) } };
    QTest::newRow("unknown fields on an agent are ignored") << u"Agent"_s << dumpJson(agent);

    Json trunk = sampleTrunk().toJson();
    trunk["edge"] = Json { { "id", "e1" } };
    trunk["registersStatus"][0]["somethingNew"] = true;
    trunk["connectedStatus"]["reason"] = nullptr;
    QTest::newRow("unknown nested fields on a trunk are ignored") << u"Trunk"_s << dumpJson(trunk);

    QTest::newRow("integral float for an integer")
        << u"AgentAvailability"_s << patched(validAvailability(), "/capacity", 2.0);
    QTest::newRow("null optional fields fall back")
        << u"Agent"_s
        << QByteArray(R"({"id":"a","name":null,"site":null,)"
                      R"("region":"r","trunkId":"t","skillGroupId":"g"})");
    QTest::newRow("region with only the ICP URL")
        << u"Region"_s << QByteArray(R"({"id":"r","icpBaseUrl":"http://127.0.0.1:9000"})");

    // The codec does not cap the batch size: the server answers 413 for more than kMaxBulkUpdates.
    BulkCapacityRequest big;
    big.expectedVersion = 1;
    for (int i = 0; i <= kMaxBulkUpdates; ++i)
        big.updates << availability(u"a%1"_s.arg(i), AgentStatus::Available, 1, kStart + i);
    QTest::newRow("101 updates decode") << u"BulkCapacityRequest"_s << dumpJson(big.toJson());

    QTest::newRow("Genesys error body with extra arrays")
        << u"ApiError"_s
        << QByteArray(R"({"message":"Rate limited","code":"too.many.requests",)"
                      R"("status":429,"details":[],"errors":[]})");
    QTest::newRow("trunk page without paging fields") << u"TrunkPage"_s << QByteArray(R"({"entities":[]})");
}

void TestCodecs::acceptsLenientInput()
{
    QFETCH(QString, type);
    QFETCH(QByteArray, json);
    bool decoded = false;
    const DecodeError error = decoders().value(type)(json, &decoded);
    QVERIFY2(decoded, qPrintable(error.message()));
    QVERIFY(!error.isError());
}

void TestCodecs::regionDefaults()
{
    DecodeError error;
    const auto region
        = decodeDocument<Region>(R"({"id":"us-east-1","icpBaseUrl":"http://127.0.0.1:9000/"})", error);
    QVERIFY2(region, qPrintable(error.message()));
    QCOMPARE(region->displayName, u"us-east-1"_s);
    QCOMPARE(region->apiBaseUrl, QUrl(u"http://127.0.0.1:9000/"_s));
    QCOMPARE(region->loginBaseUrl, region->apiBaseUrl);

    const auto withApi = decodeDocument<Region>(
        R"({"id":"r","icpBaseUrl":"http://a.example","apiBaseUrl":"https://b.example/v2"})", error);
    QVERIFY2(withApi, qPrintable(error.message()));
    QCOMPARE(withApi->loginBaseUrl, QUrl(u"https://b.example/v2"_s));
}

void TestCodecs::apiErrorFromIcpConflict()
{
    const QByteArray body = dumpJson(sampleIcpConflict().toJson());
    const ApiError e = ApiError::fromResponse(response(
        409, body, { { "Content-Type", "application/json" }, { "inin-correlation-id", "corr-42" } }));

    QCOMPARE(e.category, ErrorCategory::Conflict);
    QVERIFY(e.isError());
    QVERIFY(isRetryable(e.category));
    QCOMPARE(e.httpStatus, 409);
    QCOMPARE(e.errorCode, u"VERSION_CONFLICT"_s);
    QCOMPARE(e.currentVersion, std::optional<qint64>(42));
    QCOMPARE(e.modifiedBy, u"admin"_s);
    QCOMPARE(e.modifiedAtMs, kStart + 20500);
    QCOMPARE(e.contextId, u"ctx-7f3a"_s);
    QCOMPARE(e.correlationId, u"corr-42"_s); // the header wins over the body's contextId
    QCOMPARE(e.rawBody, body);
    QCOMPARE(e.headers.size(), 2);
    QVERIFY(!e.retryAfterS);
    QVERIFY2(e.summary().startsWith(u"409 VERSION_CONFLICT: Cannot update"_s), qPrintable(e.summary()));
    QVERIFY2(e.summary().contains(u"(current version 42, modified by admin)"_s), qPrintable(e.summary()));

    // Without the header the body's contextId is the correlation id.
    const ApiError noHeader = ApiError::fromResponse(response(409, body));
    QCOMPARE(noHeader.correlationId, u"ctx-7f3a"_s);
}

void TestCodecs::apiErrorFromGenesysRateLimit()
{
    const QByteArray body
        = R"({"message":"Rate limit exceeded the maximum. Retry the request in [12] seconds",)"
          R"("code":"too.many.requests","status":429,"messageParams":{},)"
          R"("contextId":"5b7c-ctx","details":[],"errors":[]})";
    const ApiError e = ApiError::fromResponse(response(429, body, { { "Retry-After", "12" } }));

    QCOMPARE(e.category, ErrorCategory::RateLimited);
    QCOMPARE(errorCategoryName(e.category), u"rate_limited"_s);
    QVERIFY(isRetryable(e.category));
    QCOMPARE(e.httpStatus, 429);
    QCOMPARE(e.code, u"too.many.requests"_s);
    QVERIFY(e.errorCode.isEmpty());
    QVERIFY(e.message.startsWith(u"Rate limit exceeded"_s));
    QCOMPARE(e.retryAfterS, std::optional<int>(12));
    QCOMPARE(e.correlationId, u"5b7c-ctx"_s);
    QVERIFY(!e.currentVersion);
    QVERIFY2(e.summary().endsWith(u"(retry after 12 s)"_s), qPrintable(e.summary()));
}

void TestCodecs::apiErrorKeepsUnknownBody_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("message");

    QTest::newRow("HTML from a proxy")
        << 502 << QByteArray("<html><body>Bad Gateway</body></html>") << u"non-JSON error body (37 bytes)"_s;
    QTest::newRow("truncated JSON") << 500 << QByteArray(R"({"message":"boo)")
                                    << u"non-JSON error body (15 bytes)"_s;
    QTest::newRow("binary garbage") << 400 << QByteArray("\x00\xff\xfe{", 4)
                                    << u"non-JSON error body (4 bytes)"_s;
    QTest::newRow("JSON array") << 400 << QByteArray("[1,2]")
                                << u"unrecognised error body (expected object, got array)"_s;
    QTest::newRow("JSON object of the wrong shape")
        << 404 << QByteArray(R"({"error":"nope"})")
        << u"unrecognised error body (neither errorCode, code nor message present)"_s;
    QTest::newRow("empty body") << 503 << QByteArray() << QString();
}

void TestCodecs::apiErrorKeepsUnknownBody()
{
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(QString, message);
    const ApiError e = ApiError::fromResponse(response(status, body));
    QCOMPARE(e.httpStatus, status);
    QVERIFY(e.isError());
    QCOMPARE(e.rawBody, body);
    QCOMPARE(e.message, message);
    QVERIFY(e.errorCode.isEmpty() && e.code.isEmpty());
    QVERIFY(!e.summary().isEmpty());

    const ApiError m = ApiError::malformed(response(200, body), u"skill group answer without version"_s);
    QCOMPARE(m.category, ErrorCategory::MalformedResponse);
    QCOMPARE(m.message, u"skill group answer without version"_s);
    QCOMPARE(m.rawBody, body);
}

void TestCodecs::apiErrorCategoryForStatus_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("category");
    QTest::addColumn<bool>("retryable");

    QTest::newRow("400") << 400 << u"validation"_s << false;
    QTest::newRow("401") << 401 << u"unauthorized"_s << false;
    QTest::newRow("403") << 403 << u"forbidden"_s << false;
    QTest::newRow("404") << 404 << u"not_found"_s << false;
    QTest::newRow("409") << 409 << u"conflict"_s << true;
    QTest::newRow("413") << 413 << u"payload_too_large"_s << false;
    QTest::newRow("415") << 415 << u"unsupported_media_type"_s << false;
    QTest::newRow("422") << 422 << u"idempotency_key_reuse"_s << false;
    QTest::newRow("429") << 429 << u"rate_limited"_s << true;
    QTest::newRow("500") << 500 << u"server_error"_s << true;
    QTest::newRow("502") << 502 << u"server_error"_s << true;
    QTest::newRow("503") << 503 << u"unavailable"_s << true;
    QTest::newRow("504") << 504 << u"server_error"_s << true;
    QTest::newRow("418") << 418 << u"other"_s << false;
    QTest::newRow("302") << 302 << u"other"_s << false;
    QTest::newRow("204") << 204 << u"none"_s << false;
}

void TestCodecs::apiErrorCategoryForStatus()
{
    QFETCH(int, status);
    QFETCH(QString, category);
    QFETCH(bool, retryable);
    const ApiError e = ApiError::fromResponse(response(status, R"({"message":"x"})"));
    QCOMPARE(errorCategoryName(e.category), category);
    QCOMPARE(isRetryable(e.category), retryable);
    QCOMPARE(e.httpStatus, status);
}

void TestCodecs::apiErrorCategoryForTransport_data()
{
    QTest::addColumn<int>("error");
    QTest::addColumn<QString>("errorText");
    QTest::addColumn<QString>("category");
    QTest::addColumn<QString>("message");

    QTest::newRow("refused") << int(TransportError::ConnectionRefused) << QString() << u"connection_refused"_s
                             << u"connection refused"_s;
    QTest::newRow("reset") << int(TransportError::ConnectionReset) << u"Remote host closed the connection"_s
                           << u"connection_reset"_s << u"Remote host closed the connection"_s;
    QTest::newRow("timeout") << int(TransportError::Timeout) << QString() << u"timeout"_s << u"timed out"_s;
    QTest::newRow("truncated") << int(TransportError::TruncatedBody) << QString() << u"malformed_response"_s
                               << u"truncated body"_s;
    QTest::newRow("too large") << int(TransportError::BodyTooLarge) << QString() << u"malformed_response"_s
                               << u"body too large"_s;
    QTest::newRow("other") << int(TransportError::Other) << QString() << u"other"_s << u"network error"_s;
}

void TestCodecs::apiErrorCategoryForTransport()
{
    QFETCH(int, error);
    QFETCH(QString, errorText);
    QFETCH(QString, category);
    QFETCH(QString, message);

    HttpResponse r;
    r.error = TransportError(error);
    r.errorText = errorText;
    r.body = R"({"message":"partial)";
    r.headers = { { "ININ-Correlation-Id", "corr-1" } };
    const ApiError e = ApiError::fromResponse(r);
    QCOMPARE(errorCategoryName(e.category), category);
    QCOMPARE(e.httpStatus, 0);
    QCOMPARE(e.message, message);
    QCOMPARE(e.correlationId, u"corr-1"_s);
    QCOMPARE(e.rawBody, r.body);
    QCOMPARE(e.summary(), category + u": "_s + message);
}

void TestCodecs::retryAfterHeader_data()
{
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<int>("seconds"); // -1: not set

    QTest::newRow("seconds") << QByteArray("12") << 12;
    QTest::newRow("zero") << QByteArray("0") << 0;
    QTest::newRow("padded") << QByteArray(" 7 ") << 7;
    QTest::newRow("capped at an hour") << QByteArray("99999") << 3600;
    QTest::newRow("negative") << QByteArray("-3") << -1;
    QTest::newRow("HTTP date") << QByteArray("Wed, 21 Oct 2026 07:28:00 GMT") << -1;
    QTest::newRow("fractional") << QByteArray("1.5") << -1;
    QTest::newRow("absent") << QByteArray() << -1;
}

void TestCodecs::retryAfterHeader()
{
    QFETCH(QByteArray, header);
    QFETCH(int, seconds);
    HttpHeaders headers;
    if (!header.isNull())
        headers.push_back({ "retry-after", header });
    const ApiError e = ApiError::fromResponse(response(429, R"({"message":"slow down"})", headers));
    QCOMPARE(e.retryAfterS, seconds < 0 ? std::optional<int>() : std::optional<int>(seconds));
}

QTEST_GUILESS_MAIN(TestCodecs)
#include "tst_codecs.moc"
