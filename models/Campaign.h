#pragma once
#include "JsonCodec.h"

#include <QMetaType>
#include <QStringList>

namespace icp {

enum class DialingMode : quint8 { Agentless, Preview, Power, Predictive, Progressive, External };
enum class CampaignStatus : quint8 { On, Stopping, Off, Complete, Invalid };

// A Genesys outbound campaign, plus the console's mapping to the skill groups that staff it.
struct Campaign
{
    QString id;
    QString name;
    QString region;            // console-derived
    QStringList skillGroupIds; // console-derived
    DialingMode dialingMode = DialingMode::Predictive;
    int outboundLineCount = 0;
    double maxCallsPerAgent = 1.0;
    double abandonRate = 5.0;
    int priority = 5;
    CampaignStatus campaignStatus = CampaignStatus::Off;
    qint64 version = 1;

    static Campaign fromJson(JsonIn &in);
    Json toJson() const;
    bool operator==(const Campaign &) const = default;
};

// The two pacing fields the console recommends and writes.
struct PacingSetting
{
    int outboundLineCount = 0;
    double maxCallsPerAgent = 1.0;
    bool operator==(const PacingSetting &) const = default;
};

// Body of PATCH /api/v2/outbound/campaigns/{id}: only the pacing fields, no version.
struct CampaignPacingPatch
{
    std::optional<int> outboundLineCount;
    std::optional<double> maxCallsPerAgent;
    std::optional<double> abandonRate;

    static CampaignPacingPatch fromJson(JsonIn &in);
    Json toJson() const;
    bool operator==(const CampaignPacingPatch &) const = default;
};

// GET /api/v2/outbound/campaigns (one page, Genesys paging).
struct CampaignPage
{
    QList<Campaign> entities;
    int pageSize = 25;
    int pageNumber = 1;
    int total = 0;
    int pageCount = 1;

    static CampaignPage fromJson(JsonIn &in);
};

// GET /api/v2/outbound/campaigns/{id}/stats (the fields the console reads).
struct CampaignStats
{
    int idleAgents = 0;
    double effectiveIdleAgents = 0;
    double adjustedCallsPerAgent = 0;
    int outstandingCalls = 0;
    int assignedOutboundLines = 0;
    int totalAvailableOutboundLines = 0;

    static CampaignStats fromJson(JsonIn &in);
    Json toJson() const;
    bool operator==(const CampaignStats &) const = default;
};

} // namespace icp

Q_DECLARE_METATYPE(icp::Campaign)
