#pragma once
// What a WFM system sends: availability items `{agentId, status, capacity, timestamp}` as a JSON array, NDJSON
// (one object a line) or CSV with a header row naming the four columns. Decoding is per item: each one becomes
// an AgentAvailability or a rejection with a stable reason code and a message naming the field and the value,
// so one bad item never spoils the rest. What needs context (the roster, the clock, what the outbox holds) is
// WfmValidator's and the outbox's job.
//
// timestamp: a string is ISO-8601 with seconds and an explicit offset ("2026-11-28T09:00:00.000Z",
// "2026-11-28T17:00:00+08:00"); an integer is milliseconds since the Unix epoch (UTC). In CSV a value of digits
// only is epoch milliseconds, anything else must be ISO-8601. Unknown extra fields and columns are ignored.

#include "Agent.h"
#include "JsonCodec.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace icp {

enum class WfmReason : quint8 {
    MalformedLine,       // malformed_line: an NDJSON line that is not JSON, a CSV row that cannot be split
    NotObject,           // not_object: the item is not a JSON object
    MissingField,        // missing_field: agentId, status, capacity or timestamp absent (or agentId empty)
    WrongType,           // wrong_type: a field of the wrong type (capacity 2.5, status 7, ...)
    UnknownAgent,        // unknown_agent: not on the scenario's roster
    UnknownStatus,       // unknown_status: not one of the five statuses
    CapacityOutOfRange,  // capacity_out_of_range: outside 0..32
    BadTimestamp,        // bad_timestamp: not ISO-8601 with an offset, nor epoch milliseconds in range
    FutureTimestamp,     // future_timestamp: later than allowed (see WfmValidator)
    // Outcomes of the outbox, counted and never rejected: the source may send them again safely.
    Duplicate,           // duplicate: identical to what the outbox holds for the agent
    Stale,               // stale: older than what the outbox holds for the agent
};

QString wfmReasonCode(WfmReason reason);          // the stable wire code, e.g. "capacity_out_of_range"
QList<WfmReason> wfmRejectionReasons();           // every reason that rejects an item, in a fixed order

struct WfmRejection
{
    WfmReason reason = WfmReason::MalformedLine;
    QString message; // names the field and the value, e.g. "capacity: 40 is outside 0..32"
};

// One item of the input, decoded or rejected.
struct WfmItem
{
    qsizetype index = 0; // 0-based among the items (blank lines and the CSV header are not items)
    qsizetype line = 0;  // 1-based line of the input (NDJSON, CSV); 0 for a JSON array
    QString agentId;     // as given when it could be read (for reports), else empty
    std::optional<AgentAvailability> change;
    WfmRejection rejection; // meaningful when !change
    QByteArray raw;         // the line as read (NDJSON, CSV), without its line ending

    bool ok() const { return change.has_value(); }
};

struct WfmDecodeResult
{
    QList<WfmItem> items;
    QString error; // the input as a whole could not be read (nothing decoded); empty otherwise

    bool ok() const { return error.isEmpty(); }
    qsizetype rejectedCount() const;
};

class WfmAvailability
{
public:
    static constexpr qint64 kMaxEpochMs = 253402300799999; // 9999-12-31T23:59:59.999Z, what formatTimestamp writes

    // A JSON array of items; a document that is not JSON or not an array is an error.
    static WfmDecodeResult decodeJsonArray(const QByteArray &text);
    // One JSON object a line; blank lines are skipped; a line that is not JSON is rejected as malformed_line.
    static WfmDecodeResult decodeNdjson(const QByteArray &text);
    // A header row naming agentId, status, capacity and timestamp (any order; other columns ignored), then one
    // item a row; RFC 4180 quotes within a line; blank lines are skipped. A missing column is an error.
    static WfmDecodeResult decodeCsv(const QByteArray &text);
    // One item; on failure returns nullopt and fills *rejection. *agentId gets the agent id when readable.
    static std::optional<AgentAvailability> decodeItem(const Json &item, WfmRejection *rejection, QString *agentId);
    // The wire form: {"agentId","status","capacity","timestamp" (ISO-8601 UTC)}.
    static Json toJson(const AgentAvailability &change);
};

} // namespace icp
