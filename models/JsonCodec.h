#pragma once
// Strict JSON decoding with field-path errors, on nlohmann/json.
// Decoders never throw: the first error (path + reason) is recorded and later reads return defaults.

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <nlohmann/json.hpp>

#include <optional>
#include <utility>

namespace icp {

using Json = nlohmann::json;

struct DecodeError
{
    QString path;   // e.g. "registersStatus[2].registerState"; empty for the document root
    QString reason; // e.g. "expected boolean, got string"

    bool isError() const { return !reason.isEmpty(); }
    QString message() const;
};

QString toQString(const std::string &s);
std::string toStd(const QString &s);
QString jsonTypeName(const Json &j);

// ISO-8601 UTC with milliseconds ("2026-11-28T06:50:39.123Z") <-> milliseconds since the epoch.
QString formatTimestamp(qint64 epochMs);
std::optional<qint64> parseTimestamp(const QString &text);

class JsonIn
{
public:
    JsonIn(const Json &value, DecodeError &error, QString path = {});

    bool ok() const { return !m_error.isError(); }
    const Json &value() const { return m_value; }
    const QString &path() const { return m_path; }
    QString childPath(const char *key) const;

    // Records an error at path/key unless one is already recorded. Returns false for convenience.
    bool fail(const QString &reason, const char *key = nullptr);
    bool failAt(const QString &path, const QString &reason);

    bool expectObject();
    bool has(const char *key) const;

    QString string(const char *key);
    QString optString(const char *key, const QString &fallback = {});
    bool boolean(const char *key);
    std::optional<bool> optBoolean(const char *key);
    qint64 integer(const char *key, qint64 min, qint64 max);
    qint64 optInteger(const char *key, qint64 min, qint64 max, qint64 fallback);
    double number(const char *key, double min, double max);
    double optNumber(const char *key, double min, double max, double fallback);
    qint64 timestamp(const char *key);
    std::optional<qint64> optTimestamp(const char *key);
    QStringList stringList(const char *key);
    QStringList optStringList(const char *key);

    // Enumerations: the table lists {wire name, value}; an unknown name is an error naming the choices.
    template<typename E, std::size_t N>
    E enumeration(const char *key, const std::pair<const char *, E> (&table)[N]);

    template<typename T, typename Fn>
    T object(const char *key, Fn decode);
    template<typename T, typename Fn>
    std::optional<T> optObject(const char *key, Fn decode);
    template<typename T, typename Fn>
    QList<T> array(const char *key, Fn decode, bool required = true);

    // Duration strings: "20s", "1.5s", "750ms", "2m", or a number of milliseconds.
    qint64 durationMs(const char *key);
    qint64 optDurationMs(const char *key, qint64 fallback);

private:
    const Json *member(const char *key, bool required);
    bool typeError(const char *key, const char *expected, const Json &got);

    const Json &m_value;
    DecodeError &m_error;
    QString m_path;
};

std::optional<qint64> parseDurationMs(const Json &j);

// Parses text into JSON without throwing; on failure fills error (path empty, reason with byte offset).
std::optional<Json> parseJson(const QByteArray &text, DecodeError &error);

// Decodes a whole document: T must have `static T fromJson(JsonIn &)`.
template<typename T>
std::optional<T> decodeDocument(const QByteArray &text, DecodeError &error)
{
    auto json = parseJson(text, error);
    if (!json)
        return std::nullopt;
    JsonIn in(*json, error);
    T value = T::fromJson(in);
    if (!in.ok())
        return std::nullopt;
    return value;
}

template<typename T>
std::optional<T> decodeValue(const Json &json, DecodeError &error)
{
    JsonIn in(json, error);
    T value = T::fromJson(in);
    if (!in.ok())
        return std::nullopt;
    return value;
}

QByteArray dumpJson(const Json &json);

// ---- template implementations ----

template<typename E, std::size_t N>
E JsonIn::enumeration(const char *key, const std::pair<const char *, E> (&table)[N])
{
    const Json *j = member(key, true);
    if (!j)
        return table[0].second;
    if (!j->is_string()) {
        typeError(key, "string", *j);
        return table[0].second;
    }
    const std::string &s = j->template get_ref<const std::string &>();
    for (const auto &entry : table) {
        if (s == entry.first)
            return entry.second;
    }
    QStringList names;
    for (const auto &entry : table)
        names << QString::fromLatin1(entry.first);
    fail(QStringLiteral("unknown value \"%1\" (expected one of %2)")
             .arg(toQString(s).left(64), names.join(QStringLiteral(", "))),
         key);
    return table[0].second;
}

template<typename T, typename Fn>
T JsonIn::object(const char *key, Fn decode)
{
    const Json *j = member(key, true);
    if (!j)
        return T{};
    JsonIn child(*j, m_error, childPath(key));
    if (!child.expectObject())
        return T{};
    return decode(child);
}

template<typename T, typename Fn>
std::optional<T> JsonIn::optObject(const char *key, Fn decode)
{
    const Json *j = member(key, false);
    if (!j || j->is_null())
        return std::nullopt;
    JsonIn child(*j, m_error, childPath(key));
    if (!child.expectObject())
        return std::nullopt;
    return decode(child);
}

template<typename T, typename Fn>
QList<T> JsonIn::array(const char *key, Fn decode, bool required)
{
    QList<T> out;
    const Json *j = member(key, required);
    if (!j || (!required && j->is_null()))
        return out;
    if (!j->is_array()) {
        typeError(key, "array", *j);
        return out;
    }
    out.reserve(qsizetype(j->size()));
    const QString base = childPath(key);
    for (std::size_t i = 0; i < j->size() && ok(); ++i) {
        JsonIn child((*j)[i], m_error, base + QLatin1Char('[') + QString::number(i) + QLatin1Char(']'));
        out.push_back(decode(child));
    }
    return out;
}

} // namespace icp
