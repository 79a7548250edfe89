#pragma once
#include "JsonCodec.h"

#include <QMetaType>
#include <QString>

namespace icp {

enum class AgentStatus : quint8 { LoggedOut, Available, OnCall, AfterCallWork, Break };

QString agentStatusName(AgentStatus s); // wire name, e.g. "AFTER_CALL_WORK"
std::optional<AgentStatus> agentStatusFromName(const QString &name);
bool isLoggedIn(AgentStatus s);
inline constexpr int kMaxAgentCapacity = 32;

struct Agent
{
    QString id;
    QString name;
    QString site;
    QString region;
    QString trunkId;
    QString skillGroupId;

    static Agent fromJson(JsonIn &in);
    Json toJson() const;
    bool operator==(const Agent &) const = default;
};

// One availability change as the WFM system reports it.
struct AgentAvailability
{
    QString agentId;
    AgentStatus status = AgentStatus::LoggedOut;
    int capacity = 0;            // 0..32
    qint64 sourceTimestampMs = 0; // when the WFM system observed it (epoch ms)

    static AgentAvailability fromJson(JsonIn &in);
    Json toJson() const;
    bool operator==(const AgentAvailability &) const = default;
};

// The enum table shared by every codec that reads a status.
extern const std::pair<const char *, AgentStatus> kAgentStatusNames[5];

// ICP `GET /agents` answer, paged like the Genesys listings.
struct AgentPage
{
    QList<Agent> entities;
    int pageNumber = 1;
    int pageCount = 0;
    static AgentPage fromJson(JsonIn &in);
};

} // namespace icp

Q_DECLARE_METATYPE(icp::Agent)
Q_DECLARE_METATYPE(icp::AgentAvailability)
