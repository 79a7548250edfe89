#include "DeadLetterModel.h"

#include "ViewFormat.h"

namespace icp {

DeadLetterModel::DeadLetterModel(QObject *parent)
    : KeyedTableModel<DeadLetter>(parent)
{
}

void DeadLetterModel::applySnapshot(const EngineSnapshot &snapshot)
{
    setRows(snapshot.deadLetters);
}

const DeadLetter *DeadLetterModel::deadLetter(qint64 id) const
{
    for (const DeadLetter &d : m_rows) {
        if (d.id == id)
            return &d;
    }
    return nullptr;
}

QString DeadLetterModel::header(int column) const
{
    switch (Column(column)) {
    case DeadAt: return tr("Dead-lettered");
    case Region: return tr("Region");
    case Group: return tr("Skill group");
    case Agent: return tr("Agent");
    case Change: return tr("Change");
    case Attempts: return tr("Attempts");
    case Reason: return tr("Reason");
    case ColumnCount: break;
    }
    return {};
}

QVariant DeadLetterModel::display(const DeadLetter &d, int column) const
{
    switch (Column(column)) {
    case DeadAt: return ViewFormat::clockTime(d.deadAtMs);
    case Region: return d.region;
    case Group: return d.skillGroupId;
    case Agent: return d.change.agentId;
    case Change: return tr("%1, capacity %2").arg(agentStatusName(d.change.status)).arg(d.change.capacity);
    case Attempts: return QString::number(d.attempts);
    case Reason: return ViewFormat::oneLine(d.reason);
    case ColumnCount: break;
    }
    return {};
}

QVariant DeadLetterModel::cell(const DeadLetter &d, int column, int role) const
{
    switch (role) {
    case Qt::DisplayRole:
        return display(d, column);
    case SortRole:
        switch (Column(column)) {
        case DeadAt: return d.deadAtMs;
        case Attempts: return d.attempts;
        default: return display(d, column);
        }
    case Qt::ToolTipRole:
        if (column == Reason)
            return d.reason;
        if (column == DeadAt)
            return tr("Dead-lettered %1; accepted %2").arg(ViewFormat::dateTime(d.deadAtMs), ViewFormat::dateTime(d.acceptedAtMs));
        if (column == Change)
            return tr("Observed by the WFM system at %1").arg(ViewFormat::dateTime(d.change.sourceTimestampMs));
        return {};
    case Qt::AccessibleTextRole:
        return QString(header(column) + QStringLiteral(": ") + display(d, column).toString());
    case Qt::DecorationRole:
        if (column == DeadAt)
            return m_icons.icon(Severity::Error);
        return {};
    case SeverityRole:
        return int(Severity::Error);
    case Qt::TextAlignmentRole:
        if (column == Attempts)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    default:
        return {};
    }
}

} // namespace icp
