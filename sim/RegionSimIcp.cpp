// The ICP 1.2.4 half of RegionSim: skill groups, the agent directory and bulk capacity writes.
#include "RegionSim.h"

#include "CapacityUpdate.h"
#include "SkillGroup.h"

#include <QCryptographicHash>

namespace icp::sim {

namespace {
constexpr qint64 kIdempotencyRetentionMs = 24LL * 3600 * 1000;

bool isJsonContent(const HttpRequest &r)
{
    return headerValue(r.headers, "Content-Type").toLower().startsWith("application/json");
}
} // namespace

HttpResponse RegionSim::listSkillGroups()
{
    Json list = Json::array();
    for (const auto &id : std::as_const(m_groupOrder)) {
        const GroupState &g = m_groups[id];
        SkillGroup sg{g.spec.id, g.spec.name, m_spec.id, g.spec.trunkIds, g.version, g.modifiedBy, g.modifiedAtMs,
                      int(g.members.size()), {}, false};
        list.push_back(sg.toJson(false));
    }
    return json(200, Json{{"entities", std::move(list)}});
}

HttpResponse RegionSim::getSkillGroup(const QString &id)
{
    auto it = m_groups.constFind(id);
    if (it == m_groups.cend())
        return icpError(404, QStringLiteral("NOT_FOUND"), QStringLiteral("skill group %1 not found").arg(id));
    SkillGroup sg{it->spec.id, it->spec.name, m_spec.id, it->spec.trunkIds, it->version, it->modifiedBy,
                  it->modifiedAtMs, int(it->members.size()), {}, true};
    QStringList ids = it->members.keys();
    ids.sort();
    for (const auto &a : std::as_const(ids)) {
        const MemberState &ms = it->members[a];
        sg.members.push_back(AgentAvailability{a, ms.status, ms.capacity, ms.sourceTimestampMs});
    }
    return json(200, sg.toJson(true));
}

HttpResponse RegionSim::listAgents(const QUrlQuery &query)
{
    const QString group = query.queryItemValue(QStringLiteral("skillGroupId"));
    bool okN = true, okS = true;
    const int pageNumber = query.hasQueryItem(QStringLiteral("pageNumber"))
        ? query.queryItemValue(QStringLiteral("pageNumber")).toInt(&okN) : 1;
    const int pageSize = query.hasQueryItem(QStringLiteral("pageSize"))
        ? query.queryItemValue(QStringLiteral("pageSize")).toInt(&okS) : 25;
    if (!okN || !okS || pageNumber < 1 || pageSize < 1 || pageSize > 500)
        return icpError(400, QStringLiteral("VALIDATION"), QStringLiteral("pageNumber >= 1 and pageSize 1..500"));
    QList<const Agent *> agents;
    for (const auto &a : m_core.scenario().agents)
        if (a.region == m_spec.id && (group.isEmpty() || a.skillGroupId == group))
            agents.push_back(&a);
    Json list = Json::array();
    for (qsizetype i = qsizetype(pageNumber - 1) * pageSize; i < agents.size() && list.size() < size_t(pageSize); ++i)
        list.push_back(agents[i]->toJson());
    const int total = int(agents.size());
    return json(200, Json{{"entities", std::move(list)}, {"pageSize", pageSize}, {"pageNumber", pageNumber},
                          {"total", total}, {"pageCount", (total + pageSize - 1) / pageSize}});
}

HttpResponse RegionSim::bulkCapacity(const HttpRequest &request, const QString &groupId, const Token &token)
{
    if (!isJsonContent(request))
        return icpError(415, QStringLiteral("UNSUPPORTED_MEDIA_TYPE"), QStringLiteral("Content-Type must be application/json"));
    const QString key = QString::fromLatin1(headerValue(request.headers, "Idempotency-Key"));
    if (key.isEmpty() || key.size() > 200)
        return icpError(400, QStringLiteral("VALIDATION"), QStringLiteral("Idempotency-Key header is required (1..200 chars)"),
                        Json{{"details", Json::array({Json{{"fieldName", "Idempotency-Key"}, {"errorCode", "required"}}})}});
    DecodeError err;
    auto parsed = parseJson(request.body, err);
    if (!parsed)
        return icpError(400, QStringLiteral("VALIDATION"), err.message(),
                        Json{{"details", Json::array({Json{{"fieldName", ""}, {"message", toStd(err.message())}}})}});
    if (parsed->is_object() && parsed->contains("updates") && (*parsed)["updates"].is_array()
        && (*parsed)["updates"].size() > size_t(kMaxBulkUpdates))
        return icpError(413, QStringLiteral("PAYLOAD_TOO_LARGE"),
                        QStringLiteral("at most %1 updates per request, got %2").arg(kMaxBulkUpdates).arg((*parsed)["updates"].size()));
    auto body = decodeValue<BulkCapacityRequest>(*parsed, err);
    if (!body)
        return icpError(400, QStringLiteral("VALIDATION"), err.message(),
                        Json{{"details", Json::array({Json{{"fieldName", toStd(err.path)}, {"message", toStd(err.reason)}}})}});

    const qint64 now = m_core.clock().nowMs();
    const QByteArray hash = QCryptographicHash::hash(request.body, QCryptographicHash::Sha256);
    const QString storeKey = token.clientId + QLatin1Char('|') + key;
    if (auto it = m_idempotency.find(storeKey); it != m_idempotency.end() && now - it->storedAtMs < kIdempotencyRetentionMs) {
        if (it->bodyHash != hash) {
            ++m_counters.idempotencyKeyReused;
            return icpError(422, QStringLiteral("IDEMPOTENCY_KEY_REUSED"),
                            QStringLiteral("Idempotency-Key %1 was used with a different body").arg(key));
        }
        ++m_counters.idempotentReplays;
        HttpResponse r{it->status, {{"Content-Type", "application/json"}, {"ININ-Correlation-Id", nextCorrelationId()},
                                    {"Idempotent-Replayed", "true"}}, it->body, TransportError::None, {}};
        return r;
    }
    auto store = [&](const HttpResponse &r) {
        if (m_idempotency.size() > 200000) {
            for (auto i = m_idempotency.begin(); i != m_idempotency.end();)
                i = now - i->storedAtMs >= kIdempotencyRetentionMs ? m_idempotency.erase(i) : std::next(i);
        }
        m_idempotency.insert(storeKey, StoredResult{hash, r.status, r.body, now});
    };

    auto git = m_groups.find(groupId);
    if (git == m_groups.end())
        return icpError(404, QStringLiteral("NOT_FOUND"), QStringLiteral("skill group %1 not found").arg(groupId));
    GroupState &g = *git;
    ++m_counters.writes;
    if (body->expectedVersion != g.version) {
        ++m_counters.conflicts409;
        HttpResponse r = icpError(409, QStringLiteral("CONFLICT"),
                                  QStringLiteral("Cannot update agent capacity due to concurrent modification of trunk routing policies."),
                                  Json{{"currentVersion", g.version},
                                       {"modifiedBy", toStd(g.modifiedBy)},
                                       {"modifiedAt", toStd(formatTimestamp(g.modifiedAtMs))}});
        store(r);
        return r;
    }
    BulkCapacityResponse out;
    int applied = 0;
    for (const auto &u : std::as_const(body->updates)) {
        CapacityUpdateResult res{u.agentId, UpdateOutcome::Applied, {}};
        auto mit = g.members.find(u.agentId);
        if (mit == g.members.end()) {
            res.outcome = UpdateOutcome::Rejected;
            res.reason = m_agentGroup.contains(u.agentId)
                ? QStringLiteral("agent is not a member of skill group %1").arg(groupId)
                : QStringLiteral("unknown agent");
            ++m_counters.updatesRejected;
        } else if (u.sourceTimestampMs <= mit->sourceTimestampMs) {
            res.outcome = UpdateOutcome::Stale;
            res.reason = QStringLiteral("ICP holds sourceTimestamp %1").arg(formatTimestamp(mit->sourceTimestampMs));
            ++m_counters.updatesStale;
        } else {
            *mit = MemberState{u.status, u.capacity, u.sourceTimestampMs};
            ++m_counters.updatesApplied;
            ++applied;
        }
        out.results.push_back(res);
    }
    ++m_counters.writesApplied;
    m_effects[key] += 1;
    bumpVersion(g, token.clientId);
    out.version = g.version;
    m_reconciler->trigger(groupId);
    HttpResponse r = json(200, out.toJson());
    store(r);
    return r;
}

} // namespace icp::sim
