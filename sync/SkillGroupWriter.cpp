#include "SkillGroupWriter.h"

#include "Outbox.h"
#include "ReconcilerModel.h"
#include "RegionLane.h"

#include <QCryptographicHash>
#include <QLoggingCategory>
#include <QSet>

Q_LOGGING_CATEGORY(lcWriter, "icp.engine.writer", QtInfoMsg)

namespace icp {

SkillGroupWriter::SkillGroupWriter(QString region, QString skillGroupId, WriterHost &host, QObject *parent)
    : QObject(parent)
    , m_region(std::move(region))
    , m_group(std::move(skillGroupId))
    , m_host(host)
{
}

SkillGroupWriter::~SkillGroupWriter()
{
    cancelTimer();
}

void SkillGroupWriter::countSuperseded(const OutboxBatch &batch, const QSet<QString> &held)
{
    StrategyCounters &c = m_host.regionCounters(m_region);
    for (const auto &ch : batch.changes) {
        if (held.contains(ch.agentId))
            continue;
        const auto e = m_host.outbox().entry(ch.agentId);
        if (e && e->change.sourceTimestampMs > ch.sourceTimestampMs)
            ++c.superseded;
    }
}

void SkillGroupWriter::setState(WriterState s)
{
    m_state = s;
    m_host.changed();
}

void SkillGroupWriter::cancelTimer()
{
    if (m_timer)
        m_host.clock().cancel(m_timer);
    m_timer = 0;
    m_timerAtMs = 0;
}

void SkillGroupWriter::schedule(qint64 atMs, void (SkillGroupWriter::*step)())
{
    cancelTimer();
    m_timerAtMs = atMs;
    m_timer = m_host.clock().callAt(atMs, this, [this, step]() {
        m_timer = 0;
        m_timerAtMs = 0;
        (this->*step)();
    });
}

bool SkillGroupWriter::churning(qint64 nowMs)
{
    while (!m_arrivals.empty() && nowMs - m_arrivals.front() > 1000)
        m_arrivals.pop_front();
    return int(m_arrivals.size()) >= m_host.config().churnChangesPerS;
}

void SkillGroupWriter::notifyPending(int count, qint64 nowMs)
{
    m_pending += count;
    for (int i = 0; i < count && m_arrivals.size() < 10000; ++i)
        m_arrivals.push_back(nowMs);
    if (m_cycleStartMs == 0)
        m_cycleStartMs = nowMs;
    if (m_state == WriterState::Idle)
        startGather();
}

void SkillGroupWriter::notifyVersion(qint64 version, const QString &modifiedBy)
{
    if (version <= m_knownVersion)
        return;
    const qint64 jump = m_knownVersion == 0 ? 1 : version - m_knownVersion;
    m_knownVersion = version;
    if (modifiedBy != m_host.clientId(m_region)) {
        const qint64 now = m_host.clock().nowMs();
        for (qint64 i = 0; i < qMin<qint64>(jump, 5); ++i) {
            m_predictor.onForeignBump(now);
            m_host.lane(m_region).reconciler().onBump(m_group, now);
        }
        m_host.regionBump(m_region, this);
    }
    if (m_state == WriterState::Settling) {
        m_bumpSeen = true;
        settleCheck();
        m_bumpSeen = false;
    }
}

void SkillGroupWriter::regionBump()
{
    if (m_state != WriterState::Settling || m_host.config().backlogWindowWaitMs <= 0)
        return;
    m_regionBumpSeen = true;
    settleCheck();
    m_regionBumpSeen = false;
}

void SkillGroupWriter::kick()
{
    if (m_state == WriterState::Blocked)
        setState(WriterState::Idle);
    if (m_state != WriterState::Idle)
        return;
    m_pending = qMax(m_pending, 1);
    if (m_cycleStartMs == 0)
        m_cycleStartMs = m_host.clock().nowMs();
    startGather();
}

void SkillGroupWriter::resumeBatch(const OutboxBatch &batch)
{
    m_resend = batch;
    m_cycleStartMs = batch.createdAtMs;
    requestSlot();
}

void SkillGroupWriter::startGather()
{
    const qint64 now = m_host.clock().nowMs();
    setState(WriterState::Gathering);
    const auto &cfg = m_host.config();
    schedule(now + (churning(now) ? cfg.churnGatherMs : cfg.quietGatherMs), &SkillGroupWriter::settleCheck);
}

void SkillGroupWriter::settleCheck()
{
    const qint64 now = m_host.clock().nowMs();
    const auto &cfg = m_host.config();
    const qint64 bound = (m_cycleStartMs ? m_cycleStartMs : now) + cfg.settleMaxHoldMs;
    if (cfg.settleLearning && !m_resend && cfg.sendAtBumpInBacklog && m_predictor.outstanding() > 0) {
        if (m_predictor.drainedAt(now) > bound) {
            // A backlog: quiet will not come within the hold. Send at a bump, and, when the region's queue of
            // recomputes is known, only when this group's next recompute is far enough behind others that the
            // write lands first (waiting at most backlogWindowWaitMs for such a window).
            if (cfg.backlogWindowWaitMs <= 0) {
                if (m_bumpSeen) {
                    requestSlot();
                    return;
                }
            } else {
                if (m_windowWaitStartMs == 0)
                    m_windowWaitStartMs = now;
                ReconcilerModel &model = m_host.lane(m_region).reconciler();
                const int ahead = model.jobsAhead(m_group, now);
                const double window = ahead < 0 ? 1e9 : double(ahead) * model.serviceMs();
                const bool safe = window >= m_rttMs + model.serviceMs();
                if ((safe && (m_bumpSeen || m_regionBumpSeen || ahead < 0)) || now >= m_windowWaitStartMs + cfg.backlogWindowWaitMs) {
                    requestSlot();
                    return;
                }
                setState(WriterState::Settling);
                schedule(m_windowWaitStartMs + cfg.backlogWindowWaitMs, &SkillGroupWriter::settleCheck);
                return;
            }
        }
    }
    if (cfg.settleLearning && !m_resend) {
        const qint64 at = qMin(m_predictor.quietAt(now), bound);
        if (at > now) {
            setState(WriterState::Settling);
            schedule(at, &SkillGroupWriter::settleCheck);
            return;
        }
    }
    requestSlot();
}

void SkillGroupWriter::requestSlot()
{
    cancelTimer();
    setState(WriterState::WaitingForSlot);
    m_host.lane(m_region).acquire(this, [this]() { onSlot(); });
}

void SkillGroupWriter::onSlot()
{
    RegionLane &lane = m_host.lane(m_region);
    if (m_resend) {
        send(*m_resend);
        return;
    }
    if (m_knownVersion == 0) {
        readVersionThenSend();
        return;
    }
    const qint64 now = m_host.clock().nowMs();
    const auto &cfg = m_host.config();
    Outbox &outbox = m_host.outbox();
    const QList<OutboxEntry> entries = outbox.pendingForGroup(m_group, cfg.batchMax);
    QStringList tooOld;
    QList<AgentAvailability> changes;
    qint64 oldest = now;
    for (const auto &e : entries) {
        if (e.state != OutboxState::Pending)
            continue;
        if (e.pendingSinceMs && now - e.pendingSinceMs > cfg.maxAgeMs) {
            tooOld << e.change.agentId;
        } else {
            changes << e.change;
            if (e.pendingSinceMs)
                oldest = qMin(oldest, e.pendingSinceMs);
        }
    }
    m_batchOldestMs = oldest;
    if (!tooOld.isEmpty())
        deadLetter(tooOld, QStringLiteral("older than the maximum age of %1 s").arg(cfg.maxAgeMs / 1000));
    m_pending = entries.size() >= cfg.batchMax ? 1 : 0; // a split leaves more behind
    if (changes.isEmpty()) {
        lane.release(ErrorCategory::None);
        m_cycleStartMs = 0;
        setState(WriterState::Idle);
        return;
    }
    m_cycleStartMs = m_pending ? now : 0;
    OutboxBatch b;
    b.batchId = QString::fromLatin1(m_host.newIdempotencyKey());
    b.region = m_region;
    b.skillGroupId = m_group;
    b.changes = changes;
    b.idempotencyKey = QString::fromLatin1(m_host.newIdempotencyKey());
    b.body = IcpClient::canonicalBody(BulkCapacityRequest{m_knownVersion, changes});
    b.bodyHash = QString::fromLatin1(QCryptographicHash::hash(b.body, QCryptographicHash::Sha256).toHex());
    b.createdAtMs = now;
    if (!outbox.markInFlight(b)) {
        lane.release(ErrorCategory::None);
        m_host.regionError(m_region, QStringLiteral("%1/%2: outbox: %3").arg(m_region, m_group, outbox.errorString()), false);
        retryLater(outbox.errorString(), std::nullopt, WriterState::BackingOff);
        return;
    }
    send(b);
}

void SkillGroupWriter::readVersionThenSend()
{
    setState(WriterState::ReReading);
    RegionLane &lane = m_host.lane(m_region);
    ++m_host.regionCounters(m_region).requests;
    lane.client()->getSkillGroup(m_group, [this, &lane](ApiResult<SkillGroup> g) {
        lane.release(g.ok() ? ErrorCategory::None : g.error.category);
        if (!g.ok()) {
            noteFailure(g.error, QStringLiteral("version read"));
            if (g.error.category == ErrorCategory::Unauthorized || g.error.category == ErrorCategory::Forbidden) {
                blockOnAuthFailure(g.error); // retrying cannot help; a person has to fix the credentials
                return;
            }
            retryLater(QStringLiteral("reading version: ") + g.error.summary(), g.error.retryAfterS, WriterState::BackingOff);
            return;
        }
        notifyVersion(g.value->version, g.value->modifiedBy);
        requestSlot();
    });
}

void SkillGroupWriter::send(const OutboxBatch &batch)
{
    m_windowWaitStartMs = 0;
    m_sentAtMs = m_host.clock().nowMs();
    m_inFlightCount = int(batch.changes.size());
    setState(WriterState::InFlight);
    StrategyCounters &c = m_host.regionCounters(m_region);
    ++c.requests;
    ++c.writes;
    m_host.lane(m_region).client()->postBulkRaw(
        m_group, batch.body, batch.idempotencyKey.toLatin1(),
        [this, batch](ApiResult<BulkCapacityResponse> r) { onAnswer(batch, r); });
}

void SkillGroupWriter::finishBatch(const OutboxBatch &batch)
{
    if (!m_host.outbox().finishBatch(batch.batchId))
        m_host.regionError(m_region, QStringLiteral("%1/%2: outbox: %3").arg(m_region, m_group, m_host.outbox().errorString()), false);
}

void SkillGroupWriter::onAnswer(const OutboxBatch &batch, const ApiResult<BulkCapacityResponse> &r)
{
    m_inFlightCount = 0;
    if (!r.response.isTransportError())
        m_rttMs = 0.9 * m_rttMs + 0.1 * double(m_host.clock().nowMs() - m_sentAtMs);
    RegionLane &lane = m_host.lane(m_region);
    const ErrorCategory cat = r.ok() ? ErrorCategory::None : r.error.category;
    lane.release(cat);
    if (r.ok()) {
        onApplied(batch, *r.value);
        return;
    }
    StrategyCounters &c = m_host.regionCounters(m_region);
    const ApiError &e = r.error;
    noteFailure(e, QStringLiteral("write"));
    switch (cat) {
    case ErrorCategory::Conflict:
        m_resend.reset();
        onConflict(batch, e);
        return;
    case ErrorCategory::RateLimited:
    case ErrorCategory::Unavailable:
        (cat == ErrorCategory::RateLimited ? c.throttled429 : c.errors5xx)++;
        lane.holdUntil(m_host.clock().nowMs() + qint64(e.retryAfterS.value_or(1)) * 1000);
        m_resend.reset();
        finishBatch(batch); // not processed: the next send rebuilds with whatever is newest
        countSuperseded(batch, {});
        retryLater(e.summary(), e.retryAfterS, WriterState::Throttled);
        return;
    case ErrorCategory::Unauthorized:
    case ErrorCategory::Forbidden: {
        ++c.otherErrors;
        m_resend.reset();
        finishBatch(batch);
        blockOnAuthFailure(e);
        return;
    }
    case ErrorCategory::Validation:
    case ErrorCategory::NotFound:
    case ErrorCategory::PayloadTooLarge:
    case ErrorCategory::UnsupportedMedia:
        ++c.otherErrors;
        m_resend.reset();
        deadLetter(batch.agentIds(), QStringLiteral("the ICP refused the batch: ") + e.summary());
        finishBatch(batch);
        m_attempt = 0;
        setState(WriterState::Idle);
        if (m_pending > 0)
            startGather();
        return;
    case ErrorCategory::IdempotencyReuse:
        ++c.otherErrors;
        m_resend.reset();
        finishBatch(batch); // a new key with the next body
        countSuperseded(batch, {});
        retryLater(e.summary(), std::nullopt, WriterState::BackingOff);
        return;
    default: {
        // Unknown outcome (timeout, reset, 5xx, a broken answer): resend the same body with the same key, so a
        // write that did land is answered from the ICP's idempotency store instead of applied twice.
        if (cat == ErrorCategory::ServerError)
            ++c.errors5xx;
        else
            ++c.otherErrors;
        m_resend = batch;
        const RetryGrant grant = lane.budget().tryAcquireRetry(cat, m_host.clock().nowMs());
        if (!grant.allowed) {
            retryLater(QStringLiteral("retry budget exhausted; waiting (%1)").arg(e.summary()),
                       int(m_host.config().backoff.capMs / 1000), WriterState::BackingOff);
            return;
        }
        retryLater(e.summary(), e.retryAfterS, WriterState::BackingOff);
        return;
    }
    }
}

void SkillGroupWriter::onApplied(const OutboxBatch &batch, const BulkCapacityResponse &resp)
{
    Outbox &outbox = m_host.outbox();
    StrategyCounters &c = m_host.regionCounters(m_region);
    const qint64 now = m_host.clock().nowMs();
    QHash<QString, const AgentAvailability *> sent;
    for (const auto &ch : batch.changes)
        sent.insert(ch.agentId, &ch);
    outbox.transaction();
    for (const auto &res : resp.results) {
        const AgentAvailability *ch = sent.value(res.agentId);
        if (!ch)
            continue;
        if (res.outcome == UpdateOutcome::Rejected) {
            outbox.markRejected(*ch, res.reason, QStringLiteral("[]"), now);
            ++c.deadLetters;
            continue;
        }
        const MarkAppliedResult m = outbox.markApplied(ch->agentId, ch->sourceTimestampMs, now);
        ++c.applied;
        if (m.resolvedSinceMs > 0)
            c.stalenessMs.push_back(now - m.resolvedSinceMs);
    }
    outbox.finishBatch(batch.batchId);
    if (!outbox.commit())
        m_host.regionError(m_region, QStringLiteral("%1/%2: outbox: %3").arg(m_region, m_group, outbox.errorString()), false);
    m_resend.reset();
    notifyVersion(resp.version, m_host.clientId(m_region));
    m_lastAcceptedWriteMs = now;
    m_predictor.onTrigger(now); // our accepted write queues a recompute too
    m_host.lane(m_region).reconciler().onTrigger(m_group, now - qint64(m_rttMs / 2)); // queued on arrival
    if (m_openConflictId) {
        ConflictAttempt a{now, 0, QStringLiteral("applied")};
        m_host.updateConflict(m_openConflictId, QStringLiteral("applied at attempt %1").arg(m_attempt + 1), &a);
        m_openConflictId = 0;
        m_conflictAttempts.clear();
    }
    m_attempt = 0;
    m_lastError.clear();
    m_host.regionSuccess(m_region);
    setState(WriterState::Idle);
    if (m_pending > 0)
        startGather();
}

void SkillGroupWriter::onConflict(const OutboxBatch &batch, const ApiError &e)
{
    const qint64 now = m_host.clock().nowMs();
    ++m_host.regionCounters(m_region).conflicts409;
    ConflictRecord rec;
    rec.atMs = now;
    rec.region = m_region;
    rec.skillGroupId = m_group;
    DecodeError err;
    if (auto body = decodeDocument<BulkCapacityRequest>(batch.body, err))
        rec.expectedVersion = body->expectedVersion;
    rec.currentVersion = e.currentVersion.value_or(0);
    rec.modifiedBy = e.modifiedBy;
    rec.modifiedAtMs = e.modifiedAtMs;
    rec.sinceOurLastWriteMs = m_lastAcceptedWriteMs < 0 ? -1 : now - m_lastAcceptedWriteMs;
    rec.requestBody = batch.body;
    rec.responseBody = e.rawBody;
    rec.responseHeaders = e.headers;
    rec.correlationId = e.correlationId;
    rec.sent = batch.changes;
    m_conflictAttempts.push_back(ConflictAttempt{now, 0, QStringLiteral("409 against version %1").arg(rec.expectedVersion)});
    rec.attempts = m_conflictAttempts;
    rec.resolution = QStringLiteral("re-reading");
    if (m_openConflictId)
        m_host.updateConflict(m_openConflictId, QStringLiteral("conflicted again at attempt %1").arg(m_attempt + 1), nullptr);
    m_host.recordConflict(rec);
    m_openConflictId = rec.id;
    m_lastError = e.summary();
    if (e.currentVersion)
        notifyVersion(*e.currentVersion, e.modifiedBy);
    const qint64 id = rec.id;
    if (e.currentVersion && m_host.config().recomputeActors.contains(e.modifiedBy)) {
        ApiResult<SkillGroup> g;
        g.value = SkillGroup{};
        g.value->version = *e.currentVersion;
        g.value->modifiedBy = e.modifiedBy;
        afterReread(batch, id, g, /*reread=*/false);
        return;
    }
    setState(WriterState::ReReading);
    RegionLane &lane = m_host.lane(m_region);
    lane.acquire(this, [this, &lane, batch, id]() {
        ++m_host.regionCounters(m_region).requests;
        lane.client()->getSkillGroup(m_group, [this, &lane, batch, id](ApiResult<SkillGroup> g) {
            lane.release(g.ok() ? ErrorCategory::None : g.error.category);
            afterReread(batch, id, g);
        });
    });
}

void SkillGroupWriter::afterReread(const OutboxBatch &batch, qint64 conflictId, const ApiResult<SkillGroup> &g, bool reread)
{
    if (!g.ok()) {
        noteFailure(g.error, QStringLiteral("re-read after 409"));
        finishBatch(batch);
        countSuperseded(batch, {});
        retryLater(QStringLiteral("re-read after 409 failed: ") + g.error.summary(), g.error.retryAfterS,
                   WriterState::BackingOff);
        return;
    }
    notifyVersion(g.value->version, g.value->modifiedBy);
    const qint64 now = m_host.clock().nowMs();
    QHash<QString, const AgentAvailability *> held;
    for (const auto &m : g.value->members)
        held.insert(m.agentId, &m);
    Outbox &outbox = m_host.outbox();
    StrategyCounters &c = m_host.regionCounters(m_region);
    QList<AgentAvailability> serverState;
    QSet<QString> heldIds;
    int alreadyHeld = 0;
    outbox.transaction();
    for (const auto &ch : batch.changes) {
        const AgentAvailability *m = held.value(ch.agentId);
        if (m)
            serverState << *m;
        if (m && m->sourceTimestampMs >= ch.sourceTimestampMs) {
            // The ICP holds this change or a newer one: never replay it.
            const MarkAppliedResult r = outbox.markApplied(ch.agentId, ch.sourceTimestampMs, now);
            ++c.applied;
            if (r.resolvedSinceMs > 0)
                c.stalenessMs.push_back(now - r.resolvedSinceMs);
            ++alreadyHeld;
            heldIds.insert(ch.agentId);
        }
    }
    outbox.finishBatch(batch.batchId);
    outbox.commit();
    countSuperseded(batch, heldIds);
    const int remaining = int(batch.changes.size()) - alreadyHeld;
    m_pending += remaining;
    if (remaining > 0)
        keepOldest();
    if (remaining == 0) {
        m_host.updateConflict(conflictId, QStringLiteral("superseded: the ICP already held every change"), nullptr);
        m_openConflictId = 0;
        m_conflictAttempts.clear();
        m_attempt = 0;
        setState(WriterState::Idle);
        if (m_pending > 0)
            startGather();
        return;
    }
    ++m_attempt;
    // A conflict is transient: it is never a reason to give a change up (only its age is). A long run of them
    // (a storm, or versions arriving late) moves to the slower failure backoff so the writer stops hammering.
    const int storm = m_attempt - m_host.config().maxAttempts + 1;
    const qint64 delay = storm > 0 ? m_host.backoffDelayMs(storm, std::nullopt) : m_host.conflictBackoffDelayMs(m_attempt);
    if (storm == 1)
        m_host.regionError(m_region, QStringLiteral("%1/%2: %3 conflicts in a row; backing off up to %4 ms between attempts")
                                         .arg(m_region, m_group).arg(m_attempt).arg(m_host.config().backoff.capMs), false);
    m_conflictAttempts.push_back(ConflictAttempt{now, delay, QStringLiteral("rebased on version %1").arg(m_knownVersion)});
    m_host.updateConflict(conflictId,
                          QStringLiteral("rebased on version %1; retrying %2 change(s) after %3 ms")
                              .arg(m_knownVersion).arg(remaining).arg(delay),
                          &m_conflictAttempts.back());
    // The server's view of the affected members, for the inspector.
    m_host.updateConflictServerState(conflictId, serverState, reread);
    if (m_cycleStartMs == 0)
        m_cycleStartMs = now;
    setState(WriterState::BackingOff);
    schedule(now + delay, &SkillGroupWriter::settleCheck);
}

void SkillGroupWriter::keepOldest()
{
    // Changes that come back from a failed batch keep their age: the settle hold is bounded from the oldest.
    if (m_batchOldestMs)
        m_cycleStartMs = m_cycleStartMs ? qMin(m_cycleStartMs, m_batchOldestMs) : m_batchOldestMs;
}

void SkillGroupWriter::retryLater(const QString &why, std::optional<int> retryAfterS, WriterState state)
{
    keepOldest();
    m_lastError = why;
    ++m_attempt;
    if (m_attempt >= m_host.config().maxAttempts) {
        if (m_resend) {
            deadLetter(m_resend->agentIds(), QStringLiteral("gave up after %1 attempts: %2").arg(m_attempt).arg(why));
            finishBatch(*m_resend);
            m_resend.reset();
        }
        m_attempt = 0;
    }
    const qint64 now = m_host.clock().nowMs();
    const qint64 delay = m_host.backoffDelayMs(m_attempt, retryAfterS);
    if (m_cycleStartMs == 0)
        m_cycleStartMs = now;
    m_pending = qMax(m_pending, 1);
    setState(state);
    schedule(now + delay, &SkillGroupWriter::settleCheck);
}

void SkillGroupWriter::blockOnAuthFailure(const ApiError &e)
{
    const QString msg = e.category == ErrorCategory::Unauthorized
        ? QStringLiteral("%1: token rejected (401) after a fresh token; check the client id and secret in Settings > Regions").arg(m_region)
        : QStringLiteral("%1: missing scope %2 (403); grant it to the OAuth client").arg(m_region, e.missingScope.isEmpty() ? QStringLiteral("admin:icp:write") : e.missingScope);
    m_lastError = msg;
    m_host.regionError(m_region, msg, true);
    cancelTimer();
    setState(WriterState::Blocked);
}

void SkillGroupWriter::noteFailure(const ApiError &error, const QString &doing)
{
    ++m_host.regionCounters(m_region).errorsByCategory[errorCategoryName(error.category)];
    if (error.category == ErrorCategory::Conflict || error.category == ErrorCategory::Unauthorized
        || error.category == ErrorCategory::Forbidden)
        return;
    m_host.regionError(m_region, QStringLiteral("%1/%2: %3 failed [%4] %5")
                                     .arg(m_region, m_group, doing, errorCategoryName(error.category), error.summary()),
                       false);
}

void SkillGroupWriter::deadLetter(const QStringList &agentIds, const QString &reason)
{
    if (agentIds.isEmpty())
        return;
    const qint64 now = m_host.clock().nowMs();
    Json history = Json::array();
    for (const auto &a : std::as_const(m_conflictAttempts))
        history.push_back(Json{{"at", toStd(formatTimestamp(a.atMs))}, {"delayMs", a.delayMs}, {"outcome", toStd(a.outcome)}});
    const int n = m_host.outbox().moveToDeadLetter(agentIds, reason, QString::fromUtf8(dumpJson(history)), now);
    m_host.regionCounters(m_region).deadLetters += n;
    qCWarning(lcWriter).noquote() << m_region << m_group << "dead-lettered" << n << "change(s):" << reason;
}

BatchStatus SkillGroupWriter::status() const
{
    BatchStatus s;
    s.region = m_region;
    s.skillGroupId = m_group;
    s.state = m_state;
    s.agents = m_pending + (m_resend ? int(m_resend->changes.size()) : m_inFlightCount);
    s.attempt = m_attempt + 1;
    s.maxAttempts = m_host.config().maxAttempts;
    s.nextAttemptAtMs = m_timerAtMs;
    s.knownVersion = m_knownVersion;
    s.lastError = m_lastError;
    return s;
}

} // namespace icp
