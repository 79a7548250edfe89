// Inputs the fuzz targets in fuzz/ found problems with, kept as data: each row names the decoder, the input, and
// whether it must be accepted. An accepted input must also survive the same encode + decode round trip the fuzz
// targets check. Add a row for every crash or invariant failure a fuzz run reports, with the fix.

#include "Agent.h"
#include "CapacityUpdate.h"
#include "JsonCodec.h"
#include "WfmAvailability.h"

#include <QHash>
#include <QTest>

#include <functional>

using namespace icp;
using namespace Qt::StringLiterals;

namespace {

// Decodes text with T's strict decoder; "" when it behaves (rejected with a reason, or accepted and the round
// trip gives the same value back), else what went wrong. *accepted tells which.
template<typename T>
QString decodeAndRoundTrip(const QByteArray &text, bool *accepted)
{
    DecodeError error;
    const std::optional<T> first = decodeDocument<T>(text, error);
    *accepted = first.has_value();
    if (!first)
        return error.isError() ? QString() : u"rejected without a reason"_s;
    const QByteArray again = dumpJson(first->toJson());
    DecodeError error2;
    const std::optional<T> second = decodeDocument<T>(again, error2);
    if (!second)
        return u"re-encoded value does not decode: "_s + error2.message() + u" in "_s + QString::fromUtf8(again);
    if (!(*second == *first))
        return u"re-encoded value decodes differently: "_s + QString::fromUtf8(again);
    return {};
}

const QHash<QString, std::function<QString(const QByteArray &, bool *)>> &decoders()
{
    static const QHash<QString, std::function<QString(const QByteArray &, bool *)>> table{
        {u"AgentAvailability"_s, decodeAndRoundTrip<AgentAvailability>},
        {u"BulkCapacityRequest"_s, decodeAndRoundTrip<BulkCapacityRequest>},
    };
    return table;
}

QByteArray availability(const char *timestamp)
{
    return QByteArray(R"({"agentId":"a1","status":"AVAILABLE","capacity":1,"sourceTimestamp":")") + timestamp
        + "\"}";
}

} // namespace

class TestFuzzRegressions : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void fuzzInputs_data();
    void fuzzInputs();
    void wfmTimestampsBefore1970_data();
    void wfmTimestampsBefore1970();
};

void TestFuzzRegressions::fuzzInputs_data()
{
    QTest::addColumn<QString>("decoder");
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<bool>("accepted");

    // fuzz_wfm_availability round trip: a zone offset pushed the UTC instant into year 10000 (or year 0), which
    // was accepted but re-encoded as "10000-01-01T..." that no decoder reads back. Fixed in parseTimestamp.
    QTest::newRow("timestamp past year 9999 in UTC")
        << u"AgentAvailability"_s << availability("9999-12-31T23:59:59.999-01:00") << false;
    QTest::newRow("timestamp before year 1 in UTC")
        << u"AgentAvailability"_s << availability("0001-01-01T00:00:00.000+01:00") << false;
    QTest::newRow("same in a bulk request")
        << u"BulkCapacityRequest"_s
        << QByteArray(R"({"expectedVersion":3,"updates":[)") + availability("9999-12-31T23:30:00-01:00") + "]}"
        << false;
    // The edges that stay inside 1..9999 are still accepted and survive the round trip.
    QTest::newRow("last instant of 9999") << u"AgentAvailability"_s << availability("9999-12-31T23:59:59.999Z")
                                          << true;
    QTest::newRow("9999 with a positive offset")
        << u"AgentAvailability"_s << availability("9999-12-31T23:59:59.999+01:00") << true;
    QTest::newRow("first instant of year 1") << u"AgentAvailability"_s << availability("0001-01-01T00:00:00.000Z")
                                             << true;
}

void TestFuzzRegressions::fuzzInputs()
{
    QFETCH(QString, decoder);
    QFETCH(QByteArray, input);
    QFETCH(bool, accepted);

    const auto decode = decoders().value(decoder);
    QVERIFY2(decode, qPrintable(u"no decoder named "_s + decoder));
    bool wasAccepted = false;
    const QString problem = decode(input, &wasAccepted);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QCOMPARE(wasAccepted, accepted);
}

// fuzz_wfm_availability, 319,035th execution (a 1,000,000-run): the ISO-8601 path of the WFM decoders took
// instants before 1970 (valid text, negative epoch milliseconds) that the epoch-millisecond path refuses, so a
// WFM change could enter the outbox with a source timestamp below "never". Now both paths share 1..year 9999.
void TestFuzzRegressions::wfmTimestampsBefore1970_data()
{
    QTest::addColumn<QByteArray>("csv");
    QTest::addColumn<bool>("accepted");
    QTest::newRow("1969") << QByteArray("agentId,status,capacity,timestamp\na1,AVAILABLE,2,1969-12-31T23:59:59Z\n") << false;
    QTest::newRow("year 1") << QByteArray("agentId,status,capacity,timestamp\na1,AVAILABLE,2,0001-01-01T00:00:00Z\n") << false;
    QTest::newRow("epoch itself") << QByteArray("agentId,status,capacity,timestamp\na1,AVAILABLE,2,1970-01-01T00:00:00Z\n") << false;
    QTest::newRow("first millisecond") << QByteArray("agentId,status,capacity,timestamp\na1,AVAILABLE,2,1970-01-01T00:00:00.001Z\n") << true;
    QTest::newRow("the found input's shape")
        << QByteArray("agentId,status,capacity,timestamp\r\na1,AVAILABLE,2,1960-11-28T08:59:00Z\r\n") << false;
}

void TestFuzzRegressions::wfmTimestampsBefore1970()
{
    QFETCH(QByteArray, csv);
    QFETCH(bool, accepted);
    const WfmDecodeResult csvResult = WfmAvailability::decodeCsv(csv);
    QVERIFY(csvResult.ok());
    QCOMPARE(csvResult.items.size(), 1);
    QCOMPARE(csvResult.items[0].ok(), accepted);
    if (!accepted) {
        QCOMPARE(csvResult.items[0].rejection.reason, WfmReason::BadTimestamp);
        QVERIFY(csvResult.items[0].rejection.message.startsWith(u"timestamp: "_s));
    } else {
        QVERIFY(csvResult.items[0].change->sourceTimestampMs >= 1);
    }
    // The JSON path says the same about the same instant.
    const QByteArray ts = csv.split('\n').at(1).split(',').at(3).trimmed();
    const WfmDecodeResult json = WfmAvailability::decodeJsonArray(
        R"([{"agentId":"a1","status":"AVAILABLE","capacity":2,"timestamp":")" + ts + R"("}])");
    QVERIFY(json.ok());
    QCOMPARE(json.items.size(), 1);
    QCOMPARE(json.items[0].ok(), accepted);
}

QTEST_GUILESS_MAIN(TestFuzzRegressions)
#include "tst_fuzzregressions.moc"
