#pragma once
// Shared by the libFuzzer targets: the input as a QByteArray, an invariant check that aborts with a readable
// reason (libFuzzer records the input as a crash), and the decode -> encode -> decode round trip every codec must
// pass.

#include "JsonCodec.h"

#include <QByteArray>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>

#define ICP_FUZZ_CHECK(cond, what)                                                                  \
    do {                                                                                            \
        if (!(cond)) {                                                                              \
            std::fprintf(stderr, "fuzz invariant failed: %s (%s:%d)\n", what, __FILE__, __LINE__); \
            std::abort();                                                                           \
        }                                                                                           \
    } while (0)

namespace icp::fuzz {

// A view on libFuzzer's buffer, no copy; valid for the duration of one LLVMFuzzerTestOneInput call.
inline QByteArray input(const uint8_t *data, size_t size)
{
    return QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
}

// Decodes text as T. When it decodes, the value's own encoding must decode again to an equal value (the engine
// stores encoded bodies in its outbox and decodes them later, so a value it accepted once must stay readable).
// Returns the first decode, or nullopt when the text is rejected (rejection must come with a reason).
template<typename T, typename Encode, typename Equal>
std::optional<T> roundTrip(const QByteArray &text, Encode encode, Equal equal)
{
    DecodeError error;
    std::optional<T> first = decodeDocument<T>(text, error);
    if (!first) {
        ICP_FUZZ_CHECK(error.isError(), "a rejected document comes with a reason");
        return std::nullopt;
    }
    ICP_FUZZ_CHECK(!error.isError(), "an accepted document has no error");
    const QByteArray again = dumpJson(encode(*first));
    DecodeError error2;
    std::optional<T> second = decodeDocument<T>(again, error2);
    if (!second) {
        std::fprintf(stderr, "re-encoded: %.*s\nerror: %s\n", int(qMin<qsizetype>(again.size(), 2000)),
                     again.constData(), qPrintable(error2.message()));
    }
    ICP_FUZZ_CHECK(second.has_value(), "a decoded value re-encodes to a document that decodes");
    ICP_FUZZ_CHECK(equal(*first, *second), "a decoded value survives encode + decode unchanged");
    return first;
}

template<typename T>
std::optional<T> roundTrip(const QByteArray &text)
{
    return roundTrip<T>(
        text, [](const T &v) { return v.toJson(); }, [](const T &a, const T &b) { return a == b; });
}

} // namespace icp::fuzz
