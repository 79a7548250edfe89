// libFuzzer target: the outbound campaign bodies (a campaign as GET/PUT carries it, the pacing PATCH body, the
// stats answer). Accepted values must round-trip.
#include "FuzzSupport.h"

#include "Campaign.h"

using namespace icp;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray text = fuzz::input(data, size);
    fuzz::roundTrip<Campaign>(text);
    fuzz::roundTrip<CampaignPacingPatch>(text);
    fuzz::roundTrip<CampaignStats>(text);
    return 0;
}
