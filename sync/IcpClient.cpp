#include "IcpClient.h"

#include <QPointer>
#include <QUrlQuery>

namespace icp {

namespace {
template<typename T>
ApiResult<T> decodeAnswer(const HttpResponse &r)
{
    ApiResult<T> out;
    out.response = r;
    if (r.isTransportError() || r.status < 200 || r.status >= 300) {
        out.error = ApiError::fromResponse(r);
        return out;
    }
    DecodeError err;
    auto v = decodeDocument<T>(r.body, err);
    if (!v) {
        out.error = ApiError::malformed(r, QStringLiteral("unexpected answer: ") + err.message());
        return out;
    }
    out.value = std::move(v);
    return out;
}
} // namespace

IcpClient::IcpClient(Region region, RegionCredentials credentials, HttpTransport &transport, Clock &clock,
                     QObject *parent)
    : QObject(parent)
    , m_region(std::move(region))
    , m_credentials(std::move(credentials))
    , m_transport(transport)
    , m_clock(clock)
{
}

QByteArray IcpClient::canonicalBody(const BulkCapacityRequest &body)
{
    return dumpJson(body.toJson());
}

QUrl IcpClient::url(const QUrl &base, const QString &path) const
{
    QUrl u = base;
    QString p = u.path();
    if (p.endsWith(QLatin1Char('/')))
        p.chop(1);
    const qsizetype q = path.indexOf(QLatin1Char('?'));
    u.setPath(p + (q < 0 ? path : path.left(q)));
    if (q >= 0)
        u.setQuery(path.mid(q + 1));
    return u;
}

void IcpClient::observe(const HttpResponse &r)
{
    if (!onRateLimitHeaders || r.isTransportError())
        return;
    const QByteArray count = headerValue(r.headers, "inin-ratelimit-count");
    if (count.isEmpty())
        return;
    RateLimitHeaders h;
    h.count = count.toInt();
    h.allowed = headerValue(r.headers, "inin-ratelimit-allowed").toInt();
    h.resetS = headerValue(r.headers, "inin-ratelimit-reset").toInt();
    onRateLimitHeaders(h);
}

void IcpClient::withToken(std::function<void(const QString &, const ApiError &)> next)
{
    // Renew a minute before expiry: client-credentials tokens are not refreshed, only replaced.
    if (!m_token.isEmpty() && m_clock.nowMs() < m_tokenExpiresAtMs - 60000) {
        next(m_token, ApiError{});
        return;
    }
    m_tokenWaiters.push_back(std::move(next));
    if (m_fetchingToken)
        return;
    m_fetchingToken = true;
    HttpRequest req;
    req.method = "POST";
    req.url = url(m_region.loginBaseUrl, QStringLiteral("/oauth/token"));
    req.timeoutMs = m_timeoutMs;
    req.headers = {{"Content-Type", "application/x-www-form-urlencoded"},
                   {"Authorization", "Basic " + (m_credentials.clientId + QLatin1Char(':') + m_credentials.clientSecret)
                                                    .toUtf8().toBase64()}};
    req.body = "grant_type=client_credentials";
    ++m_tokenRequests;
    // Answers can outlive the client (the engine was stopped mid-request): drop them then.
    m_transport.send(req, [this, self = QPointer<IcpClient>(this)](const HttpResponse &r) {
        if (!self)
            return;
        m_fetchingToken = false;
        ApiError error;
        if (r.isTransportError() || r.status != 200) {
            error = ApiError::fromResponse(r);
            if (error.category == ErrorCategory::Unauthorized || r.status == 400)
                error.message = QStringLiteral("%1: token request rejected (%2); check the client id and secret for this region")
                                    .arg(m_region.id).arg(r.status);
            m_token.clear();
        } else {
            DecodeError err;
            auto j = parseJson(r.body, err);
            QString token;
            qint64 expiresIn = 0;
            if (j) {
                JsonIn in(*j, err);
                if (in.expectObject()) {
                    token = in.string("access_token");
                    expiresIn = in.integer("expires_in", 1, 10LL * 365 * 86400);
                }
            }
            if (err.isError() || token.isEmpty()) {
                error = ApiError::malformed(r, QStringLiteral("%1: unexpected token answer: %2").arg(m_region.id, err.message()));
                m_token.clear();
            } else {
                m_token = token;
                m_tokenExpiresAtMs = m_clock.nowMs() + expiresIn * 1000;
            }
        }
        const auto waiters = std::exchange(m_tokenWaiters, {});
        for (const auto &w : waiters)
            w(m_token, error);
    });
}

void IcpClient::fetchToken(std::function<void(const QString &, const QString &)> done, const QString &rejectedToken)
{
    if (!rejectedToken.isEmpty() && m_token == rejectedToken)
        m_token.clear();
    withToken([this, done = std::move(done)](const QString &token, const ApiError &error) {
        if (!error.isError()) {
            done(token, {});
            return;
        }
        done({}, error.message.startsWith(m_region.id)
                     ? error.message
                     : QStringLiteral("%1: token request failed: %2").arg(m_region.id, error.summary()));
    });
}

void IcpClient::sendAuthorized(HttpRequest request, Send done, bool retried)
{
    withToken([this, request, done, retried](const QString &token, const ApiError &error) mutable {
        if (error.isError()) {
            HttpResponse r;
            // Surface the token failure as the answer of this call.
            r.status = error.httpStatus;
            r.error = error.httpStatus ? TransportError::None : TransportError::Other;
            r.errorText = error.message;
            r.body = error.rawBody;
            r.headers = error.headers;
            if (r.status == 0 && r.error == TransportError::Other)
                r.error = TransportError::ConnectionRefused;
            done(r);
            return;
        }
        setHeader(request.headers, "Authorization", "Bearer " + token.toLatin1());
        ++m_requests;
        const QString used = token;
        m_transport.send(request, [this, self = QPointer<IcpClient>(this), request, done, retried, used](const HttpResponse &r) {
            if (!self)
                return;
            observe(r);
            if (!r.isTransportError() && r.status == 401 && !retried) {
                if (m_token == used)
                    m_token.clear(); // expired or revoked: one new token, one resend
                sendAuthorized(request, done, true);
                return;
            }
            done(r);
        });
    });
}

void IcpClient::getSkillGroup(const QString &id, std::function<void(ApiResult<SkillGroup>)> done)
{
    HttpRequest req;
    req.method = "GET";
    req.url = url(m_region.icpBaseUrl, QStringLiteral("/api/v1/icp/skillgroups/") + id);
    req.timeoutMs = m_timeoutMs;
    sendAuthorized(req, [done](const HttpResponse &r) { done(decodeAnswer<SkillGroup>(r)); });
}

void IcpClient::listSkillGroups(std::function<void(ApiResult<SkillGroupList>)> done)
{
    HttpRequest req;
    req.method = "GET";
    req.url = url(m_region.icpBaseUrl, QStringLiteral("/api/v1/icp/skillgroups"));
    req.timeoutMs = m_timeoutMs;
    sendAuthorized(req, [done](const HttpResponse &r) { done(decodeAnswer<SkillGroupList>(r)); });
}

void IcpClient::listTrunks(int pageNumber, std::function<void(ApiResult<TrunkPage>)> done)
{
    HttpRequest req;
    req.method = "GET";
    req.url = url(m_region.apiBaseUrl, QStringLiteral("/api/v2/telephony/providers/edges/trunks"));
    QUrlQuery q;
    q.addQueryItem(QStringLiteral("trunkType"), QStringLiteral("EXTERNAL"));
    q.addQueryItem(QStringLiteral("pageSize"), QStringLiteral("100"));
    q.addQueryItem(QStringLiteral("pageNumber"), QString::number(pageNumber));
    req.url.setQuery(q);
    req.timeoutMs = m_timeoutMs;
    sendAuthorized(req, [done](const HttpResponse &r) { done(decodeAnswer<TrunkPage>(r)); });
}

void IcpClient::trunkMetrics(const QStringList &trunkIds, std::function<void(ApiResult<TrunkMetricsList>)> done)
{
    HttpRequest req;
    req.method = "GET";
    req.url = url(m_region.apiBaseUrl, QStringLiteral("/api/v2/telephony/providers/edges/trunks/metrics"));
    QUrlQuery q;
    q.addQueryItem(QStringLiteral("trunkIds"), trunkIds.mid(0, 100).join(QLatin1Char(',')));
    req.url.setQuery(q);
    req.timeoutMs = m_timeoutMs;
    sendAuthorized(req, [done](const HttpResponse &r) { done(decodeAnswer<TrunkMetricsList>(r)); });
}

void IcpClient::listAgents(int pageNumber, std::function<void(ApiResult<AgentPage>)> done)
{
    HttpRequest req;
    req.method = "GET";
    req.url = url(m_region.icpBaseUrl, QStringLiteral("/api/v1/icp/agents"));
    QUrlQuery q;
    q.addQueryItem(QStringLiteral("pageSize"), QStringLiteral("500"));
    q.addQueryItem(QStringLiteral("pageNumber"), QString::number(pageNumber));
    req.url.setQuery(q);
    req.timeoutMs = m_timeoutMs;
    sendAuthorized(req, [done](const HttpResponse &r) { done(decodeAnswer<AgentPage>(r)); });
}

void IcpClient::listCampaigns(int pageNumber, std::function<void(ApiResult<CampaignPage>)> done)
{
    HttpRequest req;
    req.method = "GET";
    req.url = url(m_region.apiBaseUrl, QStringLiteral("/api/v2/outbound/campaigns"));
    QUrlQuery q;
    q.addQueryItem(QStringLiteral("pageSize"), QStringLiteral("100"));
    q.addQueryItem(QStringLiteral("pageNumber"), QString::number(pageNumber));
    req.url.setQuery(q);
    req.timeoutMs = m_timeoutMs;
    sendAuthorized(req, [done](const HttpResponse &r) { done(decodeAnswer<CampaignPage>(r)); });
}

void IcpClient::getCampaign(const QString &id, std::function<void(ApiResult<Campaign>)> done)
{
    HttpRequest req;
    req.method = "GET";
    req.url = url(m_region.apiBaseUrl, QStringLiteral("/api/v2/outbound/campaigns/") + id);
    req.timeoutMs = m_timeoutMs;
    sendAuthorized(req, [done](const HttpResponse &r) { done(decodeAnswer<Campaign>(r)); });
}

void IcpClient::patchCampaign(const QString &id, const CampaignPacingPatch &patch, std::function<void(ApiResult<Campaign>)> done)
{
    HttpRequest req;
    req.method = "PATCH";
    req.url = url(m_region.apiBaseUrl, QStringLiteral("/api/v2/outbound/campaigns/") + id);
    req.timeoutMs = m_timeoutMs;
    req.headers = {{"Content-Type", "application/json"}};
    req.body = dumpJson(patch.toJson());
    sendAuthorized(req, [done](const HttpResponse &r) { done(decodeAnswer<Campaign>(r)); });
}

QByteArray IcpClient::campaignPutBody(const Campaign &campaign)
{
    // region and skillGroupIds are the console's own mapping, not Genesys fields: they stay home.
    Json body = campaign.toJson();
    body.erase("region");
    body.erase("skillGroupIds");
    return dumpJson(body);
}

void IcpClient::putCampaign(const Campaign &campaign, std::function<void(ApiResult<Campaign>)> done)
{
    HttpRequest req;
    req.method = "PUT";
    req.url = url(m_region.apiBaseUrl, QStringLiteral("/api/v2/outbound/campaigns/") + campaign.id);
    req.timeoutMs = m_timeoutMs;
    req.headers = {{"Content-Type", "application/json"}};
    req.body = campaignPutBody(campaign);
    sendAuthorized(req, [done](const HttpResponse &r) { done(decodeAnswer<Campaign>(r)); });
}

void IcpClient::postBulk(const QString &groupId, const BulkCapacityRequest &body, const QByteArray &idempotencyKey,
                         std::function<void(ApiResult<BulkCapacityResponse>)> done)
{
    postBulkRaw(groupId, canonicalBody(body), idempotencyKey, std::move(done));
}

void IcpClient::postBulkRaw(const QString &groupId, const QByteArray &body, const QByteArray &idempotencyKey,
                            std::function<void(ApiResult<BulkCapacityResponse>)> done)
{
    HttpRequest req;
    req.method = "POST";
    req.url = url(m_region.icpBaseUrl, QStringLiteral("/api/v1/icp/skillgroups/%1/capacity:bulk").arg(groupId));
    req.timeoutMs = m_timeoutMs;
    req.headers = {{"Content-Type", "application/json"}, {"Idempotency-Key", idempotencyKey}};
    req.body = body;
    sendAuthorized(req, [done](const HttpResponse &r) { done(decodeAnswer<BulkCapacityResponse>(r)); });
}

} // namespace icp
