#pragma once
// A scenario: the simulated contact center (regions with their contention settings, trunks, skill groups,
// agents, campaigns, foreign writers) and what happens to it over time (the timeline).

#include "Agent.h"
#include "Campaign.h"
#include "JsonCodec.h"

#include <QHash>
#include <QList>
#include <QSet>
#include <QStringList>

namespace icp {

struct RangeMs
{
    int min = 0;
    int max = 0;
    bool operator==(const RangeMs &) const = default;
};

struct ReconcilerSpec
{
    enum class Mode : quint8 { Sync, Async };
    Mode mode = Mode::Sync;
    RangeMs baseDelayMs{100, 300};
    RangeMs serviceMs{15, 40};
    bool mergeQueued = false; // whether a queued recompute of a group absorbs a new trigger of that group
    bool operator==(const ReconcilerSpec &) const = default;
};

struct OAuthClientSpec
{
    QString clientId;
    QString clientSecret; // simulator-side only; the console never logs or stores it
    QStringList scopes;
    bool operator==(const OAuthClientSpec &) const = default;
};

struct RegionSpec
{
    QString id;
    QString displayName;
    int latencyMeanMs = 20;   // one network leg (request or response)
    int latencyJitterMs = 5;  // uniform +/- around the mean
    int rateLimitPerMinute = 300;
    int tokenLifetimeS = 86400;
    ReconcilerSpec reconciler;
    QList<OAuthClientSpec> clients;
    bool operator==(const RegionSpec &) const = default;
};

struct TrunkSpec
{
    QString id;
    QString name;
    QString region;
    QStringList proxies; // register proxy addresses
    int maxConcurrentCalls = 100;
    bool operator==(const TrunkSpec &) const = default;
};

struct SkillGroupSpec
{
    QString id;
    QString name;
    QString region;
    QStringList trunkIds;
    bool operator==(const SkillGroupSpec &) const = default;
};

// A block of generated agents: `count` agents of one skill group, spread over its trunks.
struct AgentBlockSpec
{
    QString skillGroupId;
    QString idPrefix;
    QString site;
    int count = 0;
    int capacity = 1;       // capacity when logged in
    int initiallyLoggedIn = 0;
    bool operator==(const AgentBlockSpec &) const = default;
};

struct ForeignWriterSpec
{
    QString region;
    QStringList skillGroupIds; // empty: every group of the region
    double writesPerMinute = 0;
    QString modifiedBy = QStringLiteral("admin");
    qint64 fromMs = 0;
    qint64 untilMs = std::numeric_limits<qint64>::max();
    bool operator==(const ForeignWriterSpec &) const = default;
};

// One entry of the timeline as written; expanded to concrete events by ScenarioTimeline.
struct TimelineSpec
{
    enum class Kind : quint8 { Agent, Surge, Churn, TrunkRegistration };
    Kind kind = Kind::Agent;
    qint64 atMs = 0;
    // Agent
    QString agentId;
    AgentStatus status = AgentStatus::Available;
    std::optional<int> capacity;
    // Surge / Churn
    QStringList regions; // empty: all regions
    int agents = 0;
    qint64 overMs = 0;   // surge spread, churn duration
    double ratePerS = 0; // churn, per region
    // TrunkRegistration
    QString trunkId;
    int proxyIndex = 0;
    bool registered = true;
    QString errorText;
    bool operator==(const TimelineSpec &) const = default;
};

struct Scenario
{
    QString name;
    QString description;
    qint64 startTimeMs = 0; // simulated wall-clock time at t = 0
    qint64 durationMs = 0;  // timeline length
    QList<RegionSpec> regions;
    QList<TrunkSpec> trunks;
    QList<SkillGroupSpec> skillGroups;
    QList<AgentBlockSpec> agentBlocks;
    QList<Agent> agents; // explicit agents plus the expanded blocks
    QList<Campaign> campaigns;
    QList<ForeignWriterSpec> foreignWriters;
    QList<TimelineSpec> timeline;

    // Derived lookups.
    const RegionSpec *region(const QString &id) const;
    const TrunkSpec *trunk(const QString &id) const;
    const SkillGroupSpec *skillGroup(const QString &id) const;
    const Agent *agent(const QString &id) const;
    int initialCapacity(const QString &agentId) const;
    bool initiallyLoggedIn(const QString &agentId) const;
    QStringList regionIds() const;

    // Strict decode plus cross-reference checks (unknown region/trunk/group -> path-named error).
    static Scenario fromJson(JsonIn &in);

    // Loads a file path, or a built-in name ("seed-peak") from the resources.
    static std::optional<Scenario> load(const QString &nameOrPath, QString *error);
    static QStringList builtInNames();

private:
    QHash<QString, int> m_agentIndex;
    QHash<QString, int> m_capacity;
    QSet<QString> m_loggedIn;
    friend class ScenarioIndexer;
    void buildIndex();
};

} // namespace icp
