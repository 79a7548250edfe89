#pragma once
// The availability sources a headless run can use instead of the scenario's WFM timeline: a replayed file
// (ReplayFeed) and the WFM ingest endpoint (WfmIngestServer), alone or together. Both commit through the same
// function (the engine's ingest) and report what the outbox took, so the run can check convergence, and what
// they rejected, so the summary can count it.

#include "ReplayFeed.h"
#include "WfmIngestServer.h"

#include <QObject>

#include <optional>

namespace icp {

struct WfmSourceOptions
{
    QString replayPath;              // empty: no replay
    bool asFastAsPossible = false;
    qint64 replayMaxGapMs = ReplayOptions::kDefaultMaxGapMs;
    std::optional<WfmIngestOptions> ingest; // set: serve POST /wfm/v1/availability

    bool isActive() const { return !replayPath.isEmpty() || ingest.has_value(); }
};

class WfmSources final : public QObject
{
    Q_OBJECT
public:
    // Called for every change the outbox took (accepted or superseding), with its mapped source timestamp.
    using Taken = std::function<void(const OutboxChange &change)>;

    WfmSources(WfmSourceOptions options, QList<Agent> roster, WfmCommit commit, Taken taken, Clock &clock,
               QObject *parent = nullptr);
    ~WfmSources() override;

    // Loads the replay (printing its rejected lines) and opens the endpoint; false with a clear message.
    bool start(qint64 runStartMs, QString *error);
    // The replay is over; an ingest endpoint never is (the run ends at --duration).
    bool isFinished() const;
    bool servesIngest() const { return m_server != nullptr; }
    quint16 ingestPort() const;
    QString progress() const;        // for the progress line
    WfmTally tally() const;          // replay and ingest together
    void addToSummary(Json &summary) const;

private:
    AcceptResult commit(const QList<OutboxChange> &changes);

    WfmSourceOptions m_options;
    QList<Agent> m_roster;
    WfmCommit m_commit;
    Taken m_taken;
    Clock &m_clock;
    ReplayFeed *m_replay = nullptr;
    WfmIngestServer *m_server = nullptr;
    WfmTally m_replayApplied; // outbox outcomes of the replayed lines
    QString m_commitError;    // the outbox refused a replay batch
};

} // namespace icp
