#include "WfmIngestHandler.h"

#include <QCryptographicHash>

namespace icp {

namespace {

const QByteArray kRealm = "Bearer realm=\"icp-console-wfm\"";

HttpResponse jsonAnswer(int status, const Json &body, HttpHeaders extra = {})
{
    HttpResponse r;
    r.status = status;
    r.headers = std::move(extra);
    r.headers.push_back({"Content-Type", "application/json"});
    r.body = dumpJson(body);
    return r;
}

HttpResponse error(int status, const char *code, const QString &message, HttpHeaders extra = {})
{
    return jsonAnswer(status, Json{{"errorCode", code}, {"message", toStd(message)}, {"status", status}},
                      std::move(extra));
}

// The media type without parameters, lower case: "application/json; charset=utf-8" -> "application/json".
QByteArray mediaType(const HttpHeaders &headers)
{
    QByteArray type = headerValue(headers, "Content-Type");
    if (const qsizetype semi = type.indexOf(';'); semi >= 0)
        type.truncate(semi);
    return type.trimmed().toLower();
}

} // namespace

WfmIngestHandler::WfmIngestHandler(WfmValidator validator, QByteArray token, WfmCommit commit, Clock &clock,
                                   WfmIngestLimits limits)
    : m_validator(std::move(validator))
    , m_token(std::move(token))
    , m_commit(std::move(commit))
    , m_clock(clock)
    , m_limits(limits)
{
}

bool WfmIngestHandler::tokenMatches(const QByteArray &given, const QByteArray &expected)
{
    if (expected.isEmpty())
        return false;
    const QByteArray a = QCryptographicHash::hash(given, QCryptographicHash::Sha256);
    const QByteArray b = QCryptographicHash::hash(expected, QCryptographicHash::Sha256);
    unsigned char diff = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        diff |= static_cast<unsigned char>(a[i] ^ b[i]);
    return diff == 0;
}

HttpResponse WfmIngestHandler::handle(const QByteArray &method, const QString &path, const HttpHeaders &headers,
                                      const QByteArray &body)
{
    ++m_requests;
    if (path != QLatin1String(kPath))
        return error(404, "NOT_FOUND", QStringLiteral("no such path: %1 (the WFM ingest endpoint is POST %2)")
                                           .arg(path.left(200), QLatin1String(kPath)));
    if (method != "POST")
        return error(405, "METHOD_NOT_ALLOWED",
                     QStringLiteral("%1 is not allowed on %2; use POST").arg(QString::fromLatin1(method.left(16)), path),
                     {{"Allow", "POST"}});
    const QByteArray authorization = headerValue(headers, "Authorization").trimmed();
    if (authorization.isEmpty())
        return error(401, "UNAUTHORIZED",
                     QStringLiteral("missing bearer token: send \"Authorization: Bearer <token>\" with the token the "
                                    "console was started with (ICP_INGEST_TOKEN)"),
                     {{"WWW-Authenticate", kRealm}});
    const qsizetype space = authorization.indexOf(' ');
    const bool bearer = space > 0 && authorization.first(space).compare("bearer", Qt::CaseInsensitive) == 0;
    if (!bearer || !tokenMatches(authorization.sliced(space + 1).trimmed(), m_token))
        return error(401, "UNAUTHORIZED",
                     bearer ? QStringLiteral("bearer token rejected; check ICP_INGEST_TOKEN on both sides")
                            : QStringLiteral("the Authorization header must use the Bearer scheme"),
                     {{"WWW-Authenticate", kRealm + ", error=\"invalid_token\""}});
    const QByteArray type = mediaType(headers);
    const bool ndjson = type == "application/x-ndjson";
    if (type != "application/json" && !ndjson)
        return error(415, "UNSUPPORTED_MEDIA_TYPE",
                     QStringLiteral("Content-Type %1 is not accepted; send application/json (an array of items) or "
                                    "application/x-ndjson (one item a line)")
                         .arg(type.isEmpty() ? QStringLiteral("(none)") : QLatin1Char('"') + QString::fromLatin1(type.left(100)) + QLatin1Char('"')));
    if (body.size() > m_limits.bodyLimit)
        return error(413, "PAYLOAD_TOO_LARGE", QStringLiteral("body of %1 bytes exceeds the limit of %2 bytes; split the batch")
                                                   .arg(body.size()).arg(m_limits.bodyLimit));
    if (body.trimmed().isEmpty())
        return error(400, "MALFORMED_BODY", QStringLiteral("empty body; send at least one item"));
    WfmDecodeResult decoded = ndjson ? WfmAvailability::decodeNdjson(body) : WfmAvailability::decodeJsonArray(body);
    if (decoded.ok() && ndjson) {
        // A line that is not JSON at all means the sender's framing is broken: refuse the batch as a whole.
        for (const WfmItem &item : std::as_const(decoded.items))
            if (!item.ok() && item.rejection.reason == WfmReason::MalformedLine) {
                decoded.error = QStringLiteral("line %1: %2").arg(item.line).arg(item.rejection.message);
                break;
            }
    }
    if (!decoded.ok())
        return error(400, "MALFORMED_BODY", decoded.error + QStringLiteral("; nothing was committed"));
    if (decoded.items.size() > m_limits.maxItems)
        return error(413, "TOO_MANY_ITEMS", QStringLiteral("%1 items in one request; at most %2 are accepted, split the batch")
                                                .arg(decoded.items.size()).arg(m_limits.maxItems));
    return accept(decoded, ndjson);
}

HttpResponse WfmIngestHandler::accept(const WfmDecodeResult &decoded, bool ndjson)
{
    const qint64 now = m_clock.nowMs();
    QList<OutboxChange> changes;
    changes.reserve(decoded.items.size());
    Json rejections = Json::array();
    WfmTally batch;
    for (const WfmItem &item : decoded.items) {
        const WfmVerdict verdict = m_validator.check(item, now);
        if (verdict.ok()) {
            changes << *verdict.change;
            continue;
        }
        batch.addRejection(verdict.rejection.reason);
        Json r{{"index", item.index}, {"agentId", toStd(item.agentId.left(200))},
               {"reason", toStd(wfmReasonCode(verdict.rejection.reason))}, {"message", toStd(verdict.rejection.message)}};
        if (ndjson)
            r["line"] = item.line;
        rejections.push_back(std::move(r));
    }
    if (!changes.isEmpty()) {
        const AcceptResult result = m_commit(changes);
        if (!result.ok())
            return error(503, "OUTBOX_UNAVAILABLE",
                         QStringLiteral("the outbox could not commit the batch (%1); nothing was committed, send it again")
                             .arg(result.error),
                         {{"Retry-After", "1"}});
        batch.addOutcomes(result);
    }
    m_tally.add(batch);
    m_lastBatch = batch;
    return jsonAnswer(202, Json{{"accepted", batch.accepted}, {"stale", batch.stale}, {"duplicate", batch.duplicate},
                                {"rejected", batch.rejected}, {"rejections", std::move(rejections)}});
}

} // namespace icp
