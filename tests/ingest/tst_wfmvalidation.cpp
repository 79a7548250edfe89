// The WFM ingest validation table: every kind of bad item, in each input format it can occur in, maps to its
// stable reason code (and a message naming the field), good items decode to the exact change, and whole-input
// errors (not an array, no CSV header) are refused as a whole. Stale and duplicate are the outbox's decision and
// are covered over HTTP in tst_wfmingest.
#include "WfmAvailability.h"
#include "WfmValidator.h"

#include <QTest>

using namespace icp;

namespace {

constexpr qint64 kNow = 1795856400000; // 2026-11-28T09:00:00.000Z, the reference of every check here
constexpr qint64 kSkew = 5000;

QList<Agent> roster()
{
    return {Agent{QStringLiteral("a1"), {}, {}, QStringLiteral("us-east-1"), QStringLiteral("t1"), QStringLiteral("g1")},
            Agent{QStringLiteral("a2"), {}, {}, QStringLiteral("us-east-1"), QStringLiteral("t2"), QStringLiteral("g2")}};
}

WfmDecodeResult decode(const QByteArray &format, const QByteArray &input)
{
    if (format == "json")
        return WfmAvailability::decodeJsonArray(input);
    if (format == "ndjson")
        return WfmAvailability::decodeNdjson(input);
    return WfmAvailability::decodeCsv(input);
}

const QByteArray kCsvHeader = "agentId,status,capacity,timestamp\n";

} // namespace

class TestWfmValidation : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void eachBadItemGetsItsReason_data();
    void eachBadItemGetsItsReason();
    void goodItemsDecodeExactly_data();
    void goodItemsDecodeExactly();
    void wholeInputErrors_data();
    void wholeInputErrors();
    void lineNumbersSkipBlankLinesAndTheHeader();
    void oneBadItemDoesNotSpoilTheRest();
    void everyReasonHasADistinctCode();
};

