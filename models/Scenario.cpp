#include "Scenario.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace icp {

namespace {

RangeMs readRange(JsonIn &in, const char *key, RangeMs fallback)
{
    if (!in.has(key))
        return fallback;
    const QList<qint64> v = in.array<qint64>(key, [](JsonIn &e) {
        if (!e.value().is_number_integer() || e.value().get<qint64>() < 0 || e.value().get<qint64>() > 600000) {
            e.fail(QStringLiteral("expected integer milliseconds 0..600000, got ") + jsonTypeName(e.value()));
            return qint64(0);
        }
        return e.value().get<qint64>();
    });
    if (!in.ok())
        return fallback;
    if (v.size() != 2 || v[0] > v[1]) {
        in.fail(QStringLiteral("expected [min, max] with min <= max"), key);
        return fallback;
    }
    return RangeMs{int(v[0]), int(v[1])};
}

OAuthClientSpec readClient(JsonIn &in)
{
    OAuthClientSpec c;
    if (!in.expectObject())
        return c;
    c.clientId = in.string("clientId");
    c.clientSecret = in.string("clientSecret");
    c.scopes = in.stringList("scopes");
    return c;
}

RegionSpec readRegion(JsonIn &in)
{
    RegionSpec r;
    if (!in.expectObject())
        return r;
    r.id = in.string("id");
    if (in.ok() && r.id.isEmpty())
        in.fail(QStringLiteral("must not be empty"), "id");
    r.displayName = in.optString("displayName", r.id);
    in.optObject<int>("latency", [&r](JsonIn &l) {
        r.latencyMeanMs = int(l.integer("meanMs", 0, 60000));
        r.latencyJitterMs = int(l.optInteger("jitterMs", 0, 60000, 0));
        if (l.ok() && r.latencyJitterMs > r.latencyMeanMs)
            l.fail(QStringLiteral("must not exceed meanMs"), "jitterMs");
        return 0;
    });
    r.rateLimitPerMinute = int(in.optInteger("rateLimitPerMinute", 1, 1000000, 300));
    r.tokenLifetimeS = int(in.optDurationMs("tokenLifetime", 86400000) / 1000);
    if (in.ok() && r.tokenLifetimeS < 1)
        in.fail(QStringLiteral("must be at least 1s"), "tokenLifetime");
    in.optObject<int>("reconciler", [&r](JsonIn &c) {
        static const std::pair<const char *, ReconcilerSpec::Mode> modes[] = {
            {"sync", ReconcilerSpec::Mode::Sync}, {"async", ReconcilerSpec::Mode::Async}};
        r.reconciler.mode = c.enumeration("mode", modes);
        r.reconciler.baseDelayMs = readRange(c, "baseDelayMs", r.reconciler.baseDelayMs);
        r.reconciler.serviceMs = readRange(c, "serviceMs", r.reconciler.serviceMs);
        r.reconciler.mergeQueued = c.optBoolean("mergeQueued").value_or(false);
        return 0;
    });
    r.clients = in.array<OAuthClientSpec>("clients", readClient, false);
    return r;
}

TrunkSpec readTrunk(JsonIn &in)
{
    TrunkSpec t;
    if (!in.expectObject())
        return t;
    t.id = in.string("id");
    t.name = in.optString("name", t.id);
    t.region = in.string("region");
    t.proxies = in.stringList("proxies");
    if (in.ok() && t.proxies.isEmpty())
        in.fail(QStringLiteral("a BYOC trunk needs at least one register proxy"), "proxies");
    t.maxConcurrentCalls = int(in.optInteger("maxConcurrentCalls", 1, 100000, 100));
    return t;
}

SkillGroupSpec readGroup(JsonIn &in)
{
    SkillGroupSpec g;
    if (!in.expectObject())
        return g;
    g.id = in.string("id");
    g.name = in.optString("name", g.id);
    g.region = in.string("region");
    g.trunkIds = in.stringList("trunkIds");
    if (in.ok() && g.trunkIds.isEmpty())
        in.fail(QStringLiteral("a trunk-based skill group needs at least one trunk"), "trunkIds");
    return g;
}

AgentBlockSpec readBlock(JsonIn &in)
{
    AgentBlockSpec b;
    if (!in.expectObject())
        return b;
    b.skillGroupId = in.string("skillGroup");
    b.idPrefix = in.string("idPrefix");
    b.site = in.optString("site");
    b.count = int(in.integer("count", 1, 1000000));
    b.capacity = int(in.optInteger("capacity", 1, kMaxAgentCapacity, 1));
    b.initiallyLoggedIn = int(in.optInteger("initiallyLoggedIn", 0, b.count, 0));
    return b;
}

ForeignWriterSpec readForeign(JsonIn &in)
{
    ForeignWriterSpec f;
    if (!in.expectObject())
        return f;
    f.region = in.string("region");
    f.skillGroupIds = in.optStringList("skillGroups");
    f.writesPerMinute = in.number("writesPerMinute", 0, 100000);
    f.modifiedBy = in.optString("modifiedBy", f.modifiedBy);
    f.fromMs = in.optDurationMs("from", 0);
    f.untilMs = in.optDurationMs("until", std::numeric_limits<qint64>::max());
    return f;
}

QStringList readRegions(JsonIn &in)
{
    if (in.has("region")) {
        const QString r = in.string("region");
        return r == QLatin1String("*") ? QStringList{} : QStringList{r};
    }
    return in.optStringList("regions");
}

TimelineSpec readTimeline(JsonIn &in)
{
    TimelineSpec t;
    if (!in.expectObject())
        return t;
    t.atMs = in.durationMs("at");
    int kinds = 0;
    if (in.has("agent")) {
        ++kinds;
        t.kind = TimelineSpec::Kind::Agent;
        in.object<int>("agent", [&t](JsonIn &a) {
            t.agentId = a.string("id");
            t.status = a.enumeration("status", kAgentStatusNames);
            if (a.has("capacity"))
                t.capacity = int(a.integer("capacity", 0, kMaxAgentCapacity));
            return 0;
        });
    }
    if (in.has("surge")) {
        ++kinds;
        t.kind = TimelineSpec::Kind::Surge;
        in.object<int>("surge", [&t](JsonIn &s) {
            t.regions = readRegions(s);
            t.agents = int(s.integer("agents", 1, 1000000));
            t.overMs = s.optDurationMs("over", 0);
            t.status = s.has("status") ? s.enumeration("status", kAgentStatusNames) : AgentStatus::Available;
            return 0;
        });
    }
    if (in.has("churn")) {
        ++kinds;
        t.kind = TimelineSpec::Kind::Churn;
        in.object<int>("churn", [&t](JsonIn &c) {
            t.regions = readRegions(c);
            t.ratePerS = c.number("ratePerS", 0, 100000);
            t.overMs = c.durationMs("for");
            return 0;
        });
    }
    if (in.has("trunkRegistration")) {
        ++kinds;
        t.kind = TimelineSpec::Kind::TrunkRegistration;
        in.object<int>("trunkRegistration", [&t](JsonIn &r) {
            t.trunkId = r.string("trunk");
            t.proxyIndex = int(r.optInteger("proxy", 0, 64, 0));
            t.registered = r.boolean("registered");
            t.errorText = r.optString("errorText");
            return 0;
        });
    }
    if (in.ok() && kinds != 1)
        in.fail(QStringLiteral("expected exactly one of agent, surge, churn, trunkRegistration"));
    return t;
}

} // namespace

