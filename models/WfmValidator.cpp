#include "WfmValidator.h"

namespace icp {

void WfmTally::addRejection(WfmReason reason)
{
    ++rejected;
    ++rejectedByReason[wfmReasonCode(reason)];
}

void WfmTally::addOutcomes(const AcceptResult &result)
{
    accepted += result.taken();
    stale += result.stale;
    duplicate += result.duplicate;
}

void WfmTally::add(const WfmTally &other)
{
    accepted += other.accepted;
    stale += other.stale;
    duplicate += other.duplicate;
    rejected += other.rejected;
    for (auto it = other.rejectedByReason.cbegin(); it != other.rejectedByReason.cend(); ++it)
        rejectedByReason[it.key()] += it.value();
}

Json WfmTally::toJson() const
{
    Json byReason = Json::object();
    for (auto it = rejectedByReason.cbegin(); it != rejectedByReason.cend(); ++it)
        byReason[toStd(it.key())] = it.value();
    return Json{{"accepted", accepted}, {"stale", stale}, {"duplicate", duplicate}, {"rejected", rejected},
                {"rejected_by_reason", std::move(byReason)}};
}

WfmValidator::WfmValidator(const QList<Agent> &roster, qint64 maxSkewMs)
    : m_maxSkewMs(qMax<qint64>(0, maxSkewMs))
{
    m_roster.reserve(roster.size());
    for (const Agent &a : roster)
        m_roster.insert(a.id, Placement{a.region, a.skillGroupId});
}

WfmVerdict WfmValidator::check(const WfmItem &item, qint64 referenceMs) const
{
    WfmVerdict verdict;
    if (!item.change) {
        verdict.rejection = item.rejection;
        return verdict;
    }
    const AgentAvailability &c = *item.change;
    const auto placement = m_roster.constFind(c.agentId);
    if (placement == m_roster.cend()) {
        verdict.rejection = {WfmReason::UnknownAgent,
                             QStringLiteral("agentId: \"%1\" is not on the roster").arg(c.agentId.left(64))};
        return verdict;
    }
    const qint64 ahead = c.sourceTimestampMs - referenceMs;
    if (ahead > m_maxSkewMs) {
        verdict.rejection = {WfmReason::FutureTimestamp,
                             QStringLiteral("timestamp: %1 is %2 s ahead of %3 (%4); at most %5 s is accepted")
                                 .arg(formatTimestamp(c.sourceTimestampMs))
                                 .arg(double(ahead) / 1000.0, 0, 'f', 3)
                                 .arg(m_referenceName, formatTimestamp(referenceMs))
                                 .arg(double(m_maxSkewMs) / 1000.0, 0, 'f', 3)};
        return verdict;
    }
    verdict.change = OutboxChange{c, placement->region, placement->skillGroupId};
    return verdict;
}

std::optional<WfmReason> WfmValidator::outcomeReason(AcceptOutcome outcome)
{
    switch (outcome) {
    case AcceptOutcome::Duplicate: return WfmReason::Duplicate;
    case AcceptOutcome::Stale: return WfmReason::Stale;
    case AcceptOutcome::Accepted:
    case AcceptOutcome::Superseded: return std::nullopt;
    }
    return std::nullopt;
}

} // namespace icp