void TestWfmValidation::eachBadItemGetsItsReason_data()
{
    QTest::addColumn<QByteArray>("format");
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QString>("reason");
    QTest::addColumn<QString>("messageNames"); // the message must contain this (the field and the value)

    const auto json = [](const char *item) -> QByteArray { return QByteArray("[") + item + "]"; };
    QTest::newRow("json unknown agent") << QByteArray("json")
        << json(R"({"agentId":"zz9","status":"AVAILABLE","capacity":2,"timestamp":"2026-11-28T08:59:59Z"})")
        << "unknown_agent" << "\"zz9\"";
    QTest::newRow("json unknown status") << QByteArray("json")
        << json(R"({"agentId":"a1","status":"LUNCH","capacity":2,"timestamp":"2026-11-28T08:59:59Z"})")
        << "unknown_status" << "status: unknown value \"LUNCH\"";
    QTest::newRow("json status lower case") << QByteArray("json")
        << json(R"({"agentId":"a1","status":"available","capacity":2,"timestamp":"2026-11-28T08:59:59Z"})")
        << "unknown_status" << "\"available\"";
    QTest::newRow("json capacity 33") << QByteArray("json")
        << json(R"({"agentId":"a1","status":"AVAILABLE","capacity":33,"timestamp":"2026-11-28T08:59:59Z"})")
        << "capacity_out_of_range" << "capacity: 33 is outside 0..32";
    QTest::newRow("json capacity -1") << QByteArray("json")
        << json(R"({"agentId":"a1","status":"AVAILABLE","capacity":-1,"timestamp":"2026-11-28T08:59:59Z"})")
        << "capacity_out_of_range" << "capacity: -1";
    QTest::newRow("json capacity 2^64") << QByteArray("json")
        << json(R"({"agentId":"a1","status":"AVAILABLE","capacity":18446744073709551615,"timestamp":"2026-11-28T08:59:59Z"})")
        << "capacity_out_of_range" << "capacity:";
    QTest::newRow("json capacity 2.5") << QByteArray("json")
        << json(R"({"agentId":"a1","status":"AVAILABLE","capacity":2.5,"timestamp":"2026-11-28T08:59:59Z"})")
        << "wrong_type" << "capacity: expected an integer, got 2.5";
    QTest::newRow("json capacity string") << QByteArray("json")
        << json(R"({"agentId":"a1","status":"AVAILABLE","capacity":"2","timestamp":"2026-11-28T08:59:59Z"})")
        << "wrong_type" << "capacity";
    QTest::newRow("json agentId number") << QByteArray("json")
        << json(R"({"agentId":7,"status":"AVAILABLE","capacity":2,"timestamp":"2026-11-28T08:59:59Z"})")
        << "wrong_type" << "agentId";
    QTest::newRow("json agentId empty") << QByteArray("json")
        << json(R"({"agentId":"","status":"AVAILABLE","capacity":2,"timestamp":"2026-11-28T08:59:59Z"})")
        << "missing_field" << "agentId";
    QTest::newRow("json status missing") << QByteArray("json")
        << json(R"({"agentId":"a1","capacity":2,"timestamp":"2026-11-28T08:59:59Z"})")
        << "missing_field" << "status: missing";
    QTest::newRow("json timestamp missing") << QByteArray("json")
        << json(R"({"agentId":"a1","status":"AVAILABLE","capacity":2,"sourceTimestamp":"2026-11-28T08:59:59Z"})")
        << "missing_field" << "timestamp: missing";
    QTest::newRow("json not an object") << QByteArray("json") << QByteArray(R"([["a1","AVAILABLE",2]])")
        << "not_object" << "expected an object, got array";
    QTest::newRow("json timestamp words") << QByteArray("json")
        << json(R"({"agentId":"a1","status":"AVAILABLE","capacity":2,"timestamp":"yesterday"})")
        << "bad_timestamp" << "\"yesterday\"";
    QTest::newRow("json timestamp without offset") << QByteArray("json")
        << json(R"({"agentId":"a1","status":"AVAILABLE","capacity":2,"timestamp":"2026-11-28T08:59:59"})")
        << "bad_timestamp" << "2026-11-28T08:59:59";
    QTest::newRow("json timestamp Feb 30") << QByteArray("json")
        << json(R"({"agentId":"a1","status":"AVAILABLE","capacity":2,"timestamp":"2026-02-30T08:59:59Z"})")
        << "bad_timestamp" << "2026-02-30";
    QTest::newRow("json epoch 0") << QByteArray("json")
        << json(R"({"agentId":"a1","status":"AVAILABLE","capacity":2,"timestamp":0})")
        << "bad_timestamp" << "timestamp: 0";
    QTest::newRow("json epoch fraction") << QByteArray("json")
        << json(R"({"agentId":"a1","status":"AVAILABLE","capacity":2,"timestamp":1795856399000.5})")
        << "bad_timestamp" << "not whole epoch milliseconds";
    QTest::newRow("json timestamp boolean") << QByteArray("json")
        << json(R"({"agentId":"a1","status":"AVAILABLE","capacity":2,"timestamp":true})")
        << "wrong_type" << "timestamp";
    QTest::newRow("json future ISO beyond skew") << QByteArray("json")
        << json(R"({"agentId":"a1","status":"AVAILABLE","capacity":2,"timestamp":"2026-11-28T09:00:05.001Z"})")
        << "future_timestamp" << "5.001 s ahead";
    QTest::newRow("json future epoch beyond skew") << QByteArray("json")
        << json(R"({"agentId":"a1","status":"AVAILABLE","capacity":2,"timestamp":1795856410000})")
        << "future_timestamp" << "2026-11-28T09:00:10.000Z";
    QTest::newRow("json future with offset") << QByteArray("json")
        << json(R"({"agentId":"a1","status":"AVAILABLE","capacity":2,"timestamp":"2026-11-28T17:01:00+08:00"})")
        << "future_timestamp" << "60.000 s ahead";

    QTest::newRow("ndjson line not JSON") << QByteArray("ndjson") << QByteArray("{\"agentId\":\"a1\",\n")
        << "malformed_line" << "line is not JSON";
    QTest::newRow("ndjson capacity 40") << QByteArray("ndjson")
        << QByteArray(R"({"agentId":"a2","status":"ON_CALL","capacity":40,"timestamp":1795856399000})")
        << "capacity_out_of_range" << "capacity: 40";
    QTest::newRow("ndjson a string line") << QByteArray("ndjson") << QByteArray(R"("a1,AVAILABLE,2")")
        << "not_object" << "got string";

    QTest::newRow("csv too few fields") << QByteArray("csv") << kCsvHeader + "a1,AVAILABLE,2\n"
        << "malformed_line" << "3 fields, the header 4";
    QTest::newRow("csv open quote") << QByteArray("csv") << kCsvHeader + "\"a1,AVAILABLE,2,1795856399000\n"
        << "malformed_line" << "not closed";
    QTest::newRow("csv unknown agent") << QByteArray("csv") << kCsvHeader + "a9,AVAILABLE,2,1795856399000\n"
        << "unknown_agent" << "\"a9\"";
    QTest::newRow("csv unknown status") << QByteArray("csv") << kCsvHeader + "a1,AWAY,2,1795856399000\n"
        << "unknown_status" << "\"AWAY\"";
    QTest::newRow("csv capacity words") << QByteArray("csv") << kCsvHeader + "a1,AVAILABLE,two,1795856399000\n"
        << "wrong_type" << "capacity: expected an integer, got \"two\"";
    QTest::newRow("csv capacity 99") << QByteArray("csv") << kCsvHeader + "a1,AVAILABLE,99,1795856399000\n"
        << "capacity_out_of_range" << "capacity: 99";
    QTest::newRow("csv empty status") << QByteArray("csv") << kCsvHeader + "a1,,2,1795856399000\n"
        << "missing_field" << "status: empty";
    QTest::newRow("csv bad timestamp") << QByteArray("csv") << kCsvHeader + "a1,AVAILABLE,2,28/11/2026 09:00\n"
        << "bad_timestamp" << "28/11/2026 09:00";
    QTest::newRow("csv future") << QByteArray("csv") << kCsvHeader + "a1,AVAILABLE,2,2026-11-28T09:01:00Z\n"
        << "future_timestamp" << "60.000 s ahead";
}

