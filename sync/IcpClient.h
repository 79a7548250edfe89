#pragma once
// The console's client for one region: OAuth client-credentials token, the ICP 1.2.4 calls and the
// Genesys-shaped reads, over any HttpTransport (QNetworkAccessManager or the in-process simulator).

#include "ApiError.h"
#include "Campaign.h"
#include "CapacityUpdate.h"
#include "Clock.h"
#include "HttpMessage.h"
#include "Region.h"
#include "SkillGroup.h"
#include "Trunk.h"

#include <QObject>

#include <functional>
#include <optional>

namespace icp {

template<typename T>
struct ApiResult
{
    std::optional<T> value;
    ApiError error;
    HttpResponse response;
    bool ok() const { return value.has_value(); }
};

struct RegionCredentials
{
    QString clientId;
    QString clientSecret; // held in memory only; never logged
};

// Rate-limit state reported by the server on every answer.
struct RateLimitHeaders
{
    int count = -1;
    int allowed = -1;
    int resetS = -1;
};

class IcpClient final : public QObject
{
    Q_OBJECT
public:
    IcpClient(Region region, RegionCredentials credentials, HttpTransport &transport, Clock &clock,
              QObject *parent = nullptr);

    const Region &region() const { return m_region; }
    void setRequestTimeoutMs(int ms) { m_timeoutMs = ms; }

    void getSkillGroup(const QString &id, std::function<void(ApiResult<SkillGroup>)> done);
    void listSkillGroups(std::function<void(ApiResult<SkillGroupList>)> done);
    // Reads for the fleet view: BYOC trunks (Genesys paging), their call metrics (at most 100 ids), the roster.
    void listTrunks(int pageNumber, std::function<void(ApiResult<TrunkPage>)> done);
    void trunkMetrics(const QStringList &trunkIds, std::function<void(ApiResult<TrunkMetricsList>)> done);
    void listAgents(int pageNumber, std::function<void(ApiResult<AgentPage>)> done);
    // Outbound campaigns (Genesys shape). PATCH carries only the pacing fields and needs no version; PUT sends the
    // whole campaign with the version it was read at (409 when someone changed it since).
    void listCampaigns(int pageNumber, std::function<void(ApiResult<CampaignPage>)> done);
    void getCampaign(const QString &id, std::function<void(ApiResult<Campaign>)> done);
    void patchCampaign(const QString &id, const CampaignPacingPatch &patch, std::function<void(ApiResult<Campaign>)> done);
    void putCampaign(const Campaign &campaign, std::function<void(ApiResult<Campaign>)> done);
    // The PUT body: the campaign without the console's own mapping (region, skillGroupIds).
    static QByteArray campaignPutBody(const Campaign &campaign);
    // The body bytes are canonical (dumpJson of the request), so a resend with the same key is byte-identical.
    void postBulk(const QString &groupId, const BulkCapacityRequest &body, const QByteArray &idempotencyKey,
                  std::function<void(ApiResult<BulkCapacityResponse>)> done);

    // A bearer token for callers that make their own requests (the event stream). Cached until shortly before
    // expiry; rejectedToken, one the server just refused with 401, is dropped first so that a new one is fetched.
    // On failure token is empty and error names the region and the cause.
    void fetchToken(std::function<void(const QString &token, const QString &error)> done,
                    const QString &rejectedToken = {});

    qint64 requestsSent() const { return m_requests; }
    qint64 tokenRequests() const { return m_tokenRequests; }
    std::function<void(const RateLimitHeaders &)> onRateLimitHeaders;

    // Sends body bytes exactly as given: a resend after a timeout or a restart must be byte-identical.
    void postBulkRaw(const QString &groupId, const QByteArray &body, const QByteArray &idempotencyKey,
                     std::function<void(ApiResult<BulkCapacityResponse>)> done);

    static QByteArray canonicalBody(const BulkCapacityRequest &body);

private:
    using Send = std::function<void(const HttpResponse &)>;
    // Sends with a bearer token; on 401 fetches a new token once and resends once.
    void sendAuthorized(HttpRequest request, Send done, bool retried = false);
    void withToken(std::function<void(const QString &token, const ApiError &error)> next);
    void observe(const HttpResponse &r);
    QUrl url(const QUrl &base, const QString &path) const;

    Region m_region;
    RegionCredentials m_credentials;
    HttpTransport &m_transport;
    Clock &m_clock;
    int m_timeoutMs = 10000;
    QString m_token;
    qint64 m_tokenExpiresAtMs = 0;
    bool m_fetchingToken = false;
    QList<std::function<void(const QString &, const ApiError &)>> m_tokenWaiters;
    qint64 m_requests = 0;
    qint64 m_tokenRequests = 0;
};

} // namespace icp