const RegionSpec *Scenario::region(const QString &id) const
{
    for (const auto &r : regions)
        if (r.id == id)
            return &r;
    return nullptr;
}

const TrunkSpec *Scenario::trunk(const QString &id) const
{
    for (const auto &t : trunks)
        if (t.id == id)
            return &t;
    return nullptr;
}

const SkillGroupSpec *Scenario::skillGroup(const QString &id) const
{
    for (const auto &g : skillGroups)
        if (g.id == id)
            return &g;
    return nullptr;
}

const Agent *Scenario::agent(const QString &id) const
{
    auto it = m_agentIndex.constFind(id);
    return it == m_agentIndex.cend() ? nullptr : &agents[it.value()];
}

int Scenario::initialCapacity(const QString &agentId) const
{
    return m_capacity.value(agentId, 1);
}

bool Scenario::initiallyLoggedIn(const QString &agentId) const
{
    return m_loggedIn.contains(agentId);
}

QStringList Scenario::regionIds() const
{
    QStringList ids;
    for (const auto &r : regions)
        ids << r.id;
    return ids;
}

void Scenario::buildIndex()
{
    m_agentIndex.clear();
    for (int i = 0; i < agents.size(); ++i)
        m_agentIndex.insert(agents[i].id, i);
}

Scenario Scenario::fromJson(JsonIn &in)
{
    Scenario s;
    if (!in.expectObject())
        return s;
    s.name = in.string("name");
    s.description = in.optString("description");
    s.startTimeMs = in.optTimestamp("startTime").value_or(1795856400000); // 2026-11-28T09:00:00Z
    s.durationMs = in.durationMs("duration");
    s.regions = in.array<RegionSpec>("regions", readRegion);
    if (in.ok() && s.regions.isEmpty())
        in.fail(QStringLiteral("at least one region is required"), "regions");
    s.trunks = in.array<TrunkSpec>("trunks", readTrunk);
    s.skillGroups = in.array<SkillGroupSpec>("skillGroups", readGroup);
    s.agents = in.array<Agent>("agents", Agent::fromJson, false);
    s.agentBlocks = in.array<AgentBlockSpec>("agentBlocks", readBlock, false);
    s.campaigns = in.array<Campaign>("campaigns", Campaign::fromJson, false);
    s.foreignWriters = in.array<ForeignWriterSpec>("foreignWriters", readForeign, false);
    s.timeline = in.array<TimelineSpec>("timeline", readTimeline, false);
    if (!in.ok())
        return s;

    // Cross-references, each error naming the path of the offending field.
    auto fail = [&in](const QString &path, const QString &reason) { in.failAt(path, reason); };
    auto idx = [](const char *list, int i, const char *field) {
        return QStringLiteral("%1[%2].%3").arg(QLatin1String(list)).arg(i).arg(QLatin1String(field));
    };
    QSet<QString> seen;
    for (int i = 0; i < s.regions.size(); ++i) {
        if (seen.contains(s.regions[i].id))
            fail(idx("regions", i, "id"), QStringLiteral("duplicate region id \"%1\"").arg(s.regions[i].id));
        seen.insert(s.regions[i].id);
    }
    seen.clear();
    for (int i = 0; i < s.trunks.size(); ++i) {
        const auto &t = s.trunks[i];
        if (!s.region(t.region))
            fail(idx("trunks", i, "region"), QStringLiteral("unknown region \"%1\"").arg(t.region));
        if (seen.contains(t.id))
            fail(idx("trunks", i, "id"), QStringLiteral("duplicate trunk id \"%1\"").arg(t.id));
        seen.insert(t.id);
    }
    seen.clear();
    for (int i = 0; i < s.skillGroups.size(); ++i) {
        const auto &g = s.skillGroups[i];
        if (!s.region(g.region))
            fail(idx("skillGroups", i, "region"), QStringLiteral("unknown region \"%1\"").arg(g.region));
        if (seen.contains(g.id))
            fail(idx("skillGroups", i, "id"), QStringLiteral("duplicate skill group id \"%1\"").arg(g.id));
        seen.insert(g.id);
        for (int k = 0; k < g.trunkIds.size(); ++k) {
            const TrunkSpec *t = s.trunk(g.trunkIds[k]);
            const QString path = QStringLiteral("skillGroups[%1].trunkIds[%2]").arg(i).arg(k);
            if (!t)
                fail(path, QStringLiteral("unknown trunk \"%1\"").arg(g.trunkIds[k]));
            else if (t->region != g.region)
                fail(path, QStringLiteral("trunk \"%1\" is in %2, not %3").arg(t->id, t->region, g.region));
        }
    }
    for (int i = 0; i < s.agentBlocks.size() && in.ok(); ++i) {
        const auto &b = s.agentBlocks[i];
        const SkillGroupSpec *g = s.skillGroup(b.skillGroupId);
        if (!g) {
            fail(idx("agentBlocks", i, "skillGroup"), QStringLiteral("unknown skill group \"%1\"").arg(b.skillGroupId));
            break;
        }
        for (int n = 0; n < b.count; ++n) {
            Agent a;
            a.id = b.idPrefix + QStringLiteral("%1").arg(n + 1, 4, 10, QLatin1Char('0'));
            a.name = QStringLiteral("Agent %1").arg(a.id);
            a.site = b.site;
            a.region = g->region;
            a.skillGroupId = g->id;
            a.trunkId = g->trunkIds[n % g->trunkIds.size()];
            s.m_capacity.insert(a.id, b.capacity);
            if (n < b.initiallyLoggedIn)
                s.m_loggedIn.insert(a.id);
            s.agents.push_back(a);
        }
    }
    seen.clear();
    for (int i = 0; i < s.agents.size() && in.ok(); ++i) {
        const auto &a = s.agents[i];
        if (seen.contains(a.id))
            fail(QStringLiteral("agents[%1].id").arg(i), QStringLiteral("duplicate agent id \"%1\"").arg(a.id));
        seen.insert(a.id);
        const SkillGroupSpec *g = s.skillGroup(a.skillGroupId);
        if (!g)
            fail(QStringLiteral("agents[%1].skillGroupId").arg(i),
                 QStringLiteral("unknown skill group \"%1\"").arg(a.skillGroupId));
        else if (!g->trunkIds.contains(a.trunkId))
            fail(QStringLiteral("agents[%1].trunkId").arg(i),
                 QStringLiteral("trunk \"%1\" does not feed skill group \"%2\"").arg(a.trunkId, a.skillGroupId));
        else if (a.region != g->region)
            fail(QStringLiteral("agents[%1].region").arg(i),
                 QStringLiteral("skill group \"%1\" is in %2, not %3").arg(g->id, g->region, a.region));
    }
    for (int i = 0; i < s.campaigns.size(); ++i) {
        auto &c = s.campaigns[i];
        if (!s.region(c.region))
            fail(idx("campaigns", i, "region"), QStringLiteral("unknown region \"%1\"").arg(c.region));
        for (int k = 0; k < c.skillGroupIds.size(); ++k)
            if (!s.skillGroup(c.skillGroupIds[k]))
                fail(QStringLiteral("campaigns[%1].skillGroupIds[%2]").arg(i).arg(k),
                     QStringLiteral("unknown skill group \"%1\"").arg(c.skillGroupIds[k]));
    }
    for (int i = 0; i < s.foreignWriters.size(); ++i) {
        const auto &f = s.foreignWriters[i];
        if (!s.region(f.region))
            fail(idx("foreignWriters", i, "region"), QStringLiteral("unknown region \"%1\"").arg(f.region));
        for (int k = 0; k < f.skillGroupIds.size(); ++k)
            if (!s.skillGroup(f.skillGroupIds[k]))
                fail(QStringLiteral("foreignWriters[%1].skillGroups[%2]").arg(i).arg(k),
                     QStringLiteral("unknown skill group \"%1\"").arg(f.skillGroupIds[k]));
    }
    s.buildIndex();
    for (int i = 0; i < s.timeline.size(); ++i) {
        const auto &t = s.timeline[i];
        const QString base = QStringLiteral("timeline[%1]").arg(i);
        if (t.atMs > s.durationMs)
            fail(base + QStringLiteral(".at"), QStringLiteral("after the scenario's duration"));
        if (!t.regions.isEmpty()) {
            // Name the field as written: "surge.region" or "churn.regions[k]".
            const char *kind = t.kind == TimelineSpec::Kind::Surge ? "surge" : "churn";
            const bool single = in.value().at("timeline").at(std::size_t(i)).at(kind).contains("region");
            for (int k = 0; k < t.regions.size(); ++k)
                if (!s.region(t.regions[k]))
                    fail(base + QLatin1Char('.') + QLatin1String(kind)
                             + (single ? QStringLiteral(".region") : QStringLiteral(".regions[%1]").arg(k)),
                         QStringLiteral("unknown region \"%1\"").arg(t.regions[k]));
        }
        if (t.kind == TimelineSpec::Kind::Agent && !s.agent(t.agentId))
            fail(base + QStringLiteral(".agent.id"), QStringLiteral("unknown agent \"%1\"").arg(t.agentId));
        if (t.kind == TimelineSpec::Kind::TrunkRegistration) {
            const TrunkSpec *tr = s.trunk(t.trunkId);
            if (!tr)
                fail(base + QStringLiteral(".trunkRegistration.trunk"), QStringLiteral("unknown trunk \"%1\"").arg(t.trunkId));
            else if (t.proxyIndex >= tr->proxies.size())
                fail(base + QStringLiteral(".trunkRegistration.proxy"),
                     QStringLiteral("trunk \"%1\" has %2 proxies").arg(t.trunkId).arg(tr->proxies.size()));
        }
    }
    return s;
}

