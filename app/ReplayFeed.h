#pragma once
// Replays a recorded WFM file (`.jsonl`/`.ndjson`: one item a line; `.csv`: a header row, then one item a row)
// as the availability source, in place of the scenario's timeline (the scenario still defines the contact
// center and the roster).
//
// Timing: the first valid line defines the replay's start T0. A line with timestamp T is due at
// runStart + (T - T0) on the run's clock, in file order (a line never overtakes an earlier one), or at once with
// asFastAsPossible. Its source timestamp is mapped the same way (runStart + T - T0), like the scenario feed's, so
// the ICP compares it with what it holds from this run.
//
// Validation: every line is checked when the file is loaded. A recording's timestamps are all in the past, so
// "future" is relative to the replay, not to the wall clock: a line more than maxGapMs after the newest earlier
// valid line is future_timestamp (it would stall the replay for the gap, and as the newest change of its agent
// it would make every later real change of that agent stale). Rejected lines are written to
// FILE.quarantine.jsonl beside the input ({"line","reason","message","raw"} a line; empty when none), and the
// valid lines still apply. Stale and duplicate lines are the outbox's decision, counted when applied.

#include "Clock.h"
#include "OutboxTypes.h"
#include "WfmValidator.h"

#include <QObject>

#include <functional>

namespace icp {

struct ReplayOptions
{
    static constexpr qint64 kDefaultMaxGapMs = 3600 * 1000;
    QString path;
    bool asFastAsPossible = false;
    qint64 maxGapMs = kDefaultMaxGapMs;
    int batchSize = 500; // as fast as possible: lines per outbox transaction
};

struct ReplayLine
{
    qsizetype line = 0; // 1-based in the file
    OutboxChange change; // source timestamp mapped onto the run's clock
};

struct QuarantinedLine
{
    qsizetype line = 0;
    WfmRejection rejection;
    QByteArray raw;
};

class ReplayFeed final : public QObject
{
    Q_OBJECT
public:
    // Receives the lines due at one instant (or one batch, as fast as possible), in file order.
    using Sink = std::function<void(const QList<ReplayLine> &lines)>;

    ReplayFeed(ReplayOptions options, const QList<Agent> &roster, Clock &clock, QObject *parent = nullptr);

    // Reads, decodes and validates the whole file and writes the quarantine file. False with a message naming
    // the file and the cause when it cannot be read, has an unknown extension, has no usable CSV header, or the
    // quarantine file cannot be written.
    bool load(QString *error);
    // Schedules the valid lines; t = 0 is runStartMs.
    void start(Sink sink, qint64 runStartMs);

    static QString quarantinePathFor(const QString &path) { return path + QStringLiteral(".quarantine.jsonl"); }
    QString quarantinePath() const { return quarantinePathFor(m_options.path); }
    const QList<QuarantinedLine> &rejected() const { return m_rejected; }
    qsizetype lineCount() const { return m_items; }   // items read (blank lines and the CSV header excluded)
    qsizetype total() const { return m_valid.size(); } // valid lines to apply
    qsizetype delivered() const { return m_delivered; }
    bool isFinished() const { return m_started && m_delivered == m_valid.size(); }
    WfmTally rejectedTally() const;

private:
    struct Valid
    {
        qsizetype line = 0;
        OutboxChange change; // original source timestamp
    };
    void deliver(qsizetype from, qsizetype to, qint64 runStartMs);

    ReplayOptions m_options;
    WfmValidator m_validator;
    Clock &m_clock;
    QList<Valid> m_valid;
    QList<QuarantinedLine> m_rejected;
    qsizetype m_items = 0;
    qint64 m_t0 = 0;
    qsizetype m_delivered = 0;
    bool m_started = false;
    std::shared_ptr<Sink> m_sink;
};

} // namespace icp
