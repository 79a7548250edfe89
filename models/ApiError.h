#pragma once
#include "HttpMessage.h"
#include "JsonCodec.h"

#include <QMetaType>
#include <QStringList>

namespace icp {

// What a failure means to the retry logic.
enum class ErrorCategory : quint8 {
    None,
    Conflict,           // 409 version conflict
    RateLimited,        // 429
    Unauthorized,       // 401
    Forbidden,          // 403 (missing scope)
    Validation,         // 400
    NotFound,           // 404
    PayloadTooLarge,    // 413
    UnsupportedMedia,   // 415
    IdempotencyReuse,   // 422: key reused with another body
    ServerError,        // 5xx other than 503
    Unavailable,        // 503
    Timeout,            // transfer timeout
    ConnectionReset,
    ConnectionRefused,
    MalformedResponse,  // unparsable or wrongly shaped answer, truncated body, oversized body
    Other,
};
QString errorCategoryName(ErrorCategory c); // stable snake_case key for summaries ("conflict", "rate_limited")
bool isRetryable(ErrorCategory c);

// One failed exchange: the HTTP status, both error body shapes (ICP `{errorCode,message,...}` and Genesys
// `ErrorBody`), the correlation id and the raw body and headers, for the conflict inspector.
struct ApiError
{
    ErrorCategory category = ErrorCategory::None;
    int httpStatus = 0;
    QString errorCode;  // ICP shape
    QString code;       // Genesys shape
    QString message;
    QString correlationId; // ININ-Correlation-Id header, else contextId
    QString contextId;
    QStringList details;   // "fieldName: errorCode/message"
    std::optional<qint64> currentVersion; // 409 from the ICP
    QString modifiedBy;
    qint64 modifiedAtMs = 0;
    QString missingScope; // 403
    std::optional<int> retryAfterS;
    QByteArray rawBody;
    HttpHeaders headers;

    bool isError() const { return category != ErrorCategory::None; }
    QString summary() const; // one line, e.g. "409 CONFLICT: Cannot update ... (current version 17)"

    // Builds the record from any non-2xx or broken answer. Never throws; unknown bodies are kept raw.
    static ApiError fromResponse(const HttpResponse &response);
    static ApiError malformed(const HttpResponse &response, const QString &what);

    // Strict decode of an error body (used by the fuzz target and the tests).
    static ApiError fromJson(JsonIn &in);
    Json toJson() const;
};

} // namespace icp

Q_DECLARE_METATYPE(icp::ApiError)
