// EventDecoder: every payload the simulator publishes decodes to the right typed value; bad payloads give one
// exact sentence naming region, topic, event id and field path, and never crash.

#include "EventDecoder.h"

#include <QSignalSpy>
#include <QTest>

using namespace icp;
using namespace Qt::StringLiterals;

namespace {

constexpr auto kRegion = "us-east-1"_L1;
constexpr qint64 kReceivedAt = 1'795'000'000'000;

Json groupJson()
{
    return Json{{"id", "use1-sg-1"},
                {"region", "us-east-1"},
                {"version", 7},
                {"modifiedBy", "routing-policy-reconciler"},
                {"modifiedAt", "2026-11-28T09:00:00.250Z"}};
}

Trunk sampleTrunk()
{
    Trunk t;
    t.id = u"use1-byoc-01"_s;
    t.name = u"US East BYOC 01"_s;
    t.inService = true;
    t.enabled = true;
    t.connected = true;
    t.connectedStateTimeMs = 1'795'000'000'000;
    t.registersStatus = {RegisterStatus{u"10.0.0.1:5061"_s, true, 1'795'000'000'000, std::nullopt},
                         RegisterStatus{u"10.0.0.2:5061"_s, false, 1'795'000'001'000,
                                        ErrorInfo{u"registration failed"_s, u"sip.registration.failed"_s, {}}}};
    t.optionsStatus = {OptionStatus{u"10.0.0.1:5061"_s, true, 1'795'000'000'000, std::nullopt}};
    t.version = 4;
    t.region = u"us-east-1"_s;
    t.skillGroupId = u"use1-sg-1"_s;
    t.maxConcurrentCalls = 120;
    return t;
}

// As RegionSim::trunkEvent publishes it.
Json trunkEventJson()
{
    Json j = sampleTrunk().toJson();
    j["calls"] = Json{{"inboundCallCount", 3}, {"outboundCallCount", 9}};
    return j;
}

TrunkMetrics sampleMetrics()
{
    TrunkMetrics m;
    m.trunkId = u"use1-byoc-01"_s;
    m.eventTimeMs = 1'795'000'002'000;
    m.inboundCallCount = 1;
    m.outboundCallCount = 5;
    m.qosMismatchCount = 2;
    return m;
}

Campaign sampleCampaign()
{
    Campaign c;
    c.id = u"use1-camp-1"_s;
    c.name = u"Renewals"_s;
    c.region = u"us-east-1"_s;
    c.skillGroupIds = {u"use1-sg-1"_s};
    c.dialingMode = DialingMode::Progressive;
    c.outboundLineCount = 40;
    c.maxCallsPerAgent = 1.5;
    c.abandonRate = 3.0;
    c.priority = 2;
    c.campaignStatus = CampaignStatus::On;
    c.version = 12;
    return c;
}

Json patched(Json j, const char *pointer, const Json &value)
{
    j[Json::json_pointer(pointer)] = value;
    return j;
}

Json without(Json j, const char *key)
{
    j.erase(key);
    return j;
}

QByteArray dump(const Json &j)
{
    return dumpJson(j);
}

// Records every signal of a source, in order.
class RecordingSource final : public EventSource
{
public:
    RecordingSource()
    {
        connect(this, &EventSource::groupVersion, this,
                [this](const GroupVersionEvent &e) { log << u"group %1 v%2"_s.arg(e.skillGroupId).arg(e.version); });
        connect(this, &EventSource::trunkChanged, this, [this](const QString &r, const Trunk &t) {
            log << u"%1 trunk %2 registered=%3"_s.arg(r, t.id).arg(t.isRegistered());
        });
        connect(this, &EventSource::trunkMetrics, this, [this](const QString &r, const TrunkMetrics &m) {
            log << u"%1 metrics %2 in=%3 out=%4"_s.arg(r, m.trunkId).arg(m.inboundCallCount).arg(m.outboundCallCount);
        });
        connect(this, &EventSource::campaignChanged, this, [this](const QString &r, const Campaign &c) {
            log << u"%1 campaign %2 v%3"_s.arg(r, c.id).arg(c.version);
        });
    }
    void start() override {}
    void stop() override {}
    bool isConnected() const override { return true; }
    QStringList log;
};

} // namespace

