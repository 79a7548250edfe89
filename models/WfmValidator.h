#pragma once
// The checks on a decoded WFM item that need context: the agent must be on the scenario's roster (which also
// says where the change goes: region and skill group), and the timestamp must not be later than a reference
// plus the allowed skew. Live sources (the ingest endpoint) use the console's clock as the reference; a replay
// uses its own position in the file (see ReplayFeed). Stale and duplicate items are not decided here: the
// outbox decides them against what it holds (AcceptOutcome) and outcomeReason() names them.

#include "OutboxTypes.h"
#include "WfmAvailability.h"

#include <QHash>
#include <QMap>

namespace icp {

struct WfmVerdict
{
    std::optional<OutboxChange> change;
    WfmRejection rejection; // meaningful when !change

    bool ok() const { return change.has_value(); }
};

// Counts for a report: what a source offered and what became of it.
struct WfmTally
{
    qint64 accepted = 0;  // taken by the outbox (accepted or superseding a pending change)
    qint64 stale = 0;
    qint64 duplicate = 0;
    qint64 rejected = 0;
    QMap<QString, qint64> rejectedByReason; // reason code -> count

    void addRejection(WfmReason reason);
    void addOutcomes(const AcceptResult &result);
    void add(const WfmTally &other);
    Json toJson() const;
};

class WfmValidator
{
public:
    static constexpr qint64 kDefaultMaxSkewMs = 5000;

    explicit WfmValidator(const QList<Agent> &roster, qint64 maxSkewMs = kDefaultMaxSkewMs);

    // How the reference is named in future_timestamp messages ("the console's clock", "the replay position").
    void setReferenceName(const QString &name) { m_referenceName = name; }
    qint64 maxSkewMs() const { return m_maxSkewMs; }
    bool knowsAgent(const QString &agentId) const { return m_roster.contains(agentId); }

    // A decoded item -> the change to offer the outbox, or why not. Items the decoder rejected stay rejected.
    WfmVerdict check(const WfmItem &item, qint64 referenceMs) const;

    // The counted (not rejected) outcomes of the outbox: duplicate and stale; nullopt for the others.
    static std::optional<WfmReason> outcomeReason(AcceptOutcome outcome);

private:
    struct Placement
    {
        QString region;
        QString skillGroupId;
    };
    QHash<QString, Placement> m_roster;
    qint64 m_maxSkewMs;
    QString m_referenceName = QStringLiteral("the console's clock");
};

} // namespace icp
