#include "FeedCursor.h"

#include "JsonCodec.h"

#include <limits>

namespace icp {

FeedCursor::FeedCursor(QString path)
    : m_path(std::move(path))
    , m_file(m_path)
{
}

bool FeedCursor::open(const QString &scenario, quint64 seed, qint64 nowMs, QString *error)
{
    m_scenario = scenario;
    m_seed = seed;
    if (!m_file.open(QIODevice::ReadWrite)) {
        *error = QStringLiteral("feed state %1: cannot be opened (%2)").arg(m_path, m_file.errorString());
        return false;
    }
    const QByteArray text = m_file.readAll().trimmed();
    if (text.isEmpty()) {
        m_epochMs = nowMs;
        m_next = 0;
        return write(error);
    }
    DecodeError err;
    const auto json = parseJson(text, err);
    if (json && json->is_object()) {
        JsonIn in(*json, err);
        const QString storedScenario = in.string("scenario");
        const qint64 storedSeed = in.integer("seed", 0, std::numeric_limits<qint64>::max());
        m_epochMs = in.integer("epochMs", 0, std::numeric_limits<qint64>::max());
        m_next = in.integer("next", 0, std::numeric_limits<qint64>::max());
        if (in.ok() && (storedScenario != scenario || quint64(storedSeed) != seed)) {
            *error = QStringLiteral("feed state %1: written for scenario \"%2\" seed %3, not \"%4\" seed %5; "
                                    "remove the file to start the timeline again")
                         .arg(m_path, storedScenario)
                         .arg(storedSeed)
                         .arg(scenario)
                         .arg(seed);
            return false;
        }
    }
    if (!json || err.isError()) {
        *error = QStringLiteral("feed state %1: unreadable (%2); remove the file to start the timeline again")
                     .arg(m_path, err.message());
        return false;
    }
    m_resumed = true;
    return true;
}

bool FeedCursor::advance(qint64 next, QString *error)
{
    if (next <= m_next)
        return true;
    m_next = next;
    return write(error);
}

bool FeedCursor::write(QString *error)
{
    // The record only grows (next increases), so rewriting it in place never leaves a stale tail behind; one
    // write() is complete even if the process is killed right after it.
    const QByteArray record = dumpJson(Json{{"scenario", toStd(m_scenario)}, {"seed", qint64(m_seed)},
                                            {"epochMs", m_epochMs}, {"next", m_next}})
        + '\n';
    if (!m_file.seek(0) || m_file.write(record) != record.size() || !m_file.flush()) {
        *error = QStringLiteral("feed state %1: cannot be written (%2)").arg(m_path, m_file.errorString());
        return false;
    }
    return true;
}

} // namespace icp
