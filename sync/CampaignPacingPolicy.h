#pragma once
// How a campaign's pacing follows its effective capacity (see docs/icp-api.md, "Campaign pacing").
#include <QtGlobal>

namespace icp {

struct CampaignPacingPolicy
{
    double linesPerCapacity = 1.5; // outbound lines per unit of effective capacity (the over-dial ratio)
    int minLines = 1;              // floor: outboundLineCount never goes below it
    int maxLines = 200;            // ceiling
    double minCallsPerAgent = 1.0;
    double maxCallsPerAgent = 3.0;
    // Dead band: a move of the lines by no more than max(deadBandLines, deadBandShare x current lines), and of
    // maxCallsPerAgent by no more than deadBandCalls, changes nothing.
    int deadBandLines = 2;
    double deadBandShare = 0.10;
    double deadBandCalls = 0.25;
};

} // namespace icp