void TestWfmValidation::eachBadItemGetsItsReason()
{
    QFETCH(QByteArray, format);
    QFETCH(QByteArray, input);
    QFETCH(QString, reason);
    QFETCH(QString, messageNames);
    const WfmDecodeResult decoded = decode(format, input);
    QVERIFY2(decoded.ok(), qPrintable(decoded.error));
    QCOMPARE(decoded.items.size(), 1);
    const WfmValidator validator(roster(), kSkew);
    const WfmVerdict verdict = validator.check(decoded.items.first(), kNow);
    QVERIFY2(!verdict.ok(), "a bad item must be rejected");
    QCOMPARE(wfmReasonCode(verdict.rejection.reason), reason);
    QVERIFY2(verdict.rejection.message.contains(messageNames), qPrintable(verdict.rejection.message));
}

void TestWfmValidation::goodItemsDecodeExactly_data()
{
    QTest::addColumn<QByteArray>("format");
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QString>("agentId");
    QTest::addColumn<int>("status");
    QTest::addColumn<int>("capacity");
    QTest::addColumn<qint64>("timestampMs");
    QTest::addColumn<QString>("skillGroupId");

    QTest::newRow("json ISO Z") << QByteArray("json")
        << QByteArray(R"([{"agentId":"a1","status":"AVAILABLE","capacity":2,"timestamp":"2026-11-28T08:59:59.250Z"}])")
        << "a1" << int(AgentStatus::Available) << 2 << kNow - 750 << "g1";
    QTest::newRow("json ISO +08:00") << QByteArray("json")
        << QByteArray(R"([{"agentId":"a2","status":"BREAK","capacity":0,"timestamp":"2026-11-28T16:59:00+08:00"}])")
        << "a2" << int(AgentStatus::Break) << 0 << kNow - 60000 << "g2";
    QTest::newRow("json epoch ms, capacity 32, extra field") << QByteArray("json")
        << QByteArray(R"([{"agentId":"a1","status":"ON_CALL","capacity":32,"timestamp":1795856399000,"site":"x"}])")
        << "a1" << int(AgentStatus::OnCall) << 32 << kNow - 1000 << "g1";
    QTest::newRow("json capacity 3.0 and within the skew") << QByteArray("json")
        << QByteArray(R"([{"agentId":"a1","status":"AVAILABLE","capacity":3.0,"timestamp":"2026-11-28T09:00:05Z"}])")
        << "a1" << int(AgentStatus::Available) << 3 << kNow + 5000 << "g1";
    QTest::newRow("ndjson CRLF") << QByteArray("ndjson")
        << QByteArray("{\"agentId\":\"a2\",\"status\":\"AFTER_CALL_WORK\",\"capacity\":1,\"timestamp\":1795856399999}\r\n")
        << "a2" << int(AgentStatus::AfterCallWork) << 1 << kNow - 1 << "g2";
    QTest::newRow("csv columns reordered, quoted, BOM") << QByteArray("csv")
        << QByteArray("\xEF\xBB\xBFtimestamp,agentId,note,capacity,status\r\n"
                      "2026-11-28T08:59:00Z,\"a1\",\"said \"\"hi\"\", then left\",4,LOGGED_OUT\r\n")
        << "a1" << int(AgentStatus::LoggedOut) << 4 << kNow - 60000 << "g1";
}

void TestWfmValidation::goodItemsDecodeExactly()
{
    QFETCH(QByteArray, format);
    QFETCH(QByteArray, input);
    QFETCH(QString, agentId);
    QFETCH(int, status);
    QFETCH(int, capacity);
    QFETCH(qint64, timestampMs);
    QFETCH(QString, skillGroupId);
    const WfmDecodeResult decoded = decode(format, input);
    QVERIFY2(decoded.ok(), qPrintable(decoded.error));
    QCOMPARE(decoded.items.size(), 1);
    const WfmVerdict verdict = WfmValidator(roster(), kSkew).check(decoded.items.first(), kNow);
    QVERIFY2(verdict.ok(), qPrintable(verdict.rejection.message));
    const OutboxChange &c = *verdict.change;
    QCOMPARE(c.change, (AgentAvailability{agentId, AgentStatus(status), capacity, timestampMs}));
    QCOMPARE(c.region, QStringLiteral("us-east-1"));
    QCOMPARE(c.skillGroupId, skillGroupId);
}

