#pragma once
#include "Agent.h"

#include <QList>
#include <QMetaType>

namespace icp {

// One item of a bulk capacity write; the wire shape of an availability change.
using CapacityUpdate = AgentAvailability;

inline constexpr int kMaxBulkUpdates = 100;

// Body of POST /api/v1/icp/skillgroups/{id}/capacity:bulk
struct BulkCapacityRequest
{
    qint64 expectedVersion = 0;
    QList<CapacityUpdate> updates;

    static BulkCapacityRequest fromJson(JsonIn &in); // at least one update; the server enforces the cap
    Json toJson() const;
    bool operator==(const BulkCapacityRequest &) const = default;
};

enum class UpdateOutcome : quint8 { Applied, Stale, Rejected };
QString updateOutcomeName(UpdateOutcome o);

struct CapacityUpdateResult
{
    QString agentId;
    UpdateOutcome outcome = UpdateOutcome::Applied;
    QString reason;

    static CapacityUpdateResult fromJson(JsonIn &in);
    Json toJson() const;
    bool operator==(const CapacityUpdateResult &) const = default;
};

// 200 answer of a bulk write.
struct BulkCapacityResponse
{
    qint64 version = 0;
    QList<CapacityUpdateResult> results;

    static BulkCapacityResponse fromJson(JsonIn &in);
    Json toJson() const;
    bool operator==(const BulkCapacityResponse &) const = default;
};

} // namespace icp

Q_DECLARE_METATYPE(icp::BulkCapacityRequest)
Q_DECLARE_METATYPE(icp::BulkCapacityResponse)
