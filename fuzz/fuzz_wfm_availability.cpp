// libFuzzer target: WFM availability input. There is no WFM ingest decoder of its own yet; availability changes
// arrive as AgentAvailability values, so this decodes a JSON array of them (what a WFM push carries) and the
// bulk request that wraps them (what the engine stores in its outbox and decodes again before sending).
#include "FuzzSupport.h"

#include "CapacityUpdate.h"

using namespace icp;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray text = fuzz::input(data, size);

    DecodeError error;
    if (const auto json = parseJson(text, error); json && json->is_array()) {
        for (const Json &item : *json) {
            DecodeError itemError;
            const auto change = decodeValue<AgentAvailability>(item, itemError);
            ICP_FUZZ_CHECK(change.has_value() != itemError.isError(), "decoded or rejected with a reason");
            if (!change)
                continue;
            ICP_FUZZ_CHECK(!change->agentId.isEmpty(), "an accepted change names its agent");
            ICP_FUZZ_CHECK(change->capacity >= 0 && change->capacity <= kMaxAgentCapacity, "capacity in range");
            DecodeError againError;
            const auto again = decodeDocument<AgentAvailability>(dumpJson(change->toJson()), againError);
            ICP_FUZZ_CHECK(again && *again == *change, "an accepted change survives encode + decode unchanged");
        }
    }

    fuzz::roundTrip<AgentAvailability>(text);
    fuzz::roundTrip<BulkCapacityRequest>(text);
    return 0;
}