class TestEventDecoder : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void groupVersion();
    void fullTrunkCarriesCalls();
    void trunkWithoutCalls();
    void trunkMetrics();
    void trunkMetricsWithoutEventTime();
    void campaign();
    void badPayloads_data();
    void badPayloads();
    void noErrorPointer();
    void emitsSignalsInOrder();
};

void TestEventDecoder::groupVersion()
{
    QString error;
    const auto e = EventDecoder(kRegion).decode(u"skillgroups"_s, "12", dump(groupJson()), kReceivedAt, &error);
    QVERIFY2(e, qPrintable(error));
    QVERIFY(error.isEmpty());
    QCOMPARE(e->kind, DecodedEvent::Kind::GroupVersion);
    GroupVersionEvent expected;
    expected.region = kRegion;
    expected.skillGroupId = u"use1-sg-1"_s;
    expected.version = 7;
    expected.modifiedBy = u"routing-policy-reconciler"_s;
    expected.modifiedAtMs = *parseTimestamp(u"2026-11-28T09:00:00.250Z"_s);
    expected.receivedAtMs = kReceivedAt;
    QVERIFY(e->groupVersion == expected);
}

void TestEventDecoder::fullTrunkCarriesCalls()
{
    QString error;
    const auto e = EventDecoder(kRegion).decode(u"trunks"_s, "13", dump(trunkEventJson()), kReceivedAt, &error);
    QVERIFY2(e, qPrintable(error));
    QCOMPARE(e->kind, DecodedEvent::Kind::Trunk);
    QCOMPARE(e->trunk, sampleTrunk());
    QVERIFY(!e->trunk.isRegistered()); // one proxy down
    QVERIFY(e->metrics);
    TrunkMetrics calls;
    calls.trunkId = u"use1-byoc-01"_s;
    calls.eventTimeMs = kReceivedAt;
    calls.inboundCallCount = 3;
    calls.outboundCallCount = 9;
    QCOMPARE(*e->metrics, calls);
}

void TestEventDecoder::trunkWithoutCalls()
{
    QString error;
    const auto e = EventDecoder(kRegion).decode(u"trunks"_s, "14", dump(sampleTrunk().toJson()), kReceivedAt, &error);
    QVERIFY2(e, qPrintable(error));
    QCOMPARE(e->kind, DecodedEvent::Kind::Trunk);
    QCOMPARE(e->trunk, sampleTrunk());
    QVERIFY(!e->metrics);
}

void TestEventDecoder::trunkMetrics()
{
    QString error;
    const auto e = EventDecoder(kRegion).decode(u"trunks"_s, "15", dump(sampleMetrics().toJson()), kReceivedAt, &error);
    QVERIFY2(e, qPrintable(error));
    QCOMPARE(e->kind, DecodedEvent::Kind::TrunkMetrics);
    QVERIFY(e->metrics);
    QCOMPARE(*e->metrics, sampleMetrics());
}

void TestEventDecoder::trunkMetricsWithoutEventTime()
{
    QString error;
    const auto e = EventDecoder(kRegion).decode(u"trunks"_s, "16", dump(without(sampleMetrics().toJson(), "eventTime")),
                                                kReceivedAt, &error);
    QVERIFY2(e, qPrintable(error));
    QCOMPARE(e->metrics->eventTimeMs, kReceivedAt);
}

void TestEventDecoder::campaign()
{
    QString error;
    const auto e =
        EventDecoder(kRegion).decode(u"campaigns"_s, "17", dump(sampleCampaign().toJson()), kReceivedAt, &error);
    QVERIFY2(e, qPrintable(error));
    QCOMPARE(e->kind, DecodedEvent::Kind::Campaign);
    QCOMPARE(e->campaign, sampleCampaign());
}

