#pragma once
// The simulator's core: the ICP 1.2.4 and Genesys-shaped API, the per-region contention model (reconciler,
// rate limit, latency), idempotency, fault injection and the platform-side timeline, behind a
// transport-neutral request handler on an injectable clock. QHttpServer (SimHttpServer) and the in-process
// transport (InProcessTransport) are thin adapters over handle().

#include "Clock.h"
#include "HttpMessage.h"
#include "Scenario.h"
#include "ScenarioTimeline.h"

#include <QHash>
#include <QObject>

#include <deque>
#include <memory>

namespace icp::sim {

struct SimOptions
{
    bool hooksEnabled = true;     // /sim/v1/ test and bench hooks
    bool runTimeline = true;      // play the scenario's timeline on the platform side
    double latencyScale = 1.0;    // multiplies every network leg (0 disables latency)
    int eventBacklog = 20000;     // events kept per region for Last-Event-ID resume
};

// One Server-Sent Event.
struct SimEvent
{
    qint64 id = 0;
    QString topic;   // "trunks" | "skillgroups" | "campaigns"
    QByteArray data; // JSON object
};

// Counters per region, also served by GET /sim/v1/state.
struct SimCounters
{
    qint64 requests = 0;       // authenticated API requests (429s included)
    qint64 writes = 0;         // capacity:bulk requests that reached the version check
    qint64 writesApplied = 0;  // 200 answers of capacity:bulk (idempotent replays excluded)
    qint64 conflicts409 = 0;
    qint64 throttled429 = 0;
    qint64 errors5xx = 0;      // injected
    qint64 updatesApplied = 0;
    qint64 updatesStale = 0;
    qint64 updatesRejected = 0;
    qint64 idempotentReplays = 0;
    qint64 idempotencyKeyReused = 0; // 422: a key came back with another body
    qint64 reconcilerBumps = 0;
    qint64 foreignBumps = 0;
    qint64 platformChanges = 0;
    qint64 tokensIssued = 0;
    qint64 campaignWrites = 0;       // PATCH/PUT of outbound campaigns that reached the handler
    qint64 campaignConflicts409 = 0; // PUTs refused for a stale version
};

// One PATCH or PUT of a campaign as the simulator answered it (tests count writes per window).
struct CampaignWrite
{
    qint64 atMs = 0;
    QByteArray method;
    int status = 0;
};

struct MemberState
{
    AgentStatus status = AgentStatus::LoggedOut;
    int capacity = 0;
    qint64 sourceTimestampMs = 0;
    bool operator==(const MemberState &) const = default;
};

struct GroupState
{
    SkillGroupSpec spec;
    qint64 version = 1;
    QString modifiedBy;
    qint64 modifiedAtMs = 0;
    QHash<QString, MemberState> members; // what the ICP holds
    qint64 reconcilerBumps = 0;
};

class RegionSim;

class SimCore : public QObject
{
    Q_OBJECT
public:
    SimCore(Scenario scenario, quint64 seed, Clock &clock, SimOptions options = {}, QObject *parent = nullptr);
    ~SimCore() override;

    // Schedules the platform timeline and foreign writers; t = 0 is now. Call once.
    void start();

    const Scenario &scenario() const { return m_scenario; }
    QStringList regionIds() const;
    Clock &clock() const { return m_clock; }
    qint64 startedAtMs() const { return m_t0; }
    // Maps a timeline event's source timestamp onto this run's clock.
    qint64 runTimestamp(qint64 scenarioTimestampMs) const { return scenarioTimestampMs - m_scenario.startTimeMs + m_t0; }

    // The request handler. `done` runs later on this object's thread, after the simulated network legs. A
    // stalled answer never calls it. Unknown region -> connection refused.
    void handle(const QString &regionId, const HttpRequest &request, ResponseCallback done);

    // Server-Sent Events of a region with id > lastEventId, oldest first.
    QList<SimEvent> eventsSince(const QString &regionId, qint64 lastEventId) const;
    // Whether a region is taken down by an injected fault (listening socket closed) until the returned time.
    qint64 downUntilMs(const QString &regionId) const;

    // Direct read access for tests and benches.
    const SimCounters *counters(const QString &regionId) const;
    const GroupState *group(const QString &regionId, const QString &groupId) const;
    QStringList groupIds(const QString &regionId) const;
    QHash<QString, int> effectsByIdempotencyKey(const QString &regionId) const;
    int reconcilerBacklog(const QString &regionId) const;
    // What the platform sees when an agent changes outside the timeline (tests): may queue a recompute.
    void applyPlatformChange(const TimelineEvent &event);
    // Outbound campaigns as the simulator holds them, the writes each received, and an edit by someone else
    // (another integration or a person in the admin UI): bumps the version like any PUT.
    const Campaign *campaign(const QString &regionId, const QString &campaignId) const;
    QList<CampaignWrite> campaignWrites(const QString &regionId, const QString &campaignId) const;
    void foreignCampaignEdit(const QString &regionId, const QString &campaignId, double abandonRate);
    QByteArray stateJson() const;

Q_SIGNALS:
    // Emitted after the event's network leg; SSE streams write it.
    void eventPublished(const QString &regionId, const icp::sim::SimEvent &event);
    // An injected "down" fault: adapters close the region's listening socket until untilMs.
    void regionDown(const QString &regionId, qint64 untilMs);

private:
    friend class RegionSim;
    RegionSim *region(const QString &id) const;

    Scenario m_scenario;
    quint64 m_seed;
    Clock &m_clock;
    SimOptions m_options;
    qint64 m_t0 = 0;
    std::vector<std::unique_ptr<RegionSim>> m_regions;
};

} // namespace icp::sim

Q_DECLARE_METATYPE(icp::sim::SimEvent)
