#pragma once
#include "FaultPlan.h"
#include "RateLimiter.h"
#include "Reconciler.h"
#include "SimCore.h"
#include "Trunk.h"

#include <QHash>
#include <QUrlQuery>

#include <deque>
#include <memory>

namespace icp::sim {

// One region of the simulator: its own tokens, rate limits, reconciler, faults and state.
class RegionSim
{
public:
    RegionSim(SimCore &core, const RegionSpec &spec, quint64 seed);
    ~RegionSim();

    const RegionSpec &spec() const { return m_spec; }
    void handle(const HttpRequest &request, ResponseCallback done);

    // Platform side (timeline, foreign writers).
    void applyPlatformChange(const TimelineEvent &event);
    void applyTrunkRegistration(const TimelineEvent &event);
    void foreignWrite(const QString &groupId, const QString &modifiedBy);
    void foreignCampaignEdit(const QString &campaignId, double abandonRate);
    const Campaign *campaignById(const QString &id) const;
    QList<CampaignWrite> campaignWrites(const QString &id) const { return m_campaignWrites.value(id); }

    QList<SimEvent> eventsSince(qint64 lastId) const;
    qint64 downUntilMs() const { return m_downUntilMs; }
    const SimCounters &counters() const { return m_counters; }
    const GroupState *group(const QString &id) const;
    QStringList groupIds() const { return m_groupOrder; }
    const QHash<QString, int> &effectsByKey() const { return m_effects; }
    int reconcilerBacklog() const { return m_reconciler->backlog(); }
    Json stateJson() const;

private:
    struct Token
    {
        QString clientId;
        QStringList scopes;
        qint64 expiresAtMs = 0;
        bool revoked = false;
        std::shared_ptr<RateLimiter> limiter;
    };
    struct StoredResult
    {
        QByteArray bodyHash;
        int status = 0;
        QByteArray body;
        qint64 storedAtMs = 0;
    };
    struct Routed; // request context while it is being answered

    // Answers after the response leg (and any injected latency).
    void respond(const ResponseCallback &done, HttpResponse response, int extraLatencyMs = 0);
    HttpResponse process(const HttpRequest &request, int *extraLatencyMs, bool *stall);
    HttpResponse route(const HttpRequest &request, const QString &path, const QUrlQuery &query, Token *token);

    // Auth and limits: on failure fills `response` and returns null.
    Token *authorize(const HttpRequest &request, const QString &scope1, const QString &scope2, HttpResponse &response,
                     bool genesysShape);
    HttpResponse issueToken(const HttpRequest &request);

    // ICP routes.
    HttpResponse listSkillGroups();
    HttpResponse getSkillGroup(const QString &id);
    HttpResponse listAgents(const QUrlQuery &query);
    HttpResponse bulkCapacity(const HttpRequest &request, const QString &groupId, const Token &token);
    // Genesys-shaped routes (RegionSimGenesys.cpp).
    HttpResponse listTrunks(const QUrlQuery &query);
    HttpResponse trunkMetrics(const QUrlQuery &query);
    HttpResponse listCampaigns();
    HttpResponse campaign(const HttpRequest &request, const QString &id);
    HttpResponse writeCampaign(const HttpRequest &request, Campaign &campaign);
    HttpResponse campaignStats(const QString &id);
    // Hooks.
    HttpResponse postFault(const HttpRequest &request);

    HttpResponse json(int status, const Json &body);
    HttpResponse icpError(int status, const QString &errorCode, const QString &message, Json extra = Json::object());
    HttpResponse genesysError(int status, const QString &code, const QString &message);
    QByteArray nextCorrelationId();

    void bumpVersion(GroupState &g, const QString &modifiedBy);
    void publish(const QString &topic, const Json &data);
    Json groupEvent(const GroupState &g) const;
    Json trunkEvent(const Trunk &t) const;
    TrunkMetrics metricsFor(const QString &trunkId) const;
    qint64 legMs();
    int campaignIndex(const QString &id) const;

    SimCore &m_core;
    RegionSpec m_spec;
    Random m_rng;
    std::unique_ptr<Reconciler> m_reconciler;
    FaultPlan m_faults;
    QHash<QString, Token> m_tokens;
    int m_refuseTokenRequests = 0;
    QHash<QString, StoredResult> m_idempotency;
    QHash<QString, int> m_effects;
    QHash<QString, GroupState> m_groups;
    QStringList m_groupOrder;
    QHash<QString, QString> m_agentGroup;               // agent -> group (ICP membership)
    QHash<QString, AgentAvailability> m_platformAgents; // what the platform knows now
    QList<Trunk> m_trunks;
    QList<Campaign> m_campaigns;
    QHash<QString, QList<CampaignWrite>> m_campaignWrites;
    SimCounters m_counters;
    std::deque<SimEvent> m_events;
    qint64 m_nextEventId = 1;
    qint64 m_lastEventDeliveryMs = 0;
    qint64 m_lastResponseMs = 0;
    qint64 m_downUntilMs = 0;
    quint64 m_correlation = 0;
};

} // namespace icp::sim