void TestEventDecoder::badPayloads_data()
{
    QTest::addColumn<QString>("topic");
    QTest::addColumn<QByteArray>("id");
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<QString>("error");

    const QString sg = u"us-east-1: skillgroups event 12 skipped: "_s;
    const QString tr = u"us-east-1: trunks event 13 skipped: "_s;
    const QString cp = u"us-east-1: campaigns event 14 skipped: "_s;

    QTest::newRow("unknown topic") << u"weather"_s << QByteArray("3") << QByteArray("{}")
                                   << u"us-east-1: weather event 3 skipped: unknown topic (expected trunks, "
                                      "skillgroups or campaigns)"_s;
    QTest::newRow("empty data") << u"skillgroups"_s << QByteArray("12") << QByteArray()
                                << sg + u"malformed JSON at byte 1"_s;
    QTest::newRow("truncated JSON") << u"skillgroups"_s << QByteArray("12") << QByteArray(R"({"id":)")
                                    << sg + u"malformed JSON at byte 7"_s;
    QTest::newRow("not JSON") << u"trunks"_s << QByteArray("13") << QByteArray("registered")
                              << tr + u"malformed JSON at byte 1"_s;
    QTest::newRow("array") << u"skillgroups"_s << QByteArray("12") << QByteArray("[1,2]")
                           << sg + u"expected object, got array"_s;
    QTest::newRow("null") << u"campaigns"_s << QByteArray("14") << QByteArray("null")
                          << cp + u"expected object, got null"_s;
    QTest::newRow("no id given") << u"skillgroups"_s << QByteArray() << QByteArray("[]")
                                 << u"us-east-1: skillgroups event (no id) skipped: expected object, got array"_s;

    // skillgroups
    QTest::newRow("group version as string")
        << u"skillgroups"_s << QByteArray("12") << dump(patched(groupJson(), "/version", "7"))
        << sg + u"version: expected integer, got string"_s;
    QTest::newRow("group version zero")
        << u"skillgroups"_s << QByteArray("12") << dump(patched(groupJson(), "/version", 0))
        << sg + u"version: 0 is out of range 1..9223372036854775807"_s;
    QTest::newRow("group version fractional")
        << u"skillgroups"_s << QByteArray("12") << dump(patched(groupJson(), "/version", 7.5))
        << sg + u"version: expected integer, got 7.5"_s;
    QTest::newRow("group without modifiedAt")
        << u"skillgroups"_s << QByteArray("12") << dump(without(groupJson(), "modifiedAt"))
        << sg + u"modifiedAt: required field is missing"_s;
    QTest::newRow("group bad modifiedAt")
        << u"skillgroups"_s << QByteArray("12") << dump(patched(groupJson(), "/modifiedAt", "yesterday"))
        << sg + u"modifiedAt: malformed timestamp \"yesterday\" (expected ISO-8601 such as 2026-11-28T09:00:00.000Z)"_s;
    QTest::newRow("group modifiedBy null")
        << u"skillgroups"_s << QByteArray("12") << dump(patched(groupJson(), "/modifiedBy", nullptr))
        << sg + u"modifiedBy: expected string, got null"_s;
    QTest::newRow("group empty id")
        << u"skillgroups"_s << QByteArray("12") << dump(patched(groupJson(), "/id", ""))
        << sg + u"id: must not be empty"_s;
    QTest::newRow("group of another region")
        << u"skillgroups"_s << QByteArray("12") << dump(patched(groupJson(), "/region", "ap-southeast-1"))
        << sg + u"region: expected \"us-east-1\", got \"ap-southeast-1\""_s;

    // trunks
    QTest::newRow("trunk neither shape")
        << u"trunks"_s << QByteArray("13") << QByteArray(R"({"id":"use1-byoc-01"})")
        << tr + u"neither a trunk (no \"registersStatus\") nor trunk metrics (no \"trunk\")"_s;
    QTest::newRow("trunk register state as string")
        << u"trunks"_s << QByteArray("13")
        << dump(patched(trunkEventJson(), "/registersStatus/1/registerState", "false"))
        << tr + u"registersStatus[1].registerState: expected boolean, got string"_s;
    QTest::newRow("trunk registersStatus not an array")
        << u"trunks"_s << QByteArray("13") << dump(patched(trunkEventJson(), "/registersStatus", Json::object()))
        << tr + u"registersStatus: expected array, got object"_s;
    QTest::newRow("trunk without connectedStatus")
        << u"trunks"_s << QByteArray("13") << dump(without(trunkEventJson(), "connectedStatus"))
        << tr + u"connectedStatus: required field is missing"_s;
    QTest::newRow("trunk unknown state")
        << u"trunks"_s << QByteArray("13") << dump(patched(trunkEventJson(), "/state", "melting"))
        << tr + u"state: unknown value \"melting\" (expected one of active, inactive, deleted)"_s;
    QTest::newRow("trunk calls negative")
        << u"trunks"_s << QByteArray("13") << dump(patched(trunkEventJson(), "/calls/inboundCallCount", -1))
        << tr + u"calls.inboundCallCount: -1 is out of range 0..1000000"_s;
    QTest::newRow("trunk calls not an object")
        << u"trunks"_s << QByteArray("13") << dump(patched(trunkEventJson(), "/calls", 12))
        << tr + u"calls: expected object, got integer"_s;
    QTest::newRow("metrics without trunk id")
        << u"trunks"_s << QByteArray("13") << dump(patched(sampleMetrics().toJson(), "/trunk", Json::object()))
        << tr + u"trunk.id: required field is missing"_s;
    QTest::newRow("metrics without calls")
        << u"trunks"_s << QByteArray("13") << dump(without(sampleMetrics().toJson(), "calls"))
        << tr + u"calls: required field is missing"_s;
    QTest::newRow("metrics bad eventTime")
        << u"trunks"_s << QByteArray("13") << dump(patched(sampleMetrics().toJson(), "/eventTime", 5))
        << tr + u"eventTime: expected timestamp string, got integer"_s;

    // campaigns
    QTest::newRow("campaign unknown dialing mode")
        << u"campaigns"_s << QByteArray("14") << dump(patched(sampleCampaign().toJson(), "/dialingMode", "robot"))
        << cp + u"dialingMode: unknown value \"robot\" (expected one of agentless, preview, power, predictive, "
                "progressive, external)"_s;
    QTest::newRow("campaign without version")
        << u"campaigns"_s << QByteArray("14") << dump(without(sampleCampaign().toJson(), "version"))
        << cp + u"version: required field is missing"_s;
    QTest::newRow("a group payload on the campaigns topic")
        << u"campaigns"_s << QByteArray("14") << dump(groupJson())
        << cp + u"name: required field is missing"_s;
}

