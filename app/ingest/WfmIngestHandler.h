#pragma once
// POST /wfm/v1/availability, transport-neutral: a request in, an answer out. The QHttpServer adapter
// (WfmIngestServer) feeds it; tests can too. The commit function is the engine's ingest (synchronous, on the
// thread this handler lives on, the engine's): an answer of 202 is only produced after it returned, so 202
// means every accepted item is in the outbox (SQLite, synchronous=FULL) and survives a crash from then on.
//
// Order of checks: path (404), method (405 with Allow), bearer token (401 with WWW-Authenticate; compared in
// constant time, never logged), Content-Type (415), body (400: not JSON, not an array, an NDJSON line that is not
// JSON, or empty), item count (413), then per item: decode, roster and timestamp (rejections), and the outbox
// (accepted, stale, duplicate). Bodies over the byte limit are refused with 413 before they are read
// (EarlyRequestHook); the handler checks the limit again.

#include "Clock.h"
#include "HttpMessage.h"
#include "OutboxTypes.h"
#include "WfmValidator.h"

#include <functional>

namespace icp {

// Commits changes to the outbox before it returns (the engine's ingest). An AcceptResult with an error means
// nothing was committed.
using WfmCommit = std::function<AcceptResult(const QList<OutboxChange> &changes)>;

struct WfmIngestLimits
{
    static constexpr qint64 kDefaultBodyLimit = 4 * 1024 * 1024;
    static constexpr int kDefaultMaxItems = 5000;
    qint64 bodyLimit = kDefaultBodyLimit;
    int maxItems = kDefaultMaxItems;
};

class WfmIngestHandler
{
public:
    static constexpr const char *kPath = "/wfm/v1/availability";

    WfmIngestHandler(WfmValidator validator, QByteArray token, WfmCommit commit, Clock &clock,
                     WfmIngestLimits limits = {});

    HttpResponse handle(const QByteArray &method, const QString &path, const HttpHeaders &headers,
                        const QByteArray &body);

    // Everything this endpoint took and refused since it started (items of answered 202s only).
    const WfmTally &tally() const { return m_tally; }
    const WfmTally &lastBatch() const { return m_lastBatch; } // the newest answered 202
    qint64 requests() const { return m_requests; }
    const WfmIngestLimits &limits() const { return m_limits; }

    // Equal in constant time for equal lengths of `given`; both sides are hashed first, so neither the token's
    // length nor its content leaks through timing.
    static bool tokenMatches(const QByteArray &given, const QByteArray &expected);

private:
    HttpResponse accept(const WfmDecodeResult &decoded, bool ndjson);

    WfmValidator m_validator;
    QByteArray m_token;
    WfmCommit m_commit;
    Clock &m_clock;
    WfmIngestLimits m_limits;
    WfmTally m_tally;
    WfmTally m_lastBatch;
    qint64 m_requests = 0;
};

} // namespace icp
