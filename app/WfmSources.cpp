#include "WfmSources.h"

#include <cstdio>

namespace icp {

namespace {
constexpr int kRejectedLinesShown = 50;

void printLine(const QString &s)
{
    std::fputs(qPrintable(s + QLatin1Char('\n')), stdout);
    std::fflush(stdout);
}
} // namespace

WfmSources::WfmSources(WfmSourceOptions options, QList<Agent> roster, WfmCommit commit, Taken taken, Clock &clock,
                       QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_roster(std::move(roster))
    , m_commit(std::move(commit))
    , m_taken(std::move(taken))
    , m_clock(clock)
{
}

WfmSources::~WfmSources() = default;

AcceptResult WfmSources::commit(const QList<OutboxChange> &changes)
{
    const AcceptResult result = m_commit(changes);
    if (!result.ok())
        return result;
    for (qsizetype i = 0; i < changes.size() && i < result.outcomes.size(); ++i) {
        const AcceptOutcome o = result.outcomes[i];
        if (o == AcceptOutcome::Accepted || o == AcceptOutcome::Superseded)
            m_taken(changes[i]);
    }
    return result;
}

bool WfmSources::start(qint64 runStartMs, QString *error)
{
    if (!m_options.replayPath.isEmpty()) {
        ReplayOptions ro;
        ro.path = m_options.replayPath;
        ro.asFastAsPossible = m_options.asFastAsPossible;
        ro.maxGapMs = m_options.replayMaxGapMs;
        m_replay = new ReplayFeed(ro, m_roster, m_clock, this);
        if (!m_replay->load(error))
            return false;
        const auto &rejected = m_replay->rejected();
        printLine(QStringLiteral("replay %1: %2 lines, %3 valid, %4 rejected (%5)%6")
                      .arg(ro.path).arg(m_replay->lineCount()).arg(m_replay->total()).arg(rejected.size())
                      .arg(ro.asFastAsPossible ? QStringLiteral("as fast as possible") : QStringLiteral("original timing"))
                      .arg(rejected.isEmpty() ? QString() : QStringLiteral("; rejected lines are in ") + m_replay->quarantinePath()));
        for (qsizetype i = 0; i < rejected.size() && i < kRejectedLinesShown; ++i)
            printLine(QStringLiteral("replay %1:%2: rejected: %3: %4")
                          .arg(ro.path).arg(rejected[i].line)
                          .arg(wfmReasonCode(rejected[i].rejection.reason), rejected[i].rejection.message));
        if (rejected.size() > kRejectedLinesShown)
            printLine(QStringLiteral("replay %1: ... and %2 more rejected lines (see %3)")
                          .arg(ro.path).arg(rejected.size() - kRejectedLinesShown).arg(m_replay->quarantinePath()));
    }
    if (m_options.ingest) {
        m_server = new WfmIngestServer(*m_options.ingest, m_roster,
                                       [this](const QList<OutboxChange> &changes) { return commit(changes); },
                                       m_clock, this);
        if (!m_server->listen(error))
            return false;
        const bool loopback = m_options.ingest->address.isLoopback();
        printLine(QStringLiteral("WFM ingest: listening on %1 (bearer token from ICP_INGEST_TOKEN)%2")
                      .arg(m_server->url().toString(),
                           loopback ? QString()
                                    : QStringLiteral("; WARNING: not loopback, and plain HTTP: put a TLS proxy in front")));
    }
    if (m_replay) {
        m_replay->start(
            [this](const QList<ReplayLine> &lines) {
                QList<OutboxChange> changes;
                changes.reserve(lines.size());
                for (const ReplayLine &l : lines)
                    changes << l.change;
                const AcceptResult result = commit(changes);
                if (!result.ok()) {
                    m_commitError = result.error;
                    printLine(QStringLiteral("replay: the outbox refused lines %1..%2: %3")
                                  .arg(lines.first().line).arg(lines.last().line).arg(result.error));
                    return;
                }
                m_replayApplied.addOutcomes(result);
            },
            runStartMs);
    }
    return true;
}

bool WfmSources::isFinished() const
{
    return !m_server && (!m_replay || m_replay->isFinished());
}

quint16 WfmSources::ingestPort() const
{
    return m_server ? m_server->port() : 0;
}

QString WfmSources::progress() const
{
    QStringList parts;
    if (m_replay)
        parts << QStringLiteral("replay %1/%2 applied, %3 rejected").arg(m_replay->delivered()).arg(m_replay->total())
                     .arg(m_replay->rejected().size());
    if (m_server) {
        const WfmTally &t = m_server->handler().tally();
        parts << QStringLiteral("ingest requests=%1 accepted=%2 stale=%3 duplicate=%4 rejected=%5")
                     .arg(m_server->handler().requests()).arg(t.accepted).arg(t.stale).arg(t.duplicate).arg(t.rejected);
    }
    return parts.join(QStringLiteral(" | "));
}

WfmTally WfmSources::tally() const
{
    WfmTally t;
    if (m_replay) {
        t.add(m_replay->rejectedTally());
        t.add(m_replayApplied);
    }
    if (m_server)
        t.add(m_server->handler().tally());
    return t;
}

void WfmSources::addToSummary(Json &summary) const
{
    const WfmTally t = tally();
    summary["changes_rejected"] = t.rejected;
    summary["changes_duplicate"] = t.duplicate;
    Json byReason = Json::object();
    for (auto it = t.rejectedByReason.cbegin(); it != t.rejectedByReason.cend(); ++it)
        byReason[toStd(it.key())] = it.value();
    summary["rejected_by_reason"] = std::move(byReason);
    if (m_replay) {
        Json r = m_replayApplied.toJson();
        r["file"] = toStd(m_options.replayPath);
        r["lines"] = m_replay->lineCount();
        r["valid"] = m_replay->total();
        r["delivered"] = m_replay->delivered();
        r["rejected"] = m_replay->rejected().size();
        r["quarantine"] = toStd(m_replay->quarantinePath());
        r.erase("rejected_by_reason");
        summary["replay"] = std::move(r);
    }
    if (m_server) {
        Json i = m_server->handler().tally().toJson();
        i["requests"] = m_server->handler().requests();
        i["url"] = toStd(m_server->url().toString());
        i.erase("rejected_by_reason");
        summary["ingest"] = std::move(i);
    }
}

} // namespace icp
