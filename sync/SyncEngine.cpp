#include "SyncEngine.h"

#include "CampaignPacingController.h"
#include "FleetMonitor.h"
#include "RegionLane.h"

#include <QLoggingCategory>
#include <QMetaMethod>
#include <QRandomGenerator>
#include <QUuid>

#include <algorithm>

Q_LOGGING_CATEGORY(lcEngine, "icp.engine", QtInfoMsg)

namespace icp {

namespace {
bool routingRelevant(std::optional<AgentStatus> before, AgentStatus now)
{
    if (!before)
        return true;
    return (*before == AgentStatus::Available) != (now == AgentStatus::Available)
        || isLoggedIn(*before) != isLoggedIn(now);
}

qint64 p99(QList<qint64> v)
{
    if (v.isEmpty())
        return 0;
    std::sort(v.begin(), v.end());
    return v[qsizetype(0.99 * double(v.size() - 1) + 0.5)];
}

Json conflictJson(const ConflictRecord &r)
{
    auto members = [](const QList<AgentAvailability> &list) {
        Json a = Json::array();
        for (const auto &m : list)
            a.push_back(m.toJson());
        return a;
    };
    Json headers = Json::object();
    for (const auto &h : r.responseHeaders)
        headers[h.first.toStdString()] = h.second.toStdString();
    Json attempts = Json::array();
    for (const auto &a : r.attempts)
        attempts.push_back(Json{{"at", toStd(formatTimestamp(a.atMs))}, {"delayMs", a.delayMs}, {"outcome", toStd(a.outcome)}});
    return Json{{"id", r.id},
                {"at", toStd(formatTimestamp(r.atMs))},
                {"region", toStd(r.region)},
                {"skillGroupId", toStd(r.skillGroupId)},
                {"campaignId", toStd(r.campaignId)},
                {"expectedVersion", r.expectedVersion},
                {"currentVersion", r.currentVersion},
                {"modifiedBy", toStd(r.modifiedBy)},
                {"modifiedAt", toStd(formatTimestamp(r.modifiedAtMs))},
                {"sinceOurLastWriteMs", r.sinceOurLastWriteMs},
                {"correlationId", toStd(r.correlationId)},
                {"requestBody", toStd(QString::fromUtf8(r.requestBody))},
                {"responseBody", toStd(QString::fromUtf8(r.responseBody))},
                {"responseHeaders", std::move(headers)},
                {"sent", members(r.sent)},
                {"serverAfterReread", members(r.serverAfterReread)},
                {"reread", r.reread},
                {"attempts", std::move(attempts)},
                {"resolution", toStd(r.resolution)}};
}
} // namespace

SyncEngine::SyncEngine(EngineConfig config, QList<EngineRegion> regions, QString outboxPath, HttpTransport &transport,
                       Clock &clock, quint64 seed, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_outboxPath(outboxPath)
    , m_transport(transport)
    , m_clock(clock)
    , m_rng(seed ^ 0xe11e11e11eULL)
    , m_backoff(m_config.backoff, seed ^ 0xbac0ffULL)
    , m_conflictBackoff(m_config.conflictBackoff, seed ^ 0xc0ff1c7ULL)
    , m_outbox(outboxPath, QStringLiteral("icp-outbox-%1").arg(quintptr(this), 0, 16))
{
    m_createdAtMs = m_clock.nowMs();
    QRandomGenerator::system()->fillRange(m_keySalt, 2);
    for (const auto &r : regions) {
        RegionState st;
        st.config = r;
        st.client = new IcpClient(r.region, r.credentials, transport, clock, this);
        st.client->setRequestTimeoutMs(m_config.requestTimeoutMs);
        st.lane = new RegionLane(r.region.id, st.client, m_config, clock, this);
        connect(&st.lane->breaker(), &CircuitBreaker::stateChanged, this, [this](const QString &region) {
            Q_EMIT regionMessage(region, QStringLiteral("%1: circuit breaker %2").arg(region,
                m_regions[region].lane->breaker().state() == CircuitBreaker::State::Open ? QStringLiteral("opened") : QStringLiteral("closing")));
            changed();
        });
        m_regions.insert(r.region.id, st);
        m_regionOrder << r.region.id;
    }
}

SyncEngine::~SyncEngine()
{
    for (const auto &c : m_conflicts)
        if (c.resolution == QLatin1String("re-reading") || c.resolution.startsWith(QLatin1String("rebased")))
            persistConflict(c);
    if (m_snapshotTimer)
        m_clock.cancel(m_snapshotTimer);
    delete m_campaigns; // its writers call back into this engine too
    m_campaigns = nullptr;
    // Writers call back into this engine: they go first, while it is still whole; then lanes and clients.
    qDeleteAll(m_writers);
    m_writers.clear();
    for (auto &r : m_regions) {
        delete r.lane;
        delete r.client;
    }
    m_regions.clear();
    m_outbox.close();
}

bool SyncEngine::open(QString *error)
{
    if (!m_outbox.open()) {
        if (error)
            *error = m_outbox.errorString();
        return false;
    }
    // Resume: batches that left before a crash go again with their key and body; then whatever is pending.
    for (const auto &b : m_outbox.unfinishedBatches()) {
        if (!m_regions.contains(b.region))
            continue;
        writer(b.region, b.skillGroupId)->resumeBatch(b);
    }
    for (const auto &g : m_outbox.groupsWithPending()) {
        if (!m_regions.contains(g.region))
            continue;
        SkillGroupWriter *w = writer(g.region, g.skillGroupId);
        if (w->isIdle())
            w->notifyPending(g.pendingCount, m_clock.nowMs());
    }
    return true;
}

void SyncEngine::attachFleet(FleetMonitor *fleet)
{
    if (m_campaigns)
        return;
    m_campaigns = new CampaignPacingController(
        *this, m_regionOrder,
        [fleet = QPointer<FleetMonitor>(fleet)](const QString &region, const QStringList &groups) {
            return fleet ? fleet->campaignCapacity(region, groups) : CampaignCapacity{};
        },
        this);
    connect(fleet, &FleetMonitor::changed, m_campaigns, &CampaignPacingController::capacityChanged);
    for (const auto &s : std::as_const(m_sources))
        if (s)
            m_campaigns->attachEventSource(s);
    m_campaigns->start();
}

bool SyncEngine::setAutoPacing(const QString &campaignId, bool on)
{
    return m_campaigns && m_campaigns->setAutoPacing(campaignId, on);
}

bool SyncEngine::applyPacingNow(const QString &campaignId, QString *why)
{
    if (!m_campaigns) {
        if (why)
            *why = QStringLiteral("campaign pacing is not running (no fleet view)");
        return false;
    }
    return m_campaigns->applyNow(campaignId, why);
}

void SyncEngine::attachEventSource(EventSource *source)
{
    m_sources << source;
    if (m_campaigns)
        m_campaigns->attachEventSource(source);
    connect(source, &EventSource::groupVersion, this, [this](const GroupVersionEvent &e) {
        if (!m_regions.contains(e.region))
            return;
        writer(e.region, e.skillGroupId)->notifyVersion(e.version, e.modifiedBy);
    });
    connect(source, &EventSource::connectionChanged, this, [this](const QString &region, bool connected, const QString &) {
        if (m_regions.contains(region))
            m_regions[region].eventsConnected = connected;
        changed();
    });
}

QString SyncEngine::diagnose(const QString &region, qint64 settleWindowMs) const
{
    // Over the recent conflicts of the region: who changed the group under us, and how long after our own
    // previous accepted write.
    QHash<QString, int> byActor;
    QList<qint64> gaps;
    int total = 0;
    for (auto it = m_conflicts.rbegin(); it != m_conflicts.rend() && total < 200; ++it) {
        if (it->region != region)
            continue;
        ++total;
        ++byActor[it->modifiedBy.isEmpty() ? QStringLiteral("an unknown writer") : it->modifiedBy];
        if (it->sinceOurLastWriteMs >= 0)
            gaps << it->sinceOurLastWriteMs;
    }
    if (total == 0)
        return {};
    QString top;
    int topCount = 0;
    for (auto it = byActor.cbegin(); it != byActor.cend(); ++it)
        if (it.value() > topCount) {
            top = it.key();
            topCount = it.value();
        }
    // The card and the Conflicts tab name the region; the text starts with the finding.
    QString text = QStringLiteral("%1% of %2 recent conflicts follow a change by %3")
                       .arg(100 * topCount / total).arg(total).arg(top);
    if (gaps.size() >= 3) {
        std::sort(gaps.begin(), gaps.end());
        const qint64 lo = gaps[qsizetype(0.1 * double(gaps.size() - 1))];
        const qint64 hi = gaps[qsizetype(0.9 * double(gaps.size() - 1))];
        text += QStringLiteral(" %1-%2 ms after our previous write").arg(lo).arg(hi);
    }
    text += settleWindowMs > 0 ? QStringLiteral("; settle window now %1 ms").arg(settleWindowMs)
                               : QStringLiteral("; no settle hold learned");
    return text;
}

void SyncEngine::regionBump(const QString &region, SkillGroupWriter *from)
{
    for (auto *w : std::as_const(m_writers))
        if (w != from && w->region() == region)
            w->regionBump();
}

SkillGroupWriter *SyncEngine::writer(const QString &region, const QString &group)
{
    const QString key = region + QLatin1Char('/') + group;
    auto it = m_writers.find(key);
    if (it != m_writers.end())
        return it.value();
    auto *w = new SkillGroupWriter(region, group, *this, this);
    m_writers.insert(key, w);
    return w;
}

RegionLane &SyncEngine::lane(const QString &region)
{
    return *m_regions[region].lane;
}

QString SyncEngine::clientId(const QString &region) const
{
    return m_regions.value(region).config.credentials.clientId;
}

QByteArray SyncEngine::newIdempotencyKey()
{
    // A UUID-shaped 128-bit value: the engine's seeded generator, salted per process. Without the salt a console
    // restarted with the same --seed would draw its previous life's keys again, and the ICP would answer a reused
    // key with 422 (another body) or, worse, with a stored answer for a write that never happened.
    const quint64 hi = quint64(m_rng.engine()()) ^ m_keySalt[0], lo = quint64(m_rng.engine()()) ^ m_keySalt[1];
    QByteArray raw(16, Qt::Uninitialized);
    for (int i = 0; i < 8; ++i) {
        raw[i] = char(hi >> (8 * i));
        raw[8 + i] = char(lo >> (8 * i));
    }
    return QUuid::fromRfc4122(raw).toByteArray(QUuid::WithoutBraces);
}

qint64 SyncEngine::backoffDelayMs(int retry, std::optional<int> retryAfterS)
{
    return m_backoff.nextDelayMs(qMax(0, retry - 1), retryAfterS);
}

qint64 SyncEngine::conflictBackoffDelayMs(int retry)
{
    return m_conflictBackoff.nextDelayMs(qMax(0, retry - 1));
}

StrategyCounters &SyncEngine::regionCounters(const QString &region)
{
    return m_regions[region].counters;
}

StrategyCounters SyncEngine::counters(const QString &region) const
{
    return m_regions.value(region).counters;
}

QStringList SyncEngine::regions() const
{
    return m_regionOrder;
}

void SyncEngine::ingest(const QList<OutboxChange> &changes)
{
    ingestWithResult(changes);
}

AcceptResult SyncEngine::ingestWithResult(const QList<OutboxChange> &changes)
{
    const qint64 now = m_clock.nowMs();
    QList<OutboxChange> known;
    known.reserve(changes.size());
    for (const auto &c : changes)
        if (m_regions.contains(c.region))
            known << c;
    AcceptResult result = m_outbox.accept(known, now);
    if (!result.ok()) {
        qCWarning(lcEngine).noquote() << "outbox refused" << known.size() << "change(s):" << result.error;
        return result;
    }
    QHash<SkillGroupWriter *, int> fresh;
    for (int i = 0; i < known.size(); ++i) {
        const OutboxChange &c = known[i];
        StrategyCounters &rc = m_regions[c.region].counters;
        ++rc.ingested;
        const AcceptOutcome o = result.outcomes.value(i);
        if (o == AcceptOutcome::Stale || o == AcceptOutcome::Duplicate) {
            ++rc.stale;
            continue;
        }
        if (o == AcceptOutcome::Superseded)
            ++rc.superseded;
        SkillGroupWriter *w = writer(c.region, c.skillGroupId);
        const auto before = m_lastStatus.contains(c.change.agentId) ? std::optional<AgentStatus>(m_lastStatus.value(c.change.agentId))
                                                                    : std::nullopt;
        if (routingRelevant(before, c.change.status)) {
            w->notifyTrigger(now);
            m_regions[c.region].lane->reconciler().onTrigger(c.skillGroupId, now);
        }
        m_lastStatus.insert(c.change.agentId, c.change.status);
        ++fresh[w];
    }
    for (auto it = fresh.cbegin(); it != fresh.cend(); ++it) {
        if (!m_regions[it.key()->region()].paused)
            it.key()->notifyPending(it.value(), now);
    }
    changed();
    return result;
}

bool SyncEngine::isIdle() const
{
    for (const auto *w : m_writers)
        if (!w->isIdle())
            return false;
    return true;
}

void SyncEngine::pause(const QString &region)
{
    for (auto it = m_regions.begin(); it != m_regions.end(); ++it) {
        if (!region.isEmpty() && it.key() != region)
            continue;
        it->paused = true;
        it->lane->setPaused(true); // in-flight writes finish; nothing new leaves
    }
    changed();
}

void SyncEngine::resume(const QString &region)
{
    for (auto it = m_regions.begin(); it != m_regions.end(); ++it) {
        if (!region.isEmpty() && it.key() != region)
            continue;
        it->paused = false;
        it->lane->unblock();
        it->lane->setPaused(false);
    }
    for (const auto &g : m_outbox.groupsWithPending())
        if ((region.isEmpty() || g.region == region) && m_regions.contains(g.region))
            writer(g.region, g.skillGroupId)->kick();
    if (m_campaigns)
        m_campaigns->kick(region);
    changed();
}

DeadLetterRetry SyncEngine::retryDeadLetter(qint64 id)
{
    const std::optional<DeadLetter> d = m_outbox.deadLetters().find(id);
    const DeadLetterRetry r = m_outbox.deadLetters().retry(id, m_clock.nowMs());
    if (r == DeadLetterRetry::Requeued && d && m_regions.contains(d->region) && !m_regions[d->region].paused)
        writer(d->region, d->skillGroupId)->notifyPending(1, m_clock.nowMs());
    changed();
    return r;
}

bool SyncEngine::discardDeadLetter(qint64 id)
{
    const bool ok = m_outbox.deadLetters().discard(id);
    changed();
    return ok;
}

bool SyncEngine::isPaused(const QString &region) const
{
    return m_regions.value(region).paused;
}

void SyncEngine::resync(const QString &region)
{
    for (const auto &r : std::as_const(m_regionOrder))
        if (region.isEmpty() || r == region)
            resyncRegion(r);
}

void SyncEngine::resyncRegion(const QString &region)
{
    RegionState &st = m_regions[region];
    st.resyncDone = 0;
    st.resyncTotal = 0;
    changed();
    RegionLane *ln = st.lane;
    ln->acquire(this, [this, region, ln]() {
        ++m_regions[region].counters.requests;
        ln->client()->listSkillGroups([this, region, ln](ApiResult<SkillGroupList> list) {
            ln->release(list.ok() ? ErrorCategory::None : list.error.category);
            RegionState &listed = m_regions[region];
            if (!list.ok()) {
                regionError(region, QStringLiteral("%1: resync could not list skill groups: %2").arg(region, list.error.summary()), false);
                return;
            }
            listed.resyncTotal = int(list.value->entities.size());
            for (const auto &g : list.value->entities) {
                const QString groupId = g.id;
                ln->acquire(this, [this, region, ln, groupId]() {
                    ++m_regions[region].counters.requests;
                    ln->client()->getSkillGroup(groupId, [this, region, ln, groupId](ApiResult<SkillGroup> sg) {
                        ln->release(sg.ok() ? ErrorCategory::None : sg.error.category);
                        ++m_regions[region].resyncDone;
                        if (!sg.ok()) {
                            regionError(region, QStringLiteral("%1: resync of %2 failed: %3").arg(region, groupId, sg.error.summary()), false);
                            return;
                        }
                        SkillGroupWriter *w = writer(region, groupId);
                        w->notifyVersion(sg.value->version, sg.value->modifiedBy);
                        // Diff against the desired state: whatever we applied that the ICP no longer holds goes again.
                        int differences = 0;
                        for (const auto &m : sg.value->members) {
                            const auto e = m_outbox.entry(m.agentId);
                            if (e && e->state == OutboxState::Applied && m.sourceTimestampMs < e->change.sourceTimestampMs
                                && m_outbox.requeue(m.agentId, m_clock.nowMs()))
                                ++differences;
                        }
                        if (differences > 0)
                            w->notifyPending(differences, m_clock.nowMs());
                        else
                            w->kick();
                        changed();
                    });
                });
            }
        });
    });
}

void SyncEngine::recordConflict(ConflictRecord &record)
{
    record.id = m_nextConflictId++;
    m_conflicts.push_back(record);
    while (int(m_conflicts.size()) > m_config.recentConflicts) {
        persistConflict(m_conflicts.front());
        m_conflicts.pop_front();
    }
    changed();
}

void SyncEngine::updateConflict(qint64 id, const QString &resolution, const ConflictAttempt *attempt)
{
    for (auto it = m_conflicts.rbegin(); it != m_conflicts.rend(); ++it) {
        if (it->id != id)
            continue;
        it->resolution = resolution;
        if (attempt)
            it->attempts.push_back(*attempt);
        // Final resolutions go to the database; the in-memory ring keeps the newest for the window.
        if (!resolution.startsWith(QLatin1String("rebased")) && resolution != QLatin1String("re-reading"))
            persistConflict(*it);
        break;
    }
    changed();
}

void SyncEngine::updateConflictServerState(qint64 id, const QList<AgentAvailability> &members, bool reread)
{
    for (auto it = m_conflicts.rbegin(); it != m_conflicts.rend(); ++it)
        if (it->id == id) {
            it->serverAfterReread = members;
            it->reread = reread;
            break;
        }
}

void SyncEngine::persistConflict(const ConflictRecord &record)
{
    m_outbox.conflicts().insert(record.region, record.skillGroupId, record.atMs,
                                QString::fromUtf8(dumpJson(conflictJson(record))));
}

void SyncEngine::regionError(const QString &region, const QString &message, bool block)
{
    RegionState &st = m_regions[region];
    st.lastError = message;
    if (block)
        st.lane->block(message);
    qCWarning(lcEngine).noquote() << message;
    Q_EMIT regionMessage(region, message);
    changed();
}

void SyncEngine::regionSuccess(const QString &region)
{
    RegionState &st = m_regions[region];
    st.lastSuccessAtMs = m_clock.nowMs();
}

void SyncEngine::changed()
{
    if (m_snapshotTimer)
        return;
    // Snapshots are coalesced: at most one per interval, whatever the rate of change.
    m_snapshotTimer = m_clock.callAfter(m_config.snapshotIntervalMs, this, [this]() {
        m_snapshotTimer = 0;
        if (isSignalConnected(QMetaMethod::fromSignal(&SyncEngine::snapshotReady)))
            Q_EMIT snapshotReady(snapshot());
    });
}

EngineSnapshot SyncEngine::snapshot()
{
    EngineSnapshot s;
    s.atMs = m_clock.nowMs();
    s.outbox = m_outbox.counters();
    for (const auto &id : std::as_const(m_regionOrder)) {
        const RegionState &st = m_regions[id];
        RegionStatus r;
        r.region = id;
        const auto breaker = st.lane->breaker().state();
        r.breakerState = CircuitBreaker::stateName(breaker);
        r.state = st.lane->isBlocked() ? RegionSyncState::Blocked
                : st.paused ? RegionSyncState::Paused
                : breaker == CircuitBreaker::State::Open ? RegionSyncState::CircuitOpen
                : st.resyncTotal > 0 && st.resyncDone < st.resyncTotal ? RegionSyncState::Resyncing
                : st.lane->isThrottled() ? RegionSyncState::Throttled : RegionSyncState::Running;
        r.retryBudgetTokens = st.lane->budget().tokens();
        r.inFlight = st.lane->inFlight();
        r.applied = st.counters.applied;
        r.conflicts409 = st.counters.conflicts409;
        r.throttled429 = st.counters.throttled429;
        r.requests = st.counters.requests;
        r.stalenessP99Ms = p99(st.counters.stalenessMs.mid(qMax<qsizetype>(0, st.counters.stalenessMs.size() - 2000)));
        r.lastSuccessAtMs = st.lastSuccessAtMs;
        r.lastError = st.lastError;
        r.eventStreamConnected = st.eventsConnected;
        r.resyncDone = st.resyncDone;
        r.resyncTotal = st.resyncTotal;
        // Last-minute counts from the counters' history (one sample per snapshot).
        auto &samples = m_regions[id].samples;
        if (samples.empty())
            samples.push_back({m_createdAtMs, 0, 0});
        samples.push_back({s.atMs, st.counters.conflicts409, st.counters.throttled429});
        while (samples.size() > 1 && s.atMs - samples[1].atMs >= 60000)
            samples.pop_front();
        r.conflictsLastMinute = int(st.counters.conflicts409 - samples.front().conflicts);
        r.throttledLastMinute = int(st.counters.throttled429 - samples.front().throttled);
        // The hold the writers use now: their learned trigger-to-bump delay, where learning is active.
        qint64 delaySum = 0;
        int learning = 0;
        if (m_config.settleLearning)
            for (const auto *w : std::as_const(m_writers))
                if (w->region() == id && w->predictor().bumpsPerTrigger() >= 0.2) {
                    delaySum += w->predictor().typicalDelayMs();
                    ++learning;
                }
        r.settleWindowMs = learning ? qMin<qint64>(delaySum / learning, m_config.settleMaxHoldMs) : 0;
        r.diagnosis = diagnose(id, r.settleWindowMs);
        s.regions << r;
    }
    for (const auto *w : m_writers) {
        const BatchStatus b = w->status();
        if (b.state != WriterState::Idle || b.agents > 0)
            s.batches << b;
        for (auto &r : s.regions)
            if (r.region == b.region)
                r.pending += b.agents;
    }
    for (auto it = m_conflicts.rbegin(); it != m_conflicts.rend(); ++it)
        s.recentConflicts << *it;
    if (m_campaigns)
        m_campaigns->fill(s);
    return s;
}

} // namespace icp
