#include "JsonCodec.h"

#include <QDateTime>
#include <QRegularExpression>
#include <QTimeZone>

#include <cmath>
#include <limits>

namespace icp {

QString DecodeError::message() const
{
    if (!isError())
        return {};
    return path.isEmpty() ? reason : path + QStringLiteral(": ") + reason;
}

QString toQString(const std::string &s)
{
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

std::string toStd(const QString &s)
{
    return s.toStdString();
}

QString jsonTypeName(const Json &j)
{
    switch (j.type()) {
    case Json::value_t::null: return QStringLiteral("null");
    case Json::value_t::object: return QStringLiteral("object");
    case Json::value_t::array: return QStringLiteral("array");
    case Json::value_t::string: return QStringLiteral("string");
    case Json::value_t::boolean: return QStringLiteral("boolean");
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned: return QStringLiteral("integer");
    case Json::value_t::number_float: return QStringLiteral("number");
    case Json::value_t::binary: return QStringLiteral("binary");
    case Json::value_t::discarded: return QStringLiteral("invalid");
    }
    return QStringLiteral("unknown");
}

QString formatTimestamp(qint64 epochMs)
{
    // Qt 6.4 writes a QTimeZone::utc() time as "+00:00"; the wire format wants the "Z" suffix.
    return QDateTime::fromMSecsSinceEpoch(epochMs, QTimeZone::utc())
        .toString(QStringLiteral("yyyy-MM-dd'T'HH:mm:ss.zzz'Z'"));
}

std::optional<qint64> parseTimestamp(const QString &text)
{
    // Strict: date, 'T', time with seconds, optional fraction, and an explicit zone (Z or +hh:mm).
    static const QRegularExpression shape(QStringLiteral(
        R"(^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$)"));
    if (!shape.match(text).hasMatch())
        return std::nullopt;
    QDateTime dt = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!dt.isValid())
        return std::nullopt;
    // Only instants formatTimestamp can write back (UTC years 1..9999): "9999-12-31T23:59:59-01:00" is year 10000
    // in UTC. A value accepted once must stay readable when the outbox decodes it again (the fuzz round trip).
    const int utcYear = dt.toUTC().date().year();
    if (utcYear < 1 || utcYear > 9999)
        return std::nullopt;
    return dt.toMSecsSinceEpoch();
}

JsonIn::JsonIn(const Json &value, DecodeError &error, QString path)
    : m_value(value)
    , m_error(error)
    , m_path(std::move(path))
{
}

QString JsonIn::childPath(const char *key) const
{
    const QString k = QString::fromLatin1(key);
    return m_path.isEmpty() ? k : m_path + QLatin1Char('.') + k;
}

bool JsonIn::fail(const QString &reason, const char *key)
{
    return failAt(key ? childPath(key) : m_path, reason);
}

bool JsonIn::failAt(const QString &path, const QString &reason)
{
    if (!m_error.isError()) {
        m_error.path = path;
        m_error.reason = reason;
    }
    return false;
}

bool JsonIn::expectObject()
{
    if (!ok())
        return false;
    if (!m_value.is_object())
        return fail(QStringLiteral("expected object, got ") + jsonTypeName(m_value));
    return true;
}

bool JsonIn::has(const char *key) const
{
    return m_value.is_object() && m_value.contains(key);
}

const Json *JsonIn::member(const char *key, bool required)
{
    if (!ok())
        return nullptr;
    if (!m_value.is_object()) {
        fail(QStringLiteral("expected object, got ") + jsonTypeName(m_value));
        return nullptr;
    }
    auto it = m_value.find(key);
    if (it == m_value.end()) {
        if (required)
            fail(QStringLiteral("required field is missing"), key);
        return nullptr;
    }
    return &*it;
}

bool JsonIn::typeError(const char *key, const char *expected, const Json &got)
{
    return fail(QStringLiteral("expected %1, got %2").arg(QLatin1String(expected), jsonTypeName(got)), key);
}

QString JsonIn::string(const char *key)
{
    const Json *j = member(key, true);
    if (!j)
        return {};
    if (!j->is_string()) {
        typeError(key, "string", *j);
        return {};
    }
    return toQString(j->get_ref<const std::string &>());
}

QString JsonIn::optString(const char *key, const QString &fallback)
{
    const Json *j = member(key, false);
    if (!j || j->is_null())
        return fallback;
    if (!j->is_string()) {
        typeError(key, "string", *j);
        return fallback;
    }
    return toQString(j->get_ref<const std::string &>());
}

bool JsonIn::boolean(const char *key)
{
    const Json *j = member(key, true);
    if (!j)
        return false;
    if (!j->is_boolean()) {
        typeError(key, "boolean", *j);
        return false;
    }
    return j->get<bool>();
}

std::optional<bool> JsonIn::optBoolean(const char *key)
{
    const Json *j = member(key, false);
    if (!j || j->is_null())
        return std::nullopt;
    if (!j->is_boolean()) {
        typeError(key, "boolean", *j);
        return std::nullopt;
    }
    return j->get<bool>();
}

static std::optional<qint64> asInteger(const Json &j)
{
    if (j.is_number_integer() && !j.is_number_unsigned())
        return j.get<qint64>();
    if (j.is_number_unsigned()) {
        auto u = j.get<quint64>();
        if (u > quint64(std::numeric_limits<qint64>::max()))
            return std::nullopt;
        return qint64(u);
    }
    if (j.is_number_float()) {
        double d = j.get<double>();
        if (std::isfinite(d) && std::floor(d) == d && std::fabs(d) < 9.0e15)
            return qint64(d);
    }
    return std::nullopt;
}

qint64 JsonIn::integer(const char *key, qint64 min, qint64 max)
{
    const Json *j = member(key, true);
    if (!j)
        return min;
    if (!j->is_number()) {
        typeError(key, "integer", *j);
        return min;
    }
    auto v = asInteger(*j);
    if (!v) {
        fail(QStringLiteral("expected integer, got %1").arg(toQString(j->dump()).left(32)), key);
        return min;
    }
    if (*v < min || *v > max) {
        fail(QStringLiteral("%1 is out of range %2..%3").arg(*v).arg(min).arg(max), key);
        return min;
    }
    return *v;
}

qint64 JsonIn::optInteger(const char *key, qint64 min, qint64 max, qint64 fallback)
{
    const Json *j = member(key, false);
    if (!j || j->is_null())
        return fallback;
    return integer(key, min, max);
}

double JsonIn::number(const char *key, double min, double max)
{
    const Json *j = member(key, true);
    if (!j)
        return min;
    if (!j->is_number()) {
        typeError(key, "number", *j);
        return min;
    }
    double v = j->get<double>();
    if (!std::isfinite(v) || v < min || v > max) {
        fail(QStringLiteral("%1 is out of range %2..%3").arg(v).arg(min).arg(max), key);
        return min;
    }
    return v;
}

double JsonIn::optNumber(const char *key, double min, double max, double fallback)
{
    const Json *j = member(key, false);
    if (!j || j->is_null())
        return fallback;
    return number(key, min, max);
}

qint64 JsonIn::timestamp(const char *key)
{
    const Json *j = member(key, true);
    if (!j)
        return 0;
    if (!j->is_string()) {
        typeError(key, "timestamp string", *j);
        return 0;
    }
    const QString text = toQString(j->get_ref<const std::string &>());
    auto ms = parseTimestamp(text);
    if (!ms) {
        fail(QStringLiteral("malformed timestamp \"%1\" (expected ISO-8601 such as 2026-11-28T09:00:00.000Z)")
                 .arg(text.left(64)),
             key);
        return 0;
    }
    return *ms;
}

std::optional<qint64> JsonIn::optTimestamp(const char *key)
{
    const Json *j = member(key, false);
    if (!j || j->is_null())
        return std::nullopt;
    qint64 v = timestamp(key);
    if (!ok())
        return std::nullopt;
    return v;
}

QStringList JsonIn::stringList(const char *key)
{
    QStringList out;
    const Json *j = member(key, true);
    if (!j)
        return out;
    if (!j->is_array()) {
        typeError(key, "array", *j);
        return out;
    }
    for (std::size_t i = 0; i < j->size(); ++i) {
        const Json &e = (*j)[i];
        if (!e.is_string()) {
            failAt(childPath(key) + QLatin1Char('[') + QString::number(i) + QLatin1Char(']'),
                   QStringLiteral("expected string, got ") + jsonTypeName(e));
            return {};
        }
        out << toQString(e.get_ref<const std::string &>());
    }
    return out;
}

QStringList JsonIn::optStringList(const char *key)
{
    const Json *j = member(key, false);
    if (!j || j->is_null())
        return {};
    return stringList(key);
}

std::optional<qint64> parseDurationMs(const Json &j)
{
    if (j.is_number()) {
        double d = j.get<double>();
        if (!std::isfinite(d) || d < 0 || d > 1e12)
            return std::nullopt;
        return qint64(std::llround(d));
    }
    if (!j.is_string())
        return std::nullopt;
    static const QRegularExpression re(QStringLiteral(R"(^(\d+(?:\.\d+)?)(ms|s|m|h)$)"));
    auto m = re.match(toQString(j.get_ref<const std::string &>()).trimmed());
    if (!m.hasMatch())
        return std::nullopt;
    double v = m.captured(1).toDouble();
    const QString unit = m.captured(2);
    double factor = unit == QLatin1String("ms") ? 1 : unit == QLatin1String("s") ? 1000
                  : unit == QLatin1String("m") ? 60000 : 3600000;
    double ms = v * factor;
    if (ms > 1e12)
        return std::nullopt;
    return qint64(std::llround(ms));
}

qint64 JsonIn::durationMs(const char *key)
{
    const Json *j = member(key, true);
    if (!j)
        return 0;
    auto v = parseDurationMs(*j);
    if (!v) {
        fail(QStringLiteral("malformed duration %1 (expected e.g. \"20s\", \"750ms\", \"2m\")")
                 .arg(toQString(j->dump()).left(32)),
             key);
        return 0;
    }
    return *v;
}

qint64 JsonIn::optDurationMs(const char *key, qint64 fallback)
{
    const Json *j = member(key, false);
    if (!j || j->is_null())
        return fallback;
    return durationMs(key);
}

std::optional<Json> parseJson(const QByteArray &text, DecodeError &error)
{
    try {
        return Json::parse(text.constBegin(), text.constEnd());
    } catch (const Json::parse_error &e) {
        error.path.clear();
        error.reason = QStringLiteral("malformed JSON at byte %1").arg(e.byte);
    } catch (const std::exception &) {
        error.path.clear();
        error.reason = QStringLiteral("malformed JSON");
    }
    return std::nullopt;
}

QByteArray dumpJson(const Json &json)
{
    // Replace invalid UTF-8 rather than throw: encoders never fail.
    const std::string s = json.dump(-1, ' ', false, Json::error_handler_t::replace);
    return QByteArray(s.data(), qsizetype(s.size()));
}

} // namespace icp
