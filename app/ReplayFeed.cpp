#include "ReplayFeed.h"

#include <QFile>
#include <QFileInfo>

namespace icp {

namespace {
constexpr qint64 kMaxFileBytes = qint64(1) << 30;
}

ReplayFeed::ReplayFeed(ReplayOptions options, const QList<Agent> &roster, Clock &clock, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_validator(roster, m_options.maxGapMs)
    , m_clock(clock)
{
    m_validator.setReferenceName(QStringLiteral("the newest earlier line of the replay"));
}

bool ReplayFeed::load(QString *error)
{
    const QString &path = m_options.path;
    const QString suffix = QFileInfo(path).suffix().toLower();
    const bool csv = suffix == QLatin1String("csv");
    if (!csv && suffix != QLatin1String("jsonl") && suffix != QLatin1String("ndjson")) {
        *error = QStringLiteral("--replay %1: unknown file type \"%2\"; give a .jsonl (one JSON item a line) or a .csv "
                                "file (header agentId,status,capacity,timestamp)").arg(path, suffix);
        return false;
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("--replay %1: cannot read the file (%2)").arg(path, file.errorString());
        return false;
    }
    if (file.size() > kMaxFileBytes) {
        *error = QStringLiteral("--replay %1: %2 bytes is over the limit of %3; split the recording")
                     .arg(path).arg(file.size()).arg(kMaxFileBytes);
        return false;
    }
    const WfmDecodeResult decoded = csv ? WfmAvailability::decodeCsv(file.readAll()) : WfmAvailability::decodeNdjson(file.readAll());
    if (!decoded.ok()) {
        *error = QStringLiteral("--replay %1: %2").arg(path, decoded.error);
        return false;
    }
    m_items = decoded.items.size();
    m_valid.clear();
    m_rejected.clear();
    std::optional<qint64> newest;
    for (const WfmItem &item : decoded.items) {
        // The first valid line is the replay's start; after it, the reference is the newest valid line so far.
        const qint64 reference = newest ? *newest : (item.change ? item.change->sourceTimestampMs : 0);
        const WfmVerdict verdict = m_validator.check(item, reference);
        if (!verdict.ok()) {
            m_rejected.push_back(QuarantinedLine{item.line, verdict.rejection, item.raw});
            continue;
        }
        if (!newest)
            m_t0 = verdict.change->change.sourceTimestampMs;
        newest = qMax(newest.value_or(verdict.change->change.sourceTimestampMs), verdict.change->change.sourceTimestampMs);
        m_valid.push_back(Valid{item.line, *verdict.change});
    }
    QFile quarantine(quarantinePath());
    if (!quarantine.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        *error = QStringLiteral("--replay %1: cannot write the quarantine file %2 (%3); rejected lines are kept there")
                     .arg(path, quarantinePath(), quarantine.errorString());
        return false;
    }
    for (const QuarantinedLine &q : std::as_const(m_rejected)) {
        const Json j{{"line", q.line}, {"reason", toStd(wfmReasonCode(q.rejection.reason))},
                     {"message", toStd(q.rejection.message)}, {"raw", q.raw.toStdString()}};
        quarantine.write(dumpJson(j) + '\n');
    }
    if (!quarantine.flush()) {
        *error = QStringLiteral("--replay %1: cannot write the quarantine file %2 (%3)")
                     .arg(path, quarantinePath(), quarantine.errorString());
        return false;
    }
    return true;
}

WfmTally ReplayFeed::rejectedTally() const
{
    WfmTally t;
    for (const QuarantinedLine &q : m_rejected)
        t.addRejection(q.rejection.reason);
    return t;
}

void ReplayFeed::start(Sink sink, qint64 runStartMs)
{
    m_sink = std::make_shared<Sink>(std::move(sink));
    m_started = true;
    m_delivered = 0;
    deliver(0, 0, runStartMs);
}

// Delivers [from, to) and schedules the next group: the lines due at one instant, or the next batch. Only one
// timer is pending at a time, whatever the file's size.
void ReplayFeed::deliver(qsizetype from, qsizetype to, qint64 runStartMs)
{
    if (to > from) {
        QList<ReplayLine> lines;
        lines.reserve(to - from);
        for (qsizetype i = from; i < to; ++i) {
            ReplayLine l{m_valid[i].line, m_valid[i].change};
            l.change.change.sourceTimestampMs = m_valid[i].change.change.sourceTimestampMs - m_t0 + runStartMs;
            lines.push_back(std::move(l));
        }
        m_delivered = to;
        (*m_sink)(lines);
    }
    if (to >= m_valid.size())
        return;
    qsizetype end = to + 1;
    qint64 dueMs = m_clock.nowMs();
    if (m_options.asFastAsPossible) {
        end = qMin(m_valid.size(), to + qMax(1, m_options.batchSize));
    } else {
        // In file order: a line earlier than the one before it is due at once.
        const qint64 ts = m_valid[to].change.change.sourceTimestampMs;
        dueMs = qMax(dueMs, runStartMs + ts - m_t0);
        while (end < m_valid.size() && m_valid[end].change.change.sourceTimestampMs <= ts)
            ++end;
    }
    m_clock.callAt(dueMs, this, [this, to, end, runStartMs]() { deliver(to, end, runStartMs); });
}

} // namespace icp
