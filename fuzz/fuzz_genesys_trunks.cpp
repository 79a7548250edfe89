// libFuzzer target: the Genesys-shaped trunk answers (the paged BYOC trunk listing and /trunks/metrics, one
// entry and the listing). Accepted values must round-trip.
#include "FuzzSupport.h"

#include "Trunk.h"

using namespace icp;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray text = fuzz::input(data, size);

    if (auto page = fuzz::roundTrip<TrunkPage>(
            text, [](const TrunkPage &v) { return v.toJson(); },
            [](const TrunkPage &a, const TrunkPage &b) {
                return a.entities == b.entities && a.pageSize == b.pageSize && a.pageNumber == b.pageNumber
                    && a.total == b.total && a.pageCount == b.pageCount;
            })) {
        for (const Trunk &t : page->entities) {
            const int registered = t.registeredProxyCount();
            ICP_FUZZ_CHECK(registered >= 0 && registered <= t.registersStatus.size(), "registered proxy count");
            ICP_FUZZ_CHECK(!t.isRegistered() || registered == t.registersStatus.size(), "isRegistered");
        }
    }

    fuzz::roundTrip<TrunkMetrics>(text);
    fuzz::roundTrip<TrunkMetricsList>(
        text,
        [](const TrunkMetricsList &v) {
            Json e = Json::array();
            for (const auto &m : v.entities)
                e.push_back(m.toJson());
            return Json{{"entities", std::move(e)}};
        },
        [](const TrunkMetricsList &a, const TrunkMetricsList &b) { return a.entities == b.entities; });
    return 0;
}
