#include "RegionSim.h"

#include "CapacityUpdate.h"
#include "SkillGroup.h"

namespace icp::sim {

namespace {
const QString kScopeWrite = QStringLiteral("admin:icp:write");
const QString kScopeTrunkRead = QStringLiteral("admin:trunk:read");
const QString kReconciler = QStringLiteral("routing-policy-reconciler");
constexpr qsizetype kOversizedBytes = 9 * 1024 * 1024;
} // namespace

RegionSim::RegionSim(SimCore &core, const RegionSpec &spec, quint64 seed)
    : m_core(core)
    , m_spec(spec)
    , m_rng(seed)
{
    m_reconciler = std::make_unique<Reconciler>(spec.reconciler, core.clock(), m_rng, &core, [this](const QString &id) {
        auto it = m_groups.find(id);
        if (it == m_groups.end())
            return;
        ++m_counters.reconcilerBumps;
        ++it->reconcilerBumps;
        bumpVersion(*it, kReconciler);
    });

    const Scenario &sc = core.scenario();
    const qint64 now = core.clock().nowMs();
    for (const auto &g : sc.skillGroups) {
        if (g.region != spec.id)
            continue;
        GroupState st;
        st.spec = g;
        st.modifiedBy = QStringLiteral("provisioning");
        st.modifiedAtMs = now;
        m_groups.insert(g.id, st);
        m_groupOrder << g.id;
    }
    for (const auto &a : sc.agents) {
        if (a.region != spec.id)
            continue;
        const bool in = sc.initiallyLoggedIn(a.id);
        AgentAvailability av{a.id, in ? AgentStatus::Available : AgentStatus::LoggedOut,
                             in ? sc.initialCapacity(a.id) : 0, now - 1};
        m_platformAgents.insert(a.id, av);
        m_agentGroup.insert(a.id, a.skillGroupId);
        m_groups[a.skillGroupId].members.insert(a.id, MemberState{av.status, av.capacity, av.sourceTimestampMs});
    }
    for (const auto &t : sc.trunks) {
        if (t.region != spec.id)
            continue;
        Trunk tr;
        tr.id = t.id;
        tr.name = t.name;
        tr.region = t.region;
        tr.inService = tr.enabled = tr.connected = true;
        tr.connectedStateTimeMs = now;
        tr.maxConcurrentCalls = t.maxConcurrentCalls;
        for (const auto &p : t.proxies) {
            tr.registersStatus.push_back(RegisterStatus{p, true, now, std::nullopt});
            tr.optionsStatus.push_back(OptionStatus{p, true, now, std::nullopt});
        }
        for (const auto &g : sc.skillGroups)
            if (g.trunkIds.contains(t.id))
                tr.skillGroupId = g.id;
        m_trunks.push_back(tr);
    }
    for (const auto &c : sc.campaigns)
        if (c.region == spec.id)
            m_campaigns.push_back(c);
}

RegionSim::~RegionSim() = default;

qint64 RegionSim::legMs()
{
    const double scale = m_core.m_options.latencyScale;
    if (scale <= 0)
        return 0;
    const qint64 leg = m_spec.latencyMeanMs + m_rng.uniformInt(-m_spec.latencyJitterMs, m_spec.latencyJitterMs);
    return qMax<qint64>(0, qint64(double(leg) * scale));
}

QByteArray RegionSim::nextCorrelationId()
{
    const quint64 r = quint64(m_rng.engine()());
    return QByteArray::number(r, 16).rightJustified(16, '0') + '-' + QByteArray::number(++m_correlation);
}

void RegionSim::handle(const HttpRequest &request, ResponseCallback done)
{
    Clock &clock = m_core.clock();
    if (m_downUntilMs > clock.nowMs()) {
        HttpResponse r;
        r.error = TransportError::ConnectionRefused;
        r.errorText = QStringLiteral("connection refused (simulated outage)");
        clock.callAfter(0, &m_core, [done, r]() { done(r); });
        return;
    }
    clock.callAfter(legMs(), &m_core, [this, request, done = std::move(done)]() {
        int extra = 0;
        bool stall = false;
        HttpResponse r = process(request, &extra, &stall);
        if (!stall)
            respond(done, std::move(r), extra);
    });
}

void RegionSim::respond(const ResponseCallback &done, HttpResponse response, int extraLatencyMs)
{
    m_core.clock().callAfter(legMs() + extraLatencyMs, &m_core, [done, response = std::move(response)]() {
        done(response);
    });
}

HttpResponse RegionSim::process(const HttpRequest &request, int *extraLatencyMs, bool *stall)
{
    const QString path = request.url.path();
    const QUrlQuery query(request.url);
    if (path.startsWith(QLatin1String("/sim/v1/"))) {
        if (!m_core.m_options.hooksEnabled)
            return genesysError(404, QStringLiteral("not.found"), QStringLiteral("no such path: ") + path);
        return route(request, path, query, nullptr);
    }
    std::optional<Fault> fault = m_faults.take(request.method, path);
    if (fault) {
        const bool genesys = path.startsWith(QLatin1String("/api/v2/"));
        switch (fault->action) {
        case Fault::Action::Status: {
            ++m_counters.requests;
            if (fault->status >= 500)
                ++m_counters.errors5xx;
            if (fault->status == 429)
                ++m_counters.throttled429;
            HttpResponse r = genesys || fault->status == 429
                ? genesysError(fault->status,
                               fault->status == 429 ? QStringLiteral("too.many.requests.retry.after")
                                                    : QStringLiteral("service.unavailable"),
                               QStringLiteral("Injected fault: HTTP %1").arg(fault->status))
                : icpError(fault->status, fault->status >= 500 ? QStringLiteral("SERVICE_UNAVAILABLE")
                                                               : QStringLiteral("INJECTED"),
                           QStringLiteral("Injected fault: HTTP %1").arg(fault->status));
            if (fault->status == 403 && !genesys) // as a token without the write scope is answered
                r = icpError(403, QStringLiteral("FORBIDDEN"), QStringLiteral("Missing required scope: ") + kScopeWrite,
                             Json{{"missingScope", toStd(kScopeWrite)}});
            if (fault->retryAfterS >= 0)
                setHeader(r.headers, "Retry-After", QByteArray::number(fault->retryAfterS));
            return r;
        }
        case Fault::Action::Reset: {
            HttpResponse r;
            r.error = TransportError::ConnectionReset;
            return r;
        }
        case Fault::Action::Stall:
            *stall = true;
            return {};
        case Fault::Action::Malformed:
            return HttpResponse{200, {{"Content-Type", "application/json"}, {"ININ-Correlation-Id", nextCorrelationId()}},
                                QByteArrayLiteral("{\"entities\": [{\"id\": "), TransportError::None, {}};
        case Fault::Action::Oversized: {
            QByteArray body = "{\"pad\":\"" + QByteArray(kOversizedBytes, 'x') + "\"}";
            return HttpResponse{200, {{"Content-Type", "application/json"}, {"ININ-Correlation-Id", nextCorrelationId()}},
                                body, TransportError::None, {}};
        }
        case Fault::Action::WrongShape:
            return json(200, Json{{"unexpected", Json::array({1, 2, 3})}, {"entities", "not-a-list"}});
        case Fault::Action::Truncate: {
            HttpResponse r = route(request, path, query, nullptr);
            r.error = TransportError::TruncatedBody;
            return r;
        }
        case Fault::Action::Latency:
            *extraLatencyMs = fault->latencyMs;
            break;
        default:
            break;
        }
    }
    return route(request, path, query, nullptr);
}

RegionSim::Token *RegionSim::authorize(const HttpRequest &request, const QString &scope1, const QString &scope2,
                                       HttpResponse &response, bool genesysShape)
{
    auto deny = [&](int status, const QString &code, const QString &msg) {
        response = genesysShape ? genesysError(status, code, msg)
                                : icpError(status, status == 401 ? QStringLiteral("UNAUTHORIZED")
                                                                 : QStringLiteral("FORBIDDEN"), msg);
        return nullptr;
    };
    const QByteArray auth = headerValue(request.headers, "Authorization");
    if (!auth.startsWith("Bearer ") && !auth.startsWith("bearer "))
        return deny(401, QStringLiteral("bad.credentials"), QStringLiteral("Missing bearer token"));
    const QString tokenText = QString::fromLatin1(auth.mid(7).trimmed());
    auto it = m_tokens.find(tokenText);
    if (it == m_tokens.end())
        return deny(401, QStringLiteral("bad.credentials"), QStringLiteral("Invalid token"));
    if (it->revoked)
        return deny(401, QStringLiteral("bad.credentials"), QStringLiteral("Token has been revoked"));
    if (it->expiresAtMs <= m_core.clock().nowMs())
        return deny(401, QStringLiteral("bad.credentials"), QStringLiteral("Token has expired"));
    if (!it->scopes.contains(scope1) && (scope2.isEmpty() || !it->scopes.contains(scope2))) {
        HttpResponse r = genesysShape ? genesysError(403, QStringLiteral("missing.scope"),
                                                     QStringLiteral("Missing required scope: ") + scope1)
                                      : icpError(403, QStringLiteral("FORBIDDEN"),
                                                 QStringLiteral("Missing required scope: ") + scope1,
                                                 Json{{"missingScope", toStd(scope1)}});
        response = r;
        return nullptr;
    }
    ++m_counters.requests;
    const RateLimiter::Verdict v = it->limiter->take(m_core.clock().nowMs());
    if (!v.allowed) {
        ++m_counters.throttled429;
        response = genesysError(429, QStringLiteral("too.many.requests.retry.after"),
                                QStringLiteral("Rate limit exceeded the maximum [%1] requests within [60] seconds")
                                    .arg(v.limit));
        setHeader(response.headers, "Retry-After", QByteArray::number(qMax(1, v.resetS)));
    }
    setHeader(response.headers, "inin-ratelimit-count", QByteArray::number(v.count));
    setHeader(response.headers, "inin-ratelimit-allowed", QByteArray::number(v.limit));
    setHeader(response.headers, "inin-ratelimit-reset", QByteArray::number(v.resetS));
    return v.allowed ? &*it : nullptr;
}

HttpResponse RegionSim::issueToken(const HttpRequest &request)
{
    auto unauthorized = [this](const QString &msg) {
        HttpResponse r = json(401, Json{{"error", "invalid_client"}, {"description", toStd(msg)}});
        return r;
    };
    if (m_refuseTokenRequests > 0) {
        --m_refuseTokenRequests;
        return unauthorized(QStringLiteral("client credentials revoked"));
    }
    const QByteArray auth = headerValue(request.headers, "Authorization");
    if (!auth.startsWith("Basic "))
        return unauthorized(QStringLiteral("Basic authentication required"));
    const QByteArray decoded = QByteArray::fromBase64(auth.mid(6).trimmed());
    const qsizetype colon = decoded.indexOf(':');
    if (colon < 0)
        return unauthorized(QStringLiteral("malformed Basic credentials"));
    const QString id = QString::fromUtf8(decoded.left(colon));
    const QString secret = QString::fromUtf8(decoded.mid(colon + 1));
    const auto form = QUrlQuery(QString::fromUtf8(request.body));
    if (form.queryItemValue(QStringLiteral("grant_type")) != QLatin1String("client_credentials"))
        return json(400, Json{{"error", "unsupported_grant_type"},
                              {"description", "grant_type must be client_credentials"}});
    for (const auto &c : m_spec.clients) {
        if (c.clientId != id || c.clientSecret != secret)
            continue;
        Token t;
        t.clientId = id;
        t.scopes = c.scopes;
        t.expiresAtMs = m_core.clock().nowMs() + qint64(m_spec.tokenLifetimeS) * 1000;
        t.limiter = std::make_shared<RateLimiter>(m_spec.rateLimitPerMinute);
        QByteArray raw(24, Qt::Uninitialized);
        for (auto &b : raw)
            b = char(m_rng.uniformInt(0, 255));
        const QString text = QStringLiteral("simtok-") + QString::fromLatin1(raw.toHex());
        m_tokens.insert(text, t);
        ++m_counters.tokensIssued;
        return json(200, Json{{"access_token", toStd(text)},
                              {"token_type", "bearer"},
                              {"expires_in", m_spec.tokenLifetimeS},
                              {"scope", toStd(c.scopes.join(QLatin1Char(' ')))}});
    }
    return unauthorized(QStringLiteral("unknown client or wrong secret"));
}

HttpResponse RegionSim::route(const HttpRequest &request, const QString &path, const QUrlQuery &query, Token *)
{
    const QByteArray &m = request.method;
    const QStringList seg = path.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    auto methodNotAllowed = [this](const char *allow) {
        HttpResponse r = icpError(405, QStringLiteral("METHOD_NOT_ALLOWED"),
                                  QStringLiteral("method not allowed; allowed: %1").arg(QLatin1String(allow)));
        setHeader(r.headers, "Allow", allow);
        return r;
    };
    auto notFound = [&]() {
        return icpError(404, QStringLiteral("NOT_FOUND"), QStringLiteral("no such resource: ") + path);
    };

    if (path == QLatin1String("/oauth/token"))
        return m == "POST" ? issueToken(request) : methodNotAllowed("POST");
    if (path == QLatin1String("/sim/v1/state"))
        return m == "GET" ? json(200, stateJson()) : methodNotAllowed("GET");
    if (path == QLatin1String("/sim/v1/faults")) {
        if (m == "POST")
            return postFault(request);
        if (m == "DELETE") {
            m_faults.clear();
            m_refuseTokenRequests = 0;
            return json(200, Json{{"cleared", true}});
        }
        return methodNotAllowed("POST, DELETE");
    }

    // ICP 1.2.4
    if (seg.size() >= 3 && seg[0] == QLatin1String("api") && seg[1] == QLatin1String("v1")
        && seg[2] == QLatin1String("icp")) {
        const bool knownRead = (seg.size() == 4 && (seg[3] == QLatin1String("skillgroups")
                                                    || seg[3] == QLatin1String("agents")
                                                    || seg[3] == QLatin1String("events")))
                            || (seg.size() == 5 && seg[3] == QLatin1String("skillgroups"));
        const bool isWriteShape = seg.size() == 6 && seg[3] == QLatin1String("skillgroups")
                               && seg[5] == QLatin1String("capacity:bulk");
        if (!knownRead && !isWriteShape)
            return notFound();
        if (isWriteShape && m != "POST")
            return methodNotAllowed("POST");
        if (knownRead && m != "GET")
            return methodNotAllowed("GET");
        HttpResponse denied;
        Token *token = isWriteShape ? authorize(request, kScopeWrite, {}, denied, false)
                                    : authorize(request, kScopeTrunkRead, kScopeWrite, denied, false);
        if (!token)
            return denied;
        HttpResponse r;
        if (isWriteShape)
            r = bulkCapacity(request, seg[4], *token);
        else if (seg[3] == QLatin1String("events"))
            r = HttpResponse{200, {{"X-Sim-Stream", "ok"}, {"ININ-Correlation-Id", nextCorrelationId()}}, {},
                             TransportError::None, {}};
        else if (seg[3] == QLatin1String("agents"))
            r = listAgents(query);
        else if (seg.size() == 4)
            r = listSkillGroups();
        else
            r = getSkillGroup(seg[4]);
        for (const auto &h : std::as_const(denied.headers))
            setHeader(r.headers, h.first, h.second);
        return r;
    }

    // Genesys-shaped
    if (seg.size() >= 2 && seg[0] == QLatin1String("api") && seg[1] == QLatin1String("v2")) {
        const QString rest = seg.mid(2).join(QLatin1Char('/'));
        enum { None, Trunks, Metrics, Campaigns, Campaign, Stats } kind = None;
        if (rest == QLatin1String("telephony/providers/edges/trunks"))
            kind = Trunks;
        else if (rest == QLatin1String("telephony/providers/edges/trunks/metrics"))
            kind = Metrics;
        else if (rest == QLatin1String("outbound/campaigns"))
            kind = Campaigns;
        else if (seg.size() == 5 && rest.startsWith(QLatin1String("outbound/campaigns/")))
            kind = Campaign;
        else if (seg.size() == 6 && rest.startsWith(QLatin1String("outbound/campaigns/"))
                 && seg[5] == QLatin1String("stats"))
            kind = Stats;
        if (kind == None)
            return genesysError(404, QStringLiteral("not.found"), QStringLiteral("no such resource: ") + path);
        const bool mutating = kind == Campaign && (m == "PUT" || m == "PATCH");
        if (kind == Campaign ? !(m == "GET" || mutating) : m != "GET") {
            HttpResponse r = genesysError(405, QStringLiteral("method.not.allowed"),
                                          QStringLiteral("method not allowed"));
            setHeader(r.headers, "Allow", kind == Campaign ? "GET, PUT, PATCH" : "GET");
            return r;
        }
        HttpResponse denied;
        Token *token = mutating ? authorize(request, QStringLiteral("outbound:campaign:edit"), kScopeWrite, denied, true)
                                : authorize(request, kScopeTrunkRead, kScopeWrite, denied, true);
        if (!token)
            return denied;
        HttpResponse r;
        switch (kind) {
        case Trunks: r = listTrunks(query); break;
        case Metrics: r = trunkMetrics(query); break;
        case Campaigns: r = listCampaigns(); break;
        case Campaign: r = campaign(request, seg[4]); break;
        case Stats: r = campaignStats(seg[4]); break;
        case None: break;
        }
        for (const auto &h : std::as_const(denied.headers))
            setHeader(r.headers, h.first, h.second);
        return r;
    }
    return notFound();
}

HttpResponse RegionSim::postFault(const HttpRequest &request)
{
    DecodeError err;
    auto f = decodeDocument<Fault>(request.body, err);
    if (!f)
        return icpError(400, QStringLiteral("VALIDATION"), QStringLiteral("fault: ") + err.message());
    const qint64 now = m_core.clock().nowMs();
    switch (f->action) {
    case Fault::Action::Down:
        m_downUntilMs = now + f->forMs;
        // Answer first, then take the listener down.
        m_core.clock().callAfter(0, &m_core, [this, until = m_downUntilMs]() { Q_EMIT m_core.regionDown(m_spec.id, until); });
        break;
    case Fault::Action::RevokeTokens:
        for (auto &t : m_tokens)
            t.revoked = true;
        m_refuseTokenRequests = f->remaining;
        break;
    case Fault::Action::ExpireTokens:
        for (auto &t : m_tokens)
            t.expiresAtMs = now;
        break;
    default:
        m_faults.add(*f);
        break;
    }
    return json(200, Json{{"accepted", f->toJson()}});
}

HttpResponse RegionSim::json(int status, const Json &body)
{
    return HttpResponse{status, {{"Content-Type", "application/json"}, {"ININ-Correlation-Id", nextCorrelationId()}},
                        dumpJson(body), TransportError::None, {}};
}

HttpResponse RegionSim::icpError(int status, const QString &errorCode, const QString &message, Json extra)
{
    Json body{{"errorCode", toStd(errorCode)}, {"message", toStd(message)}, {"status", status}};
    for (auto it = extra.begin(); it != extra.end(); ++it)
        body[it.key()] = it.value();
    HttpResponse r = json(status, body);
    return r;
}

HttpResponse RegionSim::genesysError(int status, const QString &code, const QString &message)
{
    const QByteArray corr = nextCorrelationId();
    Json body{{"message", toStd(message)}, {"code", toStd(code)}, {"status", status},
              {"contextId", corr.toStdString()}, {"details", Json::array()}, {"errors", Json::array()}};
    return HttpResponse{status, {{"Content-Type", "application/json"}, {"ININ-Correlation-Id", corr}}, dumpJson(body),
                        TransportError::None, {}};
}

void RegionSim::bumpVersion(GroupState &g, const QString &modifiedBy)
{
    ++g.version;
    g.modifiedBy = modifiedBy;
    g.modifiedAtMs = m_core.clock().nowMs();
    publish(QStringLiteral("skillgroups"), groupEvent(g));
}

Json RegionSim::groupEvent(const GroupState &g) const
{
    return Json{{"id", toStd(g.spec.id)}, {"region", toStd(m_spec.id)}, {"version", g.version},
                {"modifiedBy", toStd(g.modifiedBy)}, {"modifiedAt", toStd(formatTimestamp(g.modifiedAtMs))}};
}

void RegionSim::publish(const QString &topic, const Json &data)
{
    SimEvent ev{m_nextEventId++, topic, dumpJson(data)};
    m_events.push_back(ev);
    while (int(m_events.size()) > m_core.m_options.eventBacklog)
        m_events.pop_front();
    // Events keep their order on the stream: each is delivered no earlier than the one before.
    const qint64 at = qMax(m_core.clock().nowMs() + legMs(), m_lastEventDeliveryMs);
    m_lastEventDeliveryMs = at;
    m_core.clock().callAt(at, &m_core, [this, ev]() { Q_EMIT m_core.eventPublished(m_spec.id, ev); });
}

QList<SimEvent> RegionSim::eventsSince(qint64 lastId) const
{
    QList<SimEvent> out;
    for (const auto &e : m_events)
        if (e.id > lastId)
            out.push_back(e);
    return out;
}

const GroupState *RegionSim::group(const QString &id) const
{
    auto it = m_groups.constFind(id);
    return it == m_groups.cend() ? nullptr : &*it;
}

void RegionSim::applyPlatformChange(const TimelineEvent &event)
{
    const AgentAvailability before = m_platformAgents.value(event.change.agentId);
    AgentAvailability now = event.change;
    now.sourceTimestampMs = m_core.runTimestamp(event.change.sourceTimestampMs);
    m_platformAgents.insert(now.agentId, now);
    ++m_counters.platformChanges;
    // The routing policy depends on who is routable (logged in and available), not on why an agent is busy:
    // ON_CALL -> AFTER_CALL_WORK leaves it unchanged and queues no recompute.
    const bool routableBefore = before.status == AgentStatus::Available;
    const bool routableNow = now.status == AgentStatus::Available;
    if (routableBefore != routableNow || isLoggedIn(before.status) != isLoggedIn(now.status))
        m_reconciler->trigger(m_agentGroup.value(now.agentId));
    if ((before.status == AgentStatus::OnCall) != (now.status == AgentStatus::OnCall)) {
        const Agent *a = m_core.scenario().agent(now.agentId);
        if (a)
            publish(QStringLiteral("trunks"), metricsFor(a->trunkId).toJson());
    }
}

void RegionSim::foreignWrite(const QString &groupId, const QString &modifiedBy)
{
    auto it = m_groups.find(groupId);
    if (it == m_groups.end())
        return;
    ++m_counters.foreignBumps;
    bumpVersion(*it, modifiedBy);
    m_reconciler->trigger(groupId);
}

Json RegionSim::stateJson() const
{
    Json groups = Json::object();
    for (const auto &id : m_groupOrder) {
        const GroupState &g = m_groups[id];
        Json members = Json::object();
        for (auto it = g.members.cbegin(); it != g.members.cend(); ++it)
            members[toStd(it.key())] = Json{{"status", toStd(agentStatusName(it->status))}, {"capacity", it->capacity},
                                            {"sourceTimestamp", toStd(formatTimestamp(it->sourceTimestampMs))}};
        groups[toStd(id)] = Json{{"version", g.version}, {"modifiedBy", toStd(g.modifiedBy)},
                                 {"reconcilerBumps", g.reconcilerBumps}, {"members", std::move(members)}};
    }
    Json effects = Json::object();
    for (auto it = m_effects.cbegin(); it != m_effects.cend(); ++it)
        effects[toStd(it.key())] = it.value();
    const SimCounters &c = m_counters;
    return Json{{"counters", Json{{"requests", c.requests}, {"writes", c.writes}, {"writesApplied", c.writesApplied},
                                  {"conflicts409", c.conflicts409}, {"throttled429", c.throttled429},
                                  {"errors5xx", c.errors5xx}, {"updatesApplied", c.updatesApplied},
                                  {"updatesStale", c.updatesStale}, {"updatesRejected", c.updatesRejected},
                                  {"idempotentReplays", c.idempotentReplays},
                                  {"idempotencyKeyReused", c.idempotencyKeyReused}, {"reconcilerBumps", c.reconcilerBumps},
                                  {"foreignBumps", c.foreignBumps}, {"platformChanges", c.platformChanges},
                                  {"tokensIssued", c.tokensIssued}, {"campaignWrites", c.campaignWrites},
                                  {"campaignConflicts409", c.campaignConflicts409}}},
                {"reconcilerBacklog", m_reconciler->backlog()},
                {"groups", std::move(groups)},
                {"effectsByIdempotencyKey", std::move(effects)}};
}

} // namespace icp::sim