void TestWfmValidation::wholeInputErrors_data()
{
    QTest::addColumn<QByteArray>("format");
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QString>("names");
    QTest::newRow("json not JSON") << QByteArray("json") << QByteArray("[{\"agentId\":") << "not JSON";
    QTest::newRow("json an object") << QByteArray("json") << QByteArray(R"({"agentId":"a1"})") << "got object";
    QTest::newRow("csv no header") << QByteArray("csv") << QByteArray("\n\n") << "no header row";
    QTest::newRow("csv header without capacity") << QByteArray("csv") << QByteArray("agentId,status,cap,timestamp\n")
                                                 << "no \"capacity\" column";
}

void TestWfmValidation::wholeInputErrors()
{
    QFETCH(QByteArray, format);
    QFETCH(QByteArray, input);
    QFETCH(QString, names);
    const WfmDecodeResult decoded = decode(format, input);
    QVERIFY(!decoded.ok());
    QVERIFY(decoded.items.isEmpty());
    QVERIFY2(decoded.error.contains(names), qPrintable(decoded.error));
}

void TestWfmValidation::lineNumbersSkipBlankLinesAndTheHeader()
{
    const QByteArray good = R"({"agentId":"a1","status":"AVAILABLE","capacity":2,"timestamp":1795856399000})";
    const WfmDecodeResult nd = WfmAvailability::decodeNdjson("\n" + good + "\n\n   \nnot json\n" + good);
    QVERIFY(nd.ok());
    QCOMPARE(nd.items.size(), 3);
    QCOMPARE(nd.items[0].line, 2);
    QCOMPARE(nd.items[1].line, 5);
    QCOMPARE(nd.items[1].raw, QByteArray("not json"));
    QCOMPARE(wfmReasonCode(nd.items[1].rejection.reason), QStringLiteral("malformed_line"));
    QCOMPARE(nd.items[2].line, 6);
    QCOMPARE(nd.items[2].index, 2);

    const WfmDecodeResult csv = WfmAvailability::decodeCsv(kCsvHeader + "\na1,AVAILABLE,2,1795856399000\n");
    QVERIFY(csv.ok());
    QCOMPARE(csv.items.size(), 1);
    QCOMPARE(csv.items[0].line, 3);
    QCOMPARE(csv.items[0].index, 0);
}

void TestWfmValidation::oneBadItemDoesNotSpoilTheRest()
{
    const WfmDecodeResult decoded = WfmAvailability::decodeJsonArray(
        R"([{"agentId":"a1","status":"AVAILABLE","capacity":2,"timestamp":1795856399000},)"
        R"({"agentId":"a2","status":"AVAILABLE","capacity":99,"timestamp":1795856399000},)"
        R"({"agentId":"a2","status":"ON_CALL","capacity":1,"timestamp":1795856399001}])");
    QVERIFY(decoded.ok());
    QCOMPARE(decoded.items.size(), 3);
    QCOMPARE(decoded.rejectedCount(), 1);
    QVERIFY(decoded.items[0].ok());
    QVERIFY(!decoded.items[1].ok());
    QCOMPARE(decoded.items[1].agentId, QStringLiteral("a2"));
    QCOMPARE(decoded.items[1].index, 1);
    QVERIFY(decoded.items[2].ok());
}

void TestWfmValidation::everyReasonHasADistinctCode()
{
    QSet<QString> codes;
    for (WfmReason r : wfmRejectionReasons())
        codes.insert(wfmReasonCode(r));
    codes.insert(wfmReasonCode(WfmReason::Duplicate));
    codes.insert(wfmReasonCode(WfmReason::Stale));
    QCOMPARE(codes.size(), wfmRejectionReasons().size() + 2);
    QCOMPARE(WfmValidator::outcomeReason(AcceptOutcome::Duplicate), std::optional<WfmReason>(WfmReason::Duplicate));
    QCOMPARE(WfmValidator::outcomeReason(AcceptOutcome::Stale), std::optional<WfmReason>(WfmReason::Stale));
    QVERIFY(!WfmValidator::outcomeReason(AcceptOutcome::Superseded));
}

QTEST_GUILESS_MAIN(TestWfmValidation)
#include "tst_wfmvalidation.moc"
