#pragma once
// The one writer of one outbound campaign's pacing. At most one write in flight and, unless a write is urgent (a
// trunk lost its registration, or a person pressed Apply now), at most one write per window: what is wanted
// meanwhile replaces what was wanted before. PATCH carries only the pacing fields and needs no version; in PUT
// mode the whole campaign goes with the version it was read at, and a 409 is recorded as a ConflictRecord, the
// campaign re-read and the pacing rebased on it (keeping the other writer's fields). Requests take the region
// lane's slots (token bucket, breaker, retry budget) like the skill-group writers.

#include "ApiError.h"
#include "Campaign.h"
#include "Clock.h"
#include "EngineSnapshot.h"
#include "IcpClient.h"

#include <QObject>

#include <optional>

namespace icp {

class WriterHost;

class CampaignWriter final : public QObject
{
    Q_OBJECT
public:
    CampaignWriter(Campaign campaign, WriterHost &host, QObject *parent = nullptr);
    ~CampaignWriter() override;

    const Campaign &campaign() const { return m_campaign; }
    PacingSetting applied() const { return {m_campaign.outboundLineCount, m_campaign.maxCallsPerAgent}; }
    // The campaign as read or published by the platform (listing, event stream): version and pacing.
    void noteServer(const Campaign &campaign);
    // Write this pacing: coalesced into the window unless urgent.
    void want(const PacingSetting &setting, bool urgent);
    // Drop a wanted write that has not left (auto-pacing switched off).
    void dropWanted();
    // The region was resumed or unblocked: a wanted write goes again.
    void kick();

    // Fills the write part of a row.
    void fill(CampaignRow &row) const;
    int writes() const { return m_writes; }

private:
    enum class State : quint8 { Idle, Waiting, Queued, InFlight, ReReading, BackingOff, Throttled, Blocked, Failed };
    static QString stateName(State s);

    void setState(State s);
    void scheduleAt(qint64 atMs);
    void cancelTimer();
    void requestSlot();
    void onSlot();
    void onAnswer(const ApiResult<Campaign> &r, qint64 sentVersion, const QByteArray &sentBody);
    void onConflict(const ApiError &e, qint64 sentVersion, const QByteArray &sentBody);
    void afterReread(const ApiResult<Campaign> &r);
    void retryLater(const QString &why, std::optional<int> retryAfterS, State state);
    void giveUp(const QString &why);
    void adopt(const Campaign &server);
    bool needsWrite() const;

    Campaign m_campaign;   // as the platform holds it, as far as known
    WriterHost &m_host;
    State m_state = State::Idle;
    std::optional<PacingSetting> m_wanted;
    bool m_urgent = false;
    qint64 m_lastSendMs = -1;
    qint64 m_appliedAtMs = 0;
    TimerId m_timer = 0;
    qint64 m_timerAtMs = 0;
    int m_attempt = 0;     // failed sends of the current wish
    int m_conflictRun = 0; // 409s in a row
    int m_writes = 0;
    int m_conflicts = 0;
    qint64 m_openConflictId = 0;
    QString m_lastError;
};

} // namespace icp
