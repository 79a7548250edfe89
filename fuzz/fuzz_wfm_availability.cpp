// libFuzzer target: what a WFM system sends. The same input is decoded as a JSON array (the ingest endpoint's
// application/json), as NDJSON (application/x-ndjson, replay .jsonl) and as CSV (replay .csv), then validated
// against a small roster. Invariants: every item is either a change or a rejection with a stable code and a
// message; an accepted change is in range, its agent is on the roster, its timestamp is at most the skew ahead,
// and it survives the wire encoding (WfmAvailability::toJson) and a second decode unchanged; line numbers only
// grow; the CSV and NDJSON decoders never report more items than the input has lines.
#include "FuzzSupport.h"

#include "CapacityUpdate.h"
#include "WfmAvailability.h"
#include "WfmValidator.h"

using namespace icp;

namespace {

constexpr qint64 kNow = 1795856400000; // 2026-11-28T09:00:00.000Z

const WfmValidator &validator()
{
    static const WfmValidator v(
        {Agent{QStringLiteral("a1"), {}, {}, QStringLiteral("r1"), QStringLiteral("t1"), QStringLiteral("g1")},
         Agent{QStringLiteral("a2"), {}, {}, QStringLiteral("r1"), QStringLiteral("t1"), QStringLiteral("g1")}},
        WfmValidator::kDefaultMaxSkewMs);
    return v;
}

void check(const WfmDecodeResult &decoded, const QByteArray &text, bool lineBased)
{
    if (!decoded.ok()) {
        ICP_FUZZ_CHECK(decoded.items.isEmpty(), "a refused input has no items");
        return;
    }
    const qsizetype lines = text.count('\n') + 1;
    ICP_FUZZ_CHECK(!lineBased || decoded.items.size() <= lines, "no more items than lines");
    qsizetype lastLine = 0;
    for (qsizetype i = 0; i < decoded.items.size(); ++i) {
        const WfmItem &item = decoded.items[i];
        ICP_FUZZ_CHECK(item.index == i, "items are numbered in order");
        if (lineBased) {
            ICP_FUZZ_CHECK(item.line > lastLine && item.line <= lines, "line numbers grow and stay in the input");
            lastLine = item.line;
        }
        if (!item.ok()) {
            ICP_FUZZ_CHECK(!item.rejection.message.isEmpty(), "a rejection has a message");
            ICP_FUZZ_CHECK(wfmRejectionReasons().contains(item.rejection.reason), "a rejection has a rejecting reason");
            continue;
        }
        const AgentAvailability &c = *item.change;
        ICP_FUZZ_CHECK(!c.agentId.isEmpty() && c.agentId == item.agentId, "an accepted item names its agent");
        ICP_FUZZ_CHECK(c.capacity >= 0 && c.capacity <= kMaxAgentCapacity, "capacity in range");
        ICP_FUZZ_CHECK(c.sourceTimestampMs >= 1 && c.sourceTimestampMs <= WfmAvailability::kMaxEpochMs, "timestamp in range");
        // The wire form decodes back to the same change.
        WfmRejection rejection;
        QString agentId;
        const auto again = WfmAvailability::decodeItem(WfmAvailability::toJson(c), &rejection, &agentId);
        ICP_FUZZ_CHECK(again && *again == c, "an accepted item survives encode + decode unchanged");

        const WfmVerdict verdict = validator().check(item, kNow);
        if (verdict.ok()) {
            ICP_FUZZ_CHECK(validator().knowsAgent(verdict.change->change.agentId), "a valid change is on the roster");
            ICP_FUZZ_CHECK(verdict.change->change.sourceTimestampMs <= kNow + validator().maxSkewMs(), "not in the future");
            ICP_FUZZ_CHECK(verdict.change->region == QLatin1String("r1") && !verdict.change->skillGroupId.isEmpty(),
                           "a valid change knows where it goes");
        } else {
            ICP_FUZZ_CHECK(verdict.rejection.reason == WfmReason::UnknownAgent
                               || verdict.rejection.reason == WfmReason::FutureTimestamp,
                           "the validator only adds roster and future rejections");
        }
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray text = fuzz::input(data, size);
    check(WfmAvailability::decodeJsonArray(text), text, false);
    check(WfmAvailability::decodeNdjson(text), text, true);
    check(WfmAvailability::decodeCsv(text), text, true);
    // The codecs the outbox stores and decodes again before sending.
    fuzz::roundTrip<AgentAvailability>(text);
    fuzz::roundTrip<BulkCapacityRequest>(text);
    return 0;
}