void TestEventDecoder::badPayloads()
{
    QFETCH(QString, topic);
    QFETCH(QByteArray, id);
    QFETCH(QByteArray, data);
    QFETCH(QString, error);

    QString got;
    const auto e = EventDecoder(kRegion).decode(topic, id, data, kReceivedAt, &got);
    QVERIFY(!e);
    QCOMPARE(got, error);
}

void TestEventDecoder::noErrorPointer()
{
    // The error text is optional; a bad payload is still refused without a crash.
    QVERIFY(!EventDecoder(kRegion).decode(u"trunks"_s, "1", "{", kReceivedAt, nullptr));
    QVERIFY(EventDecoder(kRegion).decode(u"skillgroups"_s, "1", dump(groupJson()), kReceivedAt, nullptr));
}

void TestEventDecoder::emitsSignalsInOrder()
{
    RecordingSource source;
    const EventDecoder decoder(kRegion);
    const QList<std::pair<QString, QByteArray>> stream{{u"skillgroups"_s, dump(groupJson())},
                                                       {u"trunks"_s, dump(trunkEventJson())},
                                                       {u"trunks"_s, dump(sampleMetrics().toJson())},
                                                       {u"campaigns"_s, dump(sampleCampaign().toJson())}};
    for (const auto &[topic, data] : stream) {
        const auto e = decoder.decode(topic, "1", data, kReceivedAt, nullptr);
        QVERIFY(e);
        emitDecodedEvent(source, kRegion, *e);
    }
    QCOMPARE(source.log, (QStringList{u"group use1-sg-1 v7"_s, u"us-east-1 trunk use1-byoc-01 registered=0"_s,
                                      u"us-east-1 metrics use1-byoc-01 in=3 out=9"_s,
                                      u"us-east-1 metrics use1-byoc-01 in=1 out=5"_s,
                                      u"us-east-1 campaign use1-camp-1 v12"_s}));
}

QTEST_GUILESS_MAIN(TestEventDecoder)
#include "tst_eventdecoder.moc"
