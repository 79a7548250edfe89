#include "CampaignWriter.h"

#include "RegionLane.h"
#include "SkillGroupWriter.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcCampaign, "icp.engine.campaign", QtInfoMsg)

namespace icp {

namespace {
bool samePacing(const PacingSetting &a, const PacingSetting &b)
{
    return a.outboundLineCount == b.outboundLineCount && qAbs(a.maxCallsPerAgent - b.maxCallsPerAgent) < 1e-6;
}
} // namespace

CampaignWriter::CampaignWriter(Campaign campaign, WriterHost &host, QObject *parent)
    : QObject(parent)
    , m_campaign(std::move(campaign))
    , m_host(host)
{
}

CampaignWriter::~CampaignWriter()
{
    cancelTimer();
}

QString CampaignWriter::stateName(State s)
{
    switch (s) {
    case State::Idle: return QStringLiteral("idle");
    case State::Waiting: return QStringLiteral("waiting");
    case State::Queued: return QStringLiteral("queued");
    case State::InFlight: return QStringLiteral("in flight");
    case State::ReReading: return QStringLiteral("re-reading");
    case State::BackingOff: return QStringLiteral("backing off");
    case State::Throttled: return QStringLiteral("throttled");
    case State::Blocked: return QStringLiteral("blocked");
    case State::Failed: return QStringLiteral("failed");
    }
    return {};
}

void CampaignWriter::setState(State s)
{
    m_state = s;
    m_host.changed();
}

void CampaignWriter::cancelTimer()
{
    if (m_timer)
        m_host.clock().cancel(m_timer);
    m_timer = 0;
    m_timerAtMs = 0;
}

void CampaignWriter::scheduleAt(qint64 atMs)
{
    cancelTimer();
    m_timerAtMs = atMs;
    m_timer = m_host.clock().callAt(atMs, this, [this]() {
        m_timer = 0;
        m_timerAtMs = 0;
        requestSlot();
    });
}

bool CampaignWriter::needsWrite() const
{
    return m_wanted && !samePacing(*m_wanted, applied());
}

void CampaignWriter::adopt(const Campaign &server)
{
    // The listing and the answers carry the console's mapping only in the simulator; keep ours.
    const QString region = m_campaign.region;
    const QStringList groups = m_campaign.skillGroupIds;
    m_campaign = server;
    if (m_campaign.region.isEmpty())
        m_campaign.region = region;
    if (m_campaign.skillGroupIds.isEmpty())
        m_campaign.skillGroupIds = groups;
}

void CampaignWriter::noteServer(const Campaign &campaign)
{
    if (campaign.version < m_campaign.version)
        return;
    adopt(campaign);
    m_host.changed();
}

void CampaignWriter::want(const PacingSetting &setting, bool urgent)
{
    m_wanted = setting;
    if (m_state == State::Failed || m_state == State::Idle) {
        m_attempt = 0;
        m_lastError.clear();
        m_state = State::Idle;
    }
    if (!needsWrite()) {
        if (m_state == State::Waiting) {
            cancelTimer();
            setState(State::Idle);
        }
        return;
    }
    m_urgent = m_urgent || urgent;
    const qint64 now = m_host.clock().nowMs();
    if (m_state == State::Idle || m_state == State::Waiting) {
        const qint64 due = m_urgent || m_lastSendMs < 0 ? now : qMax(now, m_lastSendMs + m_host.config().campaignWindowMs);
        if (m_state == State::Waiting && m_timerAtMs <= due)
            return; // already due no later
        setState(State::Waiting);
        scheduleAt(due);
        return;
    }
    if (m_urgent && m_state == State::BackingOff && m_timerAtMs > now)
        scheduleAt(now); // a registration loss does not wait out a backoff (Retry-After still holds the lane)
    // In flight, queued or re-reading: the answer looks at m_wanted again.
    m_host.changed();
}

void CampaignWriter::dropWanted()
{
    m_wanted.reset();
    m_urgent = false;
    if (m_state == State::Waiting || m_state == State::BackingOff || m_state == State::Throttled || m_state == State::Failed) {
        cancelTimer();
        m_attempt = 0;
        setState(State::Idle);
    }
}

void CampaignWriter::kick()
{
    if (m_state == State::Blocked)
        setState(State::Idle);
    if (m_state == State::Idle && needsWrite())
        want(*m_wanted, true);
}

void CampaignWriter::requestSlot()
{
    cancelTimer();
    setState(State::Queued);
    m_host.lane(m_campaign.region).acquire(this, [this]() { onSlot(); });
}

void CampaignWriter::onSlot()
{
    RegionLane &lane = m_host.lane(m_campaign.region);
    if (!needsWrite()) {
        lane.release(ErrorCategory::None);
        m_urgent = false;
        setState(State::Idle);
        return;
    }
    const qint64 now = m_host.clock().nowMs();
    m_lastSendMs = now;
    m_urgent = false;
    ++m_writes;
    ++m_host.regionCounters(m_campaign.region).requests;
    setState(State::InFlight);
    const PacingSetting s = *m_wanted;
    auto done = [this, version = m_campaign.version](const QByteArray &body) {
        return [this, version, body](ApiResult<Campaign> r) { onAnswer(r, version, body); };
    };
    if (m_host.config().campaignUsePut) {
        Campaign c = m_campaign;
        c.outboundLineCount = s.outboundLineCount;
        c.maxCallsPerAgent = s.maxCallsPerAgent;
        lane.client()->putCampaign(c, done(IcpClient::campaignPutBody(c)));
    } else {
        CampaignPacingPatch patch;
        patch.outboundLineCount = s.outboundLineCount;
        patch.maxCallsPerAgent = s.maxCallsPerAgent;
        lane.client()->patchCampaign(m_campaign.id, patch, done(dumpJson(patch.toJson())));
    }
}

void CampaignWriter::onAnswer(const ApiResult<Campaign> &r, qint64 sentVersion, const QByteArray &sentBody)
{
    RegionLane &lane = m_host.lane(m_campaign.region);
    const ErrorCategory cat = r.ok() ? ErrorCategory::None : r.error.category;
    lane.release(cat);
    const qint64 now = m_host.clock().nowMs();
    const QString &region = m_campaign.region;
    if (r.ok()) {
        adopt(*r.value);
        m_appliedAtMs = now;
        if (m_openConflictId) {
            const ConflictAttempt a{now, 0, QStringLiteral("applied")};
            m_host.updateConflict(m_openConflictId, QStringLiteral("applied at attempt %1").arg(m_conflictRun + 1), &a);
            m_openConflictId = 0;
        }
        m_attempt = 0;
        m_conflictRun = 0;
        m_lastError.clear();
        m_host.regionSuccess(region);
        setState(State::Idle);
        if (needsWrite())
            want(*m_wanted, false); // changed meanwhile: the next write waits for the window
        return;
    }
    const ApiError &e = r.error;
    StrategyCounters &c = m_host.regionCounters(region);
    ++c.errorsByCategory[errorCategoryName(cat)];
    switch (cat) {
    case ErrorCategory::Conflict:
        onConflict(e, sentVersion, sentBody);
        return;
    case ErrorCategory::RateLimited:
    case ErrorCategory::Unavailable:
        (cat == ErrorCategory::RateLimited ? c.throttled429 : c.errors5xx)++;
        lane.holdUntil(now + qint64(e.retryAfterS.value_or(1)) * 1000);
        retryLater(e.summary(), e.retryAfterS, State::Throttled);
        return;
    case ErrorCategory::Unauthorized:
    case ErrorCategory::Forbidden: {
        ++c.otherErrors;
        const QString msg = cat == ErrorCategory::Unauthorized
            ? QStringLiteral("%1: token rejected (401) writing campaign %2; check the client id and secret in Settings > Regions").arg(region, m_campaign.name)
            : QStringLiteral("%1: missing scope %2 (403) writing campaign %3; grant it to the OAuth client")
                  .arg(region, e.missingScope.isEmpty() ? QStringLiteral("outbound:campaign:edit") : e.missingScope, m_campaign.name);
        m_lastError = msg;
        m_host.regionError(region, msg, true);
        setState(State::Blocked);
        return;
    }
    case ErrorCategory::Validation:
    case ErrorCategory::NotFound:
    case ErrorCategory::PayloadTooLarge:
    case ErrorCategory::UnsupportedMedia:
        ++c.otherErrors;
        giveUp(QStringLiteral("the platform refused the pacing: ") + e.summary());
        return;
    default: {
        if (cat == ErrorCategory::ServerError)
            ++c.errors5xx;
        else
            ++c.otherErrors;
        // PATCH of the same pacing is idempotent, and a PUT that did land answers the resend with a 409 and a
        // re-read that shows the pacing held: resending is safe either way.
        const RetryGrant grant = lane.budget().tryAcquireRetry(cat, now);
        if (!grant.allowed) {
            retryLater(QStringLiteral("retry budget exhausted; waiting (%1)").arg(e.summary()),
                       int(m_host.config().backoff.capMs / 1000), State::BackingOff);
            return;
        }
        retryLater(e.summary(), e.retryAfterS, State::BackingOff);
        return;
    }
    }
}

void CampaignWriter::onConflict(const ApiError &e, qint64 sentVersion, const QByteArray &sentBody)
{
    const qint64 now = m_host.clock().nowMs();
    const QString region = m_campaign.region;
    ++m_host.regionCounters(region).conflicts409;
    ++m_conflicts;
    ConflictRecord rec;
    rec.atMs = now;
    rec.region = region;
    rec.skillGroupId = m_campaign.id;
    rec.campaignId = m_campaign.id;
    rec.expectedVersion = sentVersion;
    rec.currentVersion = e.currentVersion.value_or(0);
    rec.modifiedBy = e.modifiedBy;
    rec.modifiedAtMs = e.modifiedAtMs;
    rec.sinceOurLastWriteMs = m_appliedAtMs > 0 ? now - m_appliedAtMs : -1;
    rec.requestBody = sentBody;
    rec.responseBody = e.rawBody;
    rec.responseHeaders = e.headers;
    rec.correlationId = e.correlationId;
    rec.attempts = {ConflictAttempt{now, 0, QStringLiteral("409 against version %1").arg(sentVersion)}};
    rec.resolution = QStringLiteral("re-reading");
    if (m_openConflictId)
        m_host.updateConflict(m_openConflictId, QStringLiteral("conflicted again at attempt %1").arg(m_conflictRun + 1), nullptr);
    m_host.recordConflict(rec);
    m_openConflictId = rec.id;
    m_lastError = e.summary();
    setState(State::ReReading);
    RegionLane &lane = m_host.lane(region);
    lane.acquire(this, [this, &lane]() {
        ++m_host.regionCounters(m_campaign.region).requests;
        lane.client()->getCampaign(m_campaign.id, [this, &lane](ApiResult<Campaign> g) {
            lane.release(g.ok() ? ErrorCategory::None : g.error.category);
            afterReread(g);
        });
    });
}

void CampaignWriter::afterReread(const ApiResult<Campaign> &g)
{
    if (!g.ok()) {
        retryLater(QStringLiteral("re-read after 409 failed: ") + g.error.summary(), g.error.retryAfterS, State::BackingOff);
        return;
    }
    adopt(*g.value);
    const qint64 now = m_host.clock().nowMs();
    if (!needsWrite()) {
        m_host.updateConflict(m_openConflictId, QStringLiteral("superseded: the campaign already holds this pacing"), nullptr);
        m_openConflictId = 0;
        m_conflictRun = 0;
        setState(State::Idle);
        return;
    }
    ++m_conflictRun;
    // A conflict never gives the pacing up; a long run of them slows down to the failure backoff.
    const int storm = m_conflictRun - m_host.config().maxAttempts + 1;
    const qint64 delay = storm > 0 ? m_host.backoffDelayMs(storm, std::nullopt) : m_host.conflictBackoffDelayMs(m_conflictRun);
    const ConflictAttempt a{now, delay, QStringLiteral("rebased on version %1").arg(m_campaign.version)};
    m_host.updateConflict(m_openConflictId,
                          QStringLiteral("rebased on version %1; retrying after %2 ms").arg(m_campaign.version).arg(delay), &a);
    setState(State::BackingOff);
    scheduleAt(now + delay);
}

void CampaignWriter::retryLater(const QString &why, std::optional<int> retryAfterS, State state)
{
    m_lastError = why;
    ++m_attempt;
    if (m_attempt >= m_host.config().maxAttempts) {
        giveUp(QStringLiteral("gave up after %1 attempts: %2").arg(m_attempt).arg(why));
        return;
    }
    const qint64 now = m_host.clock().nowMs();
    setState(state);
    scheduleAt(now + m_host.backoffDelayMs(m_attempt, retryAfterS));
}

void CampaignWriter::giveUp(const QString &why)
{
    // The pacing is recomputed from capacity, so there is nothing durable to park: the campaign keeps what it
    // holds, the row shows why, and the next recommendation or Apply now tries again.
    m_lastError = QStringLiteral("not applied: ") + why;
    m_host.regionError(m_campaign.region, QStringLiteral("%1: campaign %2: %3").arg(m_campaign.region, m_campaign.name, m_lastError), false);
    qCWarning(lcCampaign).noquote() << m_campaign.region << m_campaign.id << m_lastError;
    if (m_openConflictId) {
        m_host.updateConflict(m_openConflictId, QStringLiteral("gave up: ") + why, nullptr);
        m_openConflictId = 0;
    }
    m_wanted.reset();
    m_attempt = 0;
    m_conflictRun = 0;
    cancelTimer();
    setState(State::Failed);
}

void CampaignWriter::fill(CampaignRow &row) const
{
    row.applied = applied();
    row.appliedAtMs = m_appliedAtMs;
    row.writeState = stateName(m_state);
    row.nextWriteAtMs = m_timerAtMs;
    row.writes = m_writes;
    row.conflicts409 = m_conflicts;
    row.lastError = m_lastError;
}

} // namespace icp
