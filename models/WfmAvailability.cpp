#include "WfmAvailability.h"

#include <QRegularExpression>

#include <cmath>

namespace icp {

namespace {

constexpr const char *kFields[] = {"agentId", "status", "capacity", "timestamp"};

// Values quoted in messages are cut short: a message must stay one readable line whatever was sent.
QString quoted(const QString &value)
{
    return QLatin1Char('"') + (value.size() > 64 ? value.left(64) + QStringLiteral("...") : value) + QLatin1Char('"');
}

QString shown(const Json &value)
{
    const QString text = toQString(value.dump(-1, ' ', false, Json::error_handler_t::replace));
    return text.size() > 64 ? text.left(64) + QStringLiteral("...") : text;
}

std::optional<qint64> integral(const Json &j)
{
    if (j.is_number_unsigned()) {
        const auto u = j.get<quint64>();
        return u > quint64(std::numeric_limits<qint64>::max()) ? std::nullopt : std::optional<qint64>(qint64(u));
    }
    if (j.is_number_integer())
        return j.get<qint64>();
    if (j.is_number_float()) {
        const double d = j.get<double>();
        if (std::isfinite(d) && std::floor(d) == d && std::fabs(d) < 9.0e15)
            return qint64(d);
    }
    return std::nullopt;
}

std::optional<qint64> integralText(const QString &text)
{
    static const QRegularExpression digits(QStringLiteral(R"(^[+-]?\d{1,18}$)"));
    if (!digits.match(text).hasMatch())
        return std::nullopt;
    return text.toLongLong();
}

bool reject(WfmRejection *out, WfmReason reason, const QString &message)
{
    out->reason = reason;
    out->message = message;
    return false;
}

// The field checks shared by JSON and CSV, on values already known to have the right shape.
bool checkStatus(const QString &text, AgentStatus *status, WfmRejection *rejection)
{
    if (const auto s = agentStatusFromName(text)) {
        *status = *s;
        return true;
    }
    QStringList names;
    for (const auto &e : kAgentStatusNames)
        names << QString::fromLatin1(e.first);
    return reject(rejection, WfmReason::UnknownStatus,
                  QStringLiteral("status: unknown value %1 (expected one of %2)").arg(quoted(text), names.join(QStringLiteral(", "))));
}

bool checkCapacity(qint64 value, int *capacity, WfmRejection *rejection)
{
    if (value < 0 || value > kMaxAgentCapacity)
        return reject(rejection, WfmReason::CapacityOutOfRange,
                      QStringLiteral("capacity: %1 is outside 0..%2").arg(value).arg(kMaxAgentCapacity));
    *capacity = int(value);
    return true;
}

bool checkEpochMs(qint64 value, const QString &asSent, qint64 *timestampMs, WfmRejection *rejection)
{
    if (value < 1 || value > WfmAvailability::kMaxEpochMs)
        return reject(rejection, WfmReason::BadTimestamp,
                      QStringLiteral("timestamp: %1 is not epoch milliseconds between 1 and %2 (year 9999)")
                          .arg(asSent).arg(WfmAvailability::kMaxEpochMs));
    *timestampMs = value;
    return true;
}

bool checkIsoTimestamp(const QString &text, qint64 *timestampMs, WfmRejection *rejection)
{
    const auto ms = parseTimestamp(text);
    if (!ms)
        return reject(rejection, WfmReason::BadTimestamp,
                      QStringLiteral("timestamp: %1 is not ISO-8601 with an offset (e.g. 2026-11-28T09:00:00.000Z) "
                                     "nor epoch milliseconds").arg(quoted(text)));
    // The same range as epoch milliseconds: an instant before 1970 (valid ISO-8601, e.g. 1969-12-31T23:59:59Z)
    // is no WFM observation, and a negative source timestamp would sort below "never applied" in the outbox.
    if (*ms < 1 || *ms > WfmAvailability::kMaxEpochMs)
        return reject(rejection, WfmReason::BadTimestamp,
                      QStringLiteral("timestamp: %1 is before 1970-01-01T00:00:00.001Z").arg(quoted(text)));
    *timestampMs = *ms;
    return true;
}

// Splits one CSV line (RFC 4180 quoting, no line breaks inside quotes). Unquoted fields are trimmed.
std::optional<QStringList> splitCsv(const QString &line, QString *why)
{
    QStringList fields;
    qsizetype i = 0;
    const qsizetype n = line.size();
    while (true) {
        QString field;
        while (i < n && (line[i] == QLatin1Char(' ') || line[i] == QLatin1Char('\t')))
            ++i;
        if (i < n && line[i] == QLatin1Char('"')) {
            ++i;
            bool closed = false;
            while (i < n) {
                if (line[i] == QLatin1Char('"')) {
                    if (i + 1 < n && line[i + 1] == QLatin1Char('"')) {
                        field += QLatin1Char('"');
                        i += 2;
                        continue;
                    }
                    closed = true;
                    ++i;
                    break;
                }
                field += line[i++];
            }
            if (!closed) {
                *why = QStringLiteral("a quoted field is not closed");
                return std::nullopt;
            }
            while (i < n && (line[i] == QLatin1Char(' ') || line[i] == QLatin1Char('\t')))
                ++i;
            if (i < n && line[i] != QLatin1Char(',')) {
                *why = QStringLiteral("text after a closing quote at column %1").arg(i + 1);
                return std::nullopt;
            }
        } else {
            const qsizetype comma = line.indexOf(QLatin1Char(','), i);
            const qsizetype end = comma < 0 ? n : comma;
            field = line.mid(i, end - i).trimmed();
            if (field.contains(QLatin1Char('"'))) {
                *why = QStringLiteral("a quote inside an unquoted field at column %1").arg(i + 1);
                return std::nullopt;
            }
            i = end;
        }
        fields << field;
        if (i >= n)
            return fields;
        ++i; // the comma
    }
}

struct Line
{
    qsizetype number = 0;
    QByteArray text;
};

// Lines without their endings (LF or CRLF), a leading UTF-8 byte order mark dropped; blank lines skipped.
QList<Line> splitLines(const QByteArray &input)
{
    QList<Line> out;
    QByteArrayView text(input);
    if (text.startsWith("\xEF\xBB\xBF"))
        text = text.sliced(3);
    qsizetype number = 0;
    qsizetype at = 0;
    while (at < text.size()) {
        ++number;
        qsizetype end = text.indexOf('\n', at);
        if (end < 0)
            end = text.size();
        QByteArrayView line = text.sliced(at, end - at);
        if (line.endsWith('\r'))
            line.chop(1);
        at = end + 1;
        if (!line.trimmed().isEmpty())
            out.push_back(Line{number, line.toByteArray()});
    }
    return out;
}

} // namespace

QString wfmReasonCode(WfmReason reason)
{
    switch (reason) {
    case WfmReason::MalformedLine: return QStringLiteral("malformed_line");
    case WfmReason::NotObject: return QStringLiteral("not_object");
    case WfmReason::MissingField: return QStringLiteral("missing_field");
    case WfmReason::WrongType: return QStringLiteral("wrong_type");
    case WfmReason::UnknownAgent: return QStringLiteral("unknown_agent");
    case WfmReason::UnknownStatus: return QStringLiteral("unknown_status");
    case WfmReason::CapacityOutOfRange: return QStringLiteral("capacity_out_of_range");
    case WfmReason::BadTimestamp: return QStringLiteral("bad_timestamp");
    case WfmReason::FutureTimestamp: return QStringLiteral("future_timestamp");
    case WfmReason::Duplicate: return QStringLiteral("duplicate");
    case WfmReason::Stale: return QStringLiteral("stale");
    }
    return QStringLiteral("malformed_line");
}

QList<WfmReason> wfmRejectionReasons()
{
    return {WfmReason::MalformedLine,  WfmReason::NotObject,          WfmReason::MissingField,
            WfmReason::WrongType,      WfmReason::UnknownAgent,       WfmReason::UnknownStatus,
            WfmReason::CapacityOutOfRange, WfmReason::BadTimestamp,   WfmReason::FutureTimestamp};
}

qsizetype WfmDecodeResult::rejectedCount() const
{
    qsizetype n = 0;
    for (const auto &item : items)
        n += item.ok() ? 0 : 1;
    return n;
}

std::optional<AgentAvailability> WfmAvailability::decodeItem(const Json &item, WfmRejection *rejection, QString *agentId)
{
    if (!item.is_object()) {
        reject(rejection, WfmReason::NotObject, QStringLiteral("item: expected an object, got ") + jsonTypeName(item));
        return std::nullopt;
    }
    for (const char *name : kFields) {
        if (!item.contains(name)) {
            reject(rejection, WfmReason::MissingField, QStringLiteral("%1: missing").arg(QLatin1String(name)));
            if (const auto id = item.find("agentId"); id != item.end() && id->is_string())
                *agentId = toQString(id->get<std::string>());
            return std::nullopt;
        }
    }
    AgentAvailability out;
    const Json &id = item.at("agentId");
    if (!id.is_string()) {
        reject(rejection, WfmReason::WrongType, QStringLiteral("agentId: expected a string, got ") + shown(id));
        return std::nullopt;
    }
    out.agentId = toQString(id.get<std::string>());
    *agentId = out.agentId;
    if (out.agentId.isEmpty()) {
        reject(rejection, WfmReason::MissingField, QStringLiteral("agentId: empty"));
        return std::nullopt;
    }
    const Json &status = item.at("status");
    if (!status.is_string()) {
        reject(rejection, WfmReason::WrongType, QStringLiteral("status: expected a string, got ") + shown(status));
        return std::nullopt;
    }
    if (!checkStatus(toQString(status.get<std::string>()), &out.status, rejection))
        return std::nullopt;
    const Json &capacity = item.at("capacity");
    const auto cap = integral(capacity);
    if (!cap) {
        // An integer too large for 64 bits is still a number out of range, not a type error.
        if (capacity.is_number_unsigned() || (capacity.is_number_float() && std::isfinite(capacity.get<double>())
                                              && std::floor(capacity.get<double>()) == capacity.get<double>()))
            reject(rejection, WfmReason::CapacityOutOfRange,
                   QStringLiteral("capacity: %1 is outside 0..%2").arg(shown(capacity)).arg(kMaxAgentCapacity));
        else
            reject(rejection, WfmReason::WrongType, QStringLiteral("capacity: expected an integer, got ") + shown(capacity));
        return std::nullopt;
    }
    if (!checkCapacity(*cap, &out.capacity, rejection))
        return std::nullopt;
    const Json &ts = item.at("timestamp");
    if (ts.is_string()) {
        if (!checkIsoTimestamp(toQString(ts.get<std::string>()), &out.sourceTimestampMs, rejection))
            return std::nullopt;
    } else if (ts.is_number()) {
        const auto ms = integral(ts);
        if (!ms) {
            reject(rejection, WfmReason::BadTimestamp,
                   QStringLiteral("timestamp: %1 is not whole epoch milliseconds").arg(shown(ts)));
            return std::nullopt;
        }
        if (!checkEpochMs(*ms, shown(ts), &out.sourceTimestampMs, rejection))
            return std::nullopt;
    } else {
        reject(rejection, WfmReason::WrongType,
               QStringLiteral("timestamp: expected an ISO-8601 string or epoch milliseconds, got ") + shown(ts));
        return std::nullopt;
    }
    return out;
}

Json WfmAvailability::toJson(const AgentAvailability &change)
{
    return Json{{"agentId", toStd(change.agentId)},
                {"status", toStd(agentStatusName(change.status))},
                {"capacity", change.capacity},
                {"timestamp", toStd(formatTimestamp(change.sourceTimestampMs))}};
}

WfmDecodeResult WfmAvailability::decodeJsonArray(const QByteArray &text)
{
    WfmDecodeResult result;
    DecodeError error;
    const auto json = parseJson(text, error);
    if (!json) {
        result.error = QStringLiteral("body is not JSON: ") + error.reason;
        return result;
    }
    if (!json->is_array()) {
        result.error = QStringLiteral("body must be a JSON array of items, got ") + jsonTypeName(*json);
        return result;
    }
    result.items.reserve(qsizetype(json->size()));
    for (std::size_t i = 0; i < json->size(); ++i) {
        WfmItem item;
        item.index = qsizetype(i);
        item.change = decodeItem((*json)[i], &item.rejection, &item.agentId);
        result.items.push_back(std::move(item));
    }
    return result;
}

WfmDecodeResult WfmAvailability::decodeNdjson(const QByteArray &text)
{
    WfmDecodeResult result;
    for (const Line &line : splitLines(text)) {
        WfmItem item;
        item.index = result.items.size();
        item.line = line.number;
        item.raw = line.text;
        DecodeError error;
        if (const auto json = parseJson(line.text, error))
            item.change = decodeItem(*json, &item.rejection, &item.agentId);
        else
            reject(&item.rejection, WfmReason::MalformedLine, QStringLiteral("line is not JSON: ") + error.reason);
        result.items.push_back(std::move(item));
    }
    return result;
}

WfmDecodeResult WfmAvailability::decodeCsv(const QByteArray &text)
{
    WfmDecodeResult result;
    const QList<Line> lines = splitLines(text);
    if (lines.isEmpty()) {
        result.error = QStringLiteral("no header row (expected agentId,status,capacity,timestamp)");
        return result;
    }
    QString why;
    const auto header = splitCsv(QString::fromUtf8(lines.first().text), &why);
    if (!header) {
        result.error = QStringLiteral("line %1: the header row cannot be read: %2").arg(lines.first().number).arg(why);
        return result;
    }
    qsizetype column[4];
    for (int f = 0; f < 4; ++f) {
        column[f] = header->indexOf(QLatin1String(kFields[f]));
        if (column[f] < 0) {
            result.error = QStringLiteral("line %1: the header row has no \"%2\" column (expected "
                                          "agentId,status,capacity,timestamp, got %3)")
                               .arg(lines.first().number).arg(QLatin1String(kFields[f]), quoted(header->join(QLatin1Char(','))));
            return result;
        }
    }
    for (qsizetype l = 1; l < lines.size(); ++l) {
        WfmItem item;
        item.index = result.items.size();
        item.line = lines[l].number;
        item.raw = lines[l].text;
        const auto fields = splitCsv(QString::fromUtf8(lines[l].text), &why);
        if (!fields) {
            reject(&item.rejection, WfmReason::MalformedLine, QStringLiteral("row cannot be read: ") + why);
        } else if (fields->size() != header->size()) {
            reject(&item.rejection, WfmReason::MalformedLine,
                   QStringLiteral("row has %1 fields, the header %2").arg(fields->size()).arg(header->size()));
        } else {
            AgentAvailability c;
            c.agentId = fields->at(column[0]);
            item.agentId = c.agentId;
            const QString &status = fields->at(column[1]);
            const QString &capacity = fields->at(column[2]);
            const QString &ts = fields->at(column[3]);
            bool ok = true;
            for (int f = 0; f < 4 && ok; ++f)
                if (fields->at(column[f]).isEmpty())
                    ok = reject(&item.rejection, WfmReason::MissingField, QStringLiteral("%1: empty").arg(QLatin1String(kFields[f])));
            ok = ok && checkStatus(status, &c.status, &item.rejection);
            if (ok) {
                const auto cap = integralText(capacity);
                ok = cap ? checkCapacity(*cap, &c.capacity, &item.rejection)
                         : reject(&item.rejection, WfmReason::WrongType,
                                  QStringLiteral("capacity: expected an integer, got %1").arg(quoted(capacity)));
            }
            if (ok) {
                if (const auto ms = integralText(ts))
                    ok = checkEpochMs(*ms, ts, &c.sourceTimestampMs, &item.rejection);
                else
                    ok = checkIsoTimestamp(ts, &c.sourceTimestampMs, &item.rejection);
            }
            if (ok)
                item.change = c;
        }
        result.items.push_back(std::move(item));
    }
    return result;
}

} // namespace icp
