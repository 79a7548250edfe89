// libFuzzer target: the ICP event stream. The input is a raw Server-Sent Events stream; SseParser reads it whole
// and again in small chunks (the answer must not depend on where the network splits it, CR/LF pairs included),
// with the default event limit and with a tiny one that forces the skip path; EventDecoder decodes each event.
#include "FuzzSupport.h"

#include "EventDecoder.h"
#include "SseParser.h"

using namespace icp;

namespace {

struct Run
{
    QList<SseEvent> events;
    QByteArray lastEventId;
    std::optional<qint64> retryMs;
    qint64 comments = 0;
    qint64 skipped = 0;
    qsizetype errors = 0;

    bool operator==(const Run &) const = default;
};

Run parse(const QByteArray &stream, qsizetype maxEventBytes, qsizetype chunk)
{
    SseParser parser(maxEventBytes);
    Run run;
    for (qsizetype at = 0; at < stream.size(); at += chunk)
        run.events += parser.feed(QByteArrayView(stream).sliced(at, qMin(chunk, stream.size() - at)));
    run.lastEventId = parser.lastEventId();
    run.retryMs = parser.retryMs();
    run.comments = parser.commentCount();
    run.skipped = parser.skippedEvents();
    run.errors = parser.takeErrors().size();
    return run;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray stream = fuzz::input(data, size);
    const qsizetype whole = qMax<qsizetype>(1, stream.size());
    const qsizetype chunk = 1 + qsizetype(size % 7);

    const Run big = parse(stream, SseParser::kDefaultMaxEventBytes, whole);
    ICP_FUZZ_CHECK(big == parse(stream, SseParser::kDefaultMaxEventBytes, chunk), "chunking changes nothing");
    ICP_FUZZ_CHECK(big.errors == big.skipped, "one error per skipped event");
    const Run small = parse(stream, 48, whole);
    ICP_FUZZ_CHECK(small == parse(stream, 48, chunk), "chunking changes nothing (skip path)");
    ICP_FUZZ_CHECK(small.errors == small.skipped, "one error per skipped event (skip path)");
    for (const SseEvent &e : small.events)
        ICP_FUZZ_CHECK(e.data.size() <= 48, "a delivered event respects the limit");

    const EventDecoder decoder(QStringLiteral("ap-southeast-1"));
    for (const SseEvent &e : big.events) {
        QString error;
        const auto decoded = decoder.decode(e.event, e.id, e.data, 1795856400000, &error);
        ICP_FUZZ_CHECK(decoded.has_value() == error.isEmpty(), "an event is either decoded or rejected with a reason");
        if (decoded && decoded->kind == DecodedEvent::Kind::TrunkMetrics)
            ICP_FUZZ_CHECK(decoded->metrics.has_value(), "a metrics event carries metrics");
    }
    return 0;
}
