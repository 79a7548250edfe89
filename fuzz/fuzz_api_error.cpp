// libFuzzer target: error bodies, both the strict decode (ICP `{errorCode,...}` and Genesys `ErrorBody`) and
// ApiError::fromResponse, which must take any body of any status without failing and keep it raw.
#include "FuzzSupport.h"

#include "ApiError.h"

using namespace icp;

namespace {

bool sameBody(const ApiError &a, const ApiError &b)
{
    return a.errorCode == b.errorCode && a.code == b.code && a.message == b.message && a.contextId == b.contextId
        && a.httpStatus == b.httpStatus && a.currentVersion == b.currentVersion && a.modifiedBy == b.modifiedBy
        && a.modifiedAtMs == b.modifiedAtMs && a.missingScope == b.missingScope && a.details == b.details;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray text = fuzz::input(data, size);
    fuzz::roundTrip<ApiError>(text, [](const ApiError &e) { return e.toJson(); }, sameBody);

    static const int statuses[] = {400, 401, 403, 409, 429, 500, 503};
    HttpResponse response;
    response.status = statuses[size % std::size(statuses)];
    response.body = text;
    setHeader(response.headers, "Retry-After", text.left(8));
    const ApiError e = ApiError::fromResponse(response);
    ICP_FUZZ_CHECK(e.isError(), "a non-2xx answer is an error");
    ICP_FUZZ_CHECK(e.rawBody == text, "the raw body is kept");
    ICP_FUZZ_CHECK(!e.retryAfterS || (*e.retryAfterS >= 0 && *e.retryAfterS <= 3600), "Retry-After is clamped");
    ICP_FUZZ_CHECK(!e.summary().isEmpty(), "the summary names the status");
    return 0;
}
