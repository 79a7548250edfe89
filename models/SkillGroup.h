#pragma once
#include "Agent.h"

#include <QList>
#include <QMetaType>
#include <QStringList>

namespace icp {

// The ICP holds one of these per member of a trunk-based skill group.
// Wire shape: {agentId, status, capacity, sourceTimestamp}, the same as a WFM availability change.
using SkillGroupMember = AgentAvailability;

struct SkillGroup
{
    QString id;
    QString name;
    QString region;
    QStringList trunkIds;
    qint64 version = 1;
    QString modifiedBy;
    qint64 modifiedAtMs = 0;
    int memberCount = 0;
    QList<SkillGroupMember> members; // only in GET /skillgroups/{id}
    bool hasMembers = false;         // whether `members` was present on the wire

    static SkillGroup fromJson(JsonIn &in);
    Json toJson(bool withMembers) const;
    bool operator==(const SkillGroup &) const = default;
};

struct SkillGroupList
{
    QList<SkillGroup> entities;
    static SkillGroupList fromJson(JsonIn &in);
    Json toJson() const;
};

} // namespace icp

Q_DECLARE_METATYPE(icp::SkillGroup)
