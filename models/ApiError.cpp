#include "ApiError.h"

namespace icp {

QString errorCategoryName(ErrorCategory c)
{
    switch (c) {
    case ErrorCategory::None: return QStringLiteral("none");
    case ErrorCategory::Conflict: return QStringLiteral("conflict");
    case ErrorCategory::RateLimited: return QStringLiteral("rate_limited");
    case ErrorCategory::Unauthorized: return QStringLiteral("unauthorized");
    case ErrorCategory::Forbidden: return QStringLiteral("forbidden");
    case ErrorCategory::Validation: return QStringLiteral("validation");
    case ErrorCategory::NotFound: return QStringLiteral("not_found");
    case ErrorCategory::PayloadTooLarge: return QStringLiteral("payload_too_large");
    case ErrorCategory::UnsupportedMedia: return QStringLiteral("unsupported_media_type");
    case ErrorCategory::IdempotencyReuse: return QStringLiteral("idempotency_key_reuse");
    case ErrorCategory::ServerError: return QStringLiteral("server_error");
    case ErrorCategory::Unavailable: return QStringLiteral("unavailable");
    case ErrorCategory::Timeout: return QStringLiteral("timeout");
    case ErrorCategory::ConnectionReset: return QStringLiteral("connection_reset");
    case ErrorCategory::ConnectionRefused: return QStringLiteral("connection_refused");
    case ErrorCategory::MalformedResponse: return QStringLiteral("malformed_response");
    case ErrorCategory::Other: return QStringLiteral("other");
    }
    return QStringLiteral("other");
}

bool isRetryable(ErrorCategory c)
{
    switch (c) {
    case ErrorCategory::Conflict:
    case ErrorCategory::RateLimited:
    case ErrorCategory::ServerError:
    case ErrorCategory::Unavailable:
    case ErrorCategory::Timeout:
    case ErrorCategory::ConnectionReset:
    case ErrorCategory::ConnectionRefused:
    case ErrorCategory::MalformedResponse:
        return true;
    default:
        return false;
    }
}

static ErrorCategory categoryForStatus(int status)
{
    switch (status) {
    case 400: return ErrorCategory::Validation;
    case 401: return ErrorCategory::Unauthorized;
    case 403: return ErrorCategory::Forbidden;
    case 404: return ErrorCategory::NotFound;
    case 409: return ErrorCategory::Conflict;
    case 413: return ErrorCategory::PayloadTooLarge;
    case 415: return ErrorCategory::UnsupportedMedia;
    case 422: return ErrorCategory::IdempotencyReuse;
    case 429: return ErrorCategory::RateLimited;
    case 503: return ErrorCategory::Unavailable;
    default: break;
    }
    if (status >= 500)
        return ErrorCategory::ServerError;
    if (status >= 200 && status < 300)
        return ErrorCategory::None;
    return ErrorCategory::Other;
}

static ErrorCategory categoryForTransport(TransportError e)
{
    switch (e) {
    case TransportError::None: return ErrorCategory::None;
    case TransportError::ConnectionRefused: return ErrorCategory::ConnectionRefused;
    case TransportError::ConnectionReset: return ErrorCategory::ConnectionReset;
    case TransportError::Timeout: return ErrorCategory::Timeout;
    case TransportError::TruncatedBody:
    case TransportError::BodyTooLarge: return ErrorCategory::MalformedResponse;
    case TransportError::Other: return ErrorCategory::Other;
    }
    return ErrorCategory::Other;
}

QString ApiError::summary() const
{
    if (httpStatus == 0)
        return errorCategoryName(category) + (message.isEmpty() ? QString() : QStringLiteral(": ") + message);
    QString s = QString::number(httpStatus);
    const QString tag = !errorCode.isEmpty() ? errorCode : code;
    if (!tag.isEmpty())
        s += QLatin1Char(' ') + tag;
    if (!message.isEmpty())
        s += QStringLiteral(": ") + message.left(200);
    if (currentVersion)
        s += QStringLiteral(" (current version %1").arg(*currentVersion)
           + (modifiedBy.isEmpty() ? QString() : QStringLiteral(", modified by ") + modifiedBy) + QLatin1Char(')');
    if (!missingScope.isEmpty())
        s += QStringLiteral(" (missing scope %1)").arg(missingScope);
    if (retryAfterS)
        s += QStringLiteral(" (retry after %1 s)").arg(*retryAfterS);
    return s;
}

ApiError ApiError::fromJson(JsonIn &in)
{
    ApiError e;
    if (!in.expectObject())
        return e;
    e.errorCode = in.optString("errorCode");
    e.code = in.optString("code");
    e.message = in.optString("message");
    e.contextId = in.optString("contextId");
    e.httpStatus = int(in.optInteger("status", 0, 999, 0));
    if (in.has("currentVersion"))
        e.currentVersion = in.integer("currentVersion", 0, std::numeric_limits<qint64>::max());
    e.modifiedBy = in.optString("modifiedBy");
    e.modifiedAtMs = in.optTimestamp("modifiedAt").value_or(0);
    e.missingScope = in.optString("missingScope");
    const auto details = in.array<int>("details", [&e](JsonIn &d) {
        if (!d.expectObject())
            return 0;
        const QString field = d.optString("fieldName");
        const QString code = d.optString("errorCode");
        const QString msg = d.optString("message");
        e.details << (field.isEmpty() ? QString() : field + QStringLiteral(": ")) + (msg.isEmpty() ? code : msg);
        return 0;
    }, false);
    Q_UNUSED(details);
    if (in.ok() && e.errorCode.isEmpty() && e.code.isEmpty() && e.message.isEmpty())
        in.fail(QStringLiteral("neither errorCode, code nor message present"));
    return e;
}

Json ApiError::toJson() const
{
    Json j = Json::object();
    if (!errorCode.isEmpty())
        j["errorCode"] = toStd(errorCode);
    if (!code.isEmpty())
        j["code"] = toStd(code);
    j["message"] = toStd(message);
    if (httpStatus)
        j["status"] = httpStatus;
    if (!contextId.isEmpty())
        j["contextId"] = toStd(contextId);
    if (currentVersion)
        j["currentVersion"] = *currentVersion;
    if (!modifiedBy.isEmpty())
        j["modifiedBy"] = toStd(modifiedBy);
    if (modifiedAtMs)
        j["modifiedAt"] = toStd(formatTimestamp(modifiedAtMs));
    if (!missingScope.isEmpty())
        j["missingScope"] = toStd(missingScope);
    if (!details.isEmpty()) {
        Json d = Json::array();
        for (const auto &x : details)
            d.push_back(Json{{"message", toStd(x)}});
        j["details"] = std::move(d);
    }
    return j;
}

ApiError ApiError::fromResponse(const HttpResponse &response)
{
    ApiError e;
    e.headers = response.headers;
    e.rawBody = response.body;
    e.correlationId = QString::fromLatin1(headerValue(response.headers, "ININ-Correlation-Id"));
    if (response.isTransportError()) {
        e.category = categoryForTransport(response.error);
        e.message = response.errorText.isEmpty() ? transportErrorName(response.error) : response.errorText;
        return e;
    }
    e.httpStatus = response.status;
    e.category = categoryForStatus(response.status);
    bool ok = false;
    const int retryAfter = headerValue(response.headers, "Retry-After").trimmed().toInt(&ok);
    if (ok && retryAfter >= 0)
        e.retryAfterS = qMin(retryAfter, 3600);
    if (!response.body.isEmpty()) {
        DecodeError err;
        if (auto parsed = parseJson(response.body, err)) {
            JsonIn in(*parsed, err);
            ApiError body = ApiError::fromJson(in);
            if (in.ok()) {
                e.errorCode = body.errorCode;
                e.code = body.code;
                e.message = body.message;
                e.contextId = body.contextId;
                e.details = body.details;
                e.currentVersion = body.currentVersion;
                e.modifiedBy = body.modifiedBy;
                e.modifiedAtMs = body.modifiedAtMs;
                e.missingScope = body.missingScope;
            } else {
                e.message = QStringLiteral("unrecognised error body (%1)").arg(err.message());
            }
        } else {
            e.message = QStringLiteral("non-JSON error body (%1 bytes)").arg(response.body.size());
        }
    }
    if (e.correlationId.isEmpty())
        e.correlationId = e.contextId;
    return e;
}

ApiError ApiError::malformed(const HttpResponse &response, const QString &what)
{
    ApiError e = fromResponse(response);
    e.category = ErrorCategory::MalformedResponse;
    e.message = what;
    return e;
}

} // namespace icp