QStringList Scenario::builtInNames()
{
    QStringList names;
    const auto entries = QDir(QStringLiteral(":/scenarios")).entryList({QStringLiteral("*.json")}, QDir::Files);
    for (const auto &e : entries)
        names << QFileInfo(e).completeBaseName();
    return names;
}

std::optional<Scenario> Scenario::load(const QString &nameOrPath, QString *error)
{
    QString path = nameOrPath;
    if (!QFileInfo::exists(path) && !path.contains(QLatin1Char('/')) && !path.endsWith(QLatin1String(".json")))
        path = QStringLiteral(":/scenarios/%1.json").arg(nameOrPath);
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("scenario \"%1\": cannot open (%2); built-in scenarios: %3")
                         .arg(nameOrPath, f.errorString(), builtInNames().join(QStringLiteral(", ")));
        return std::nullopt;
    }
    if (f.size() > 64 * 1024 * 1024) {
        if (error)
            *error = QStringLiteral("scenario \"%1\": file is larger than 64 MiB").arg(nameOrPath);
        return std::nullopt;
    }
    DecodeError err;
    auto s = decodeDocument<Scenario>(f.readAll(), err);
    if (!s && error)
        *error = QStringLiteral("scenario \"%1\": %2").arg(nameOrPath, err.message());
    return s;
}

} // namespace icp
