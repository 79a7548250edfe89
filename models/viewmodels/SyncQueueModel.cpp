#include "SyncQueueModel.h"

#include "ViewFormat.h"

#include <limits>

namespace icp {

SyncQueueModel::SyncQueueModel(QObject *parent)
    : KeyedTableModel<BatchStatus>(parent)
{
}

void SyncQueueModel::applySnapshot(const EngineSnapshot &snapshot)
{
    const bool clockMoved = snapshot.atMs != m_now;
    m_now = snapshot.atMs;
    setRows(snapshot.batches);
    if (clockMoved)
        columnChanged(NextAttempt, {Qt::DisplayRole, SortRole, Qt::AccessibleTextRole});
}

bool SyncQueueModel::sameRow(const BatchStatus &a, const BatchStatus &b) const
{
    // Every field; the countdown's dependence on the clock is announced by columnChanged.
    return a.state == b.state && a.agents == b.agents && a.attempt == b.attempt && a.maxAttempts == b.maxAttempts
        && a.nextAttemptAtMs == b.nextAttemptAtMs && a.knownVersion == b.knownVersion && a.region == b.region
        && a.skillGroupId == b.skillGroupId && a.lastError == b.lastError;
}

void SyncQueueModel::setNow(qint64 nowMs)
{
    if (nowMs == m_now)
        return;
    m_now = nowMs;
    columnChanged(NextAttempt, {Qt::DisplayRole, SortRole, Qt::AccessibleTextRole});
}

QString SyncQueueModel::stateText(const BatchStatus &b)
{
    if (b.state == WriterState::BackingOff && b.lastError.contains(QLatin1String("409")))
        return tr("backing off after 409");
    if (b.state == WriterState::Blocked)
        return tr("blocked: needs a person");
    return writerStateName(b.state);
}

Severity SyncQueueModel::stateSeverity(const BatchStatus &b)
{
    switch (b.state) {
    case WriterState::BackingOff:
    case WriterState::Throttled:
    case WriterState::ReReading:
        return Severity::Warning;
    case WriterState::Blocked:
        return Severity::Error;
    case WriterState::InFlight:
        return Severity::Ok;
    default:
        return Severity::None;
    }
}

QString SyncQueueModel::countdownText(const BatchStatus &b, qint64 nowMs)
{
    if (b.nextAttemptAtMs <= 0)
        return QStringLiteral("—");
    const qint64 left = b.nextAttemptAtMs - nowMs;
    return left > 0 ? tr("in %1").arg(ViewFormat::duration(left)) : tr("due now");
}

QString SyncQueueModel::header(int column) const
{
    switch (Column(column)) {
    case Region: return tr("Region");
    case SkillGroup: return tr("Skill group");
    case Agents: return tr("Agents");
    case State: return tr("State");
    case Attempt: return tr("Attempt");
    case NextAttempt: return tr("Next attempt");
    case LastError: return tr("Last error");
    case ColumnCount: break;
    }
    return {};
}

QString SyncQueueModel::headerToolTip(int column) const
{
    switch (Column(column)) {
    case Agents: return tr("Changes waiting or in flight for this skill group");
    case Attempt: return tr("Sends of the batch so far, out of the most allowed before dead-lettering");
    case NextAttempt: return tr("Countdown to the next attempt (backoff or Retry-After)");
    default: return header(column);
    }
}

QVariant SyncQueueModel::display(const BatchStatus &b, int column) const
{
    switch (Column(column)) {
    case Region: return b.region;
    case SkillGroup: return b.skillGroupId;
    case Agents: return QString::number(b.agents);
    case State: return stateText(b);
    case Attempt: return b.attempt > 0 ? tr("%1 of %2").arg(b.attempt).arg(b.maxAttempts) : QStringLiteral("—");
    case NextAttempt: return countdownText(b, m_now);
    case LastError: return ViewFormat::oneLine(b.lastError);
    case ColumnCount: break;
    }
    return {};
}

QVariant SyncQueueModel::cell(const BatchStatus &b, int column, int role) const
{
    switch (role) {
    case Qt::DisplayRole:
        return display(b, column);
    case SortRole:
        switch (Column(column)) {
        case Agents: return b.agents;
        case State: return int(b.state);
        case Attempt: return b.attempt;
        case NextAttempt:
            return b.nextAttemptAtMs > 0 ? qMax<qint64>(0, b.nextAttemptAtMs - m_now) : std::numeric_limits<qint64>::max();
        default: return display(b, column);
        }
    case Qt::ToolTipRole:
        if (column == LastError && !b.lastError.isEmpty())
            return b.lastError;
        if (column == State)
            return tr("Writer state: %1; known version %2").arg(stateText(b)).arg(b.knownVersion);
        return {};
    case Qt::AccessibleTextRole:
        return QString(header(column) + QStringLiteral(": ") + display(b, column).toString());
    case Qt::DecorationRole:
        if (column == State)
            return m_icons.icon(stateSeverity(b));
        return {};
    case SeverityRole:
        return int(stateSeverity(b));
    case Qt::TextAlignmentRole:
        if (column == Agents || column == NextAttempt)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    default:
        return {};
    }
}

} // namespace icp
