#include "CampaignTableModel.h"

#include "ViewFormat.h"

namespace icp {

CampaignTableModel::CampaignTableModel(QObject *parent)
    : KeyedTableModel<CampaignRow>(parent)
{
}

void CampaignTableModel::applySnapshot(const EngineSnapshot &snapshot)
{
    const bool clockMoved = snapshot.atMs != m_now;
    m_now = snapshot.atMs;
    setRows(snapshot.campaigns);
    if (clockMoved)
        columnChanged(LastApplied, {Qt::DisplayRole, Qt::ToolTipRole, Qt::AccessibleTextRole});
}

QString CampaignTableModel::pacingText(const PacingSetting &p)
{
    return tr("%1 lines · %2/agent").arg(p.outboundLineCount).arg(p.maxCallsPerAgent, 0, 'f', 1);
}

bool CampaignTableModel::inStep(const CampaignRow &row)
{
    return row.hasRecommendation && row.recommended.outboundLineCount == row.applied.outboundLineCount
        && qAbs(row.recommended.maxCallsPerAgent - row.applied.maxCallsPerAgent) < 1e-6;
}

Qt::ItemFlags CampaignTableModel::flags(const QModelIndex &index) const
{
    Qt::ItemFlags f = KeyedTableModel<CampaignRow>::flags(index);
    if (index.isValid() && index.column() == Auto)
        f |= Qt::ItemIsUserCheckable;
    return f;
}

bool CampaignTableModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid) || index.column() != Auto
        || role != Qt::CheckStateRole)
        return false;
    const bool on = value.toInt() == Qt::Checked;
    CampaignRow &row = m_rows[index.row()];
    if (row.autoPacing == on)
        return false;
    // Shown at once; the engine's next snapshot confirms it (or puts it back).
    row.autoPacing = on;
    Q_EMIT dataChanged(index, index, {Qt::CheckStateRole, Qt::DisplayRole, SortRole, Qt::AccessibleTextRole});
    Q_EMIT autoPacingRequested(row.id, on);
    return true;
}

QString CampaignTableModel::header(int column) const
{
    switch (Column(column)) {
    case Name: return tr("Campaign");
    case Region: return tr("Region");
    case Capacity: return tr("Effective capacity");
    case Trunks: return tr("Trunks up");
    case Recommended: return tr("Recommended");
    case Applied: return tr("Applied");
    case LastApplied: return tr("Last applied");
    case Auto: return tr("Auto");
    case State: return tr("State");
    case Error: return tr("Last error");
    case ColumnCount: break;
    }
    return {};
}

QString CampaignTableModel::headerToolTip(int column) const
{
    switch (Column(column)) {
    case Capacity: return tr("Available agents' capacity on registered trunks of the staffing skill groups, bounded by those trunks' free channels");
    case Trunks: return tr("Registered BYOC trunks of the staffing skill groups");
    case Recommended: return tr("outboundLineCount and maxCallsPerAgent the engine recommends now");
    case Applied: return tr("outboundLineCount and maxCallsPerAgent the campaign holds");
    case LastApplied: return tr("When the console's last pacing write was accepted");
    case Auto: return tr("Auto-pacing: write each new recommendation (off by default: recommend only)");
    case State: return tr("Whether the campaign is in step, a raise waiting for its window, or the write's state");
    default: return header(column);
    }
}

QVariant CampaignTableModel::display(const CampaignRow &row, int column) const
{
    switch (Column(column)) {
    case Name: return row.name.isEmpty() ? row.id : row.name;
    case Region: return row.region;
    case Capacity: return QString::number(row.effectiveCapacity);
    case Trunks: return QString::number(row.registeredTrunks);
    case Recommended: return row.hasRecommendation ? pacingText(row.recommended) : tr("waiting for the fleet");
    case Applied: return pacingText(row.applied);
    case LastApplied:
        if (row.appliedAtMs <= 0)
            return tr("never");
        return m_now > 0 ? tr("%1 ago").arg(ViewFormat::duration(m_now - row.appliedAtMs)) : ViewFormat::clockTime(row.appliedAtMs);
    case Auto: return row.autoPacing ? tr("on") : tr("off");
    case State: {
        if (row.writeState != QLatin1String("idle") && !row.writeState.isEmpty())
            return row.writeState == QLatin1String("waiting") && row.nextWriteAtMs > m_now && m_now > 0
                ? tr("write in %1").arg(ViewFormat::duration(row.nextWriteAtMs - m_now))
                : row.writeState;
        if (!row.hasRecommendation)
            return QString();
        if (row.raiseDueAtMs > 0)
            return tr("raise pending");
        return inStep(row) ? tr("in step") : tr("differs");
    }
    case Error: return ViewFormat::oneLine(row.lastError);
    case ColumnCount: break;
    }
    return {};
}

QVariant CampaignTableModel::sortValue(const CampaignRow &row, int column) const
{
    switch (Column(column)) {
    case Capacity: return row.effectiveCapacity;
    case Trunks: return row.registeredTrunks;
    case Recommended: return row.recommended.outboundLineCount;
    case Applied: return row.applied.outboundLineCount;
    case LastApplied: return row.appliedAtMs;
    case Auto: return int(row.autoPacing);
    default: return display(row, column);
    }
}

Severity CampaignTableModel::severity(const CampaignRow &row) const
{
    if (!row.lastError.isEmpty())
        return Severity::Error;
    if (!row.hasRecommendation)
        return Severity::None;
    // A campaign dialing more lines than recommended over-dials lost capacity.
    if (row.applied.outboundLineCount > row.recommended.outboundLineCount)
        return Severity::Warning;
    return Severity::Ok;
}

bool CampaignTableModel::cellChanged(const CampaignRow &before, const CampaignRow &after, int column) const
{
    if (column == Auto && before.autoPacing != after.autoPacing)
        return true;
    if (column == State && severity(before) != severity(after))
        return true;
    return KeyedTableModel<CampaignRow>::cellChanged(before, after, column);
}

QVariant CampaignTableModel::cell(const CampaignRow &row, int column, int role) const
{
    switch (role) {
    case Qt::DisplayRole:
        return display(row, column);
    case SortRole:
        return sortValue(row, column);
    case Qt::CheckStateRole:
        if (column == Auto)
            return row.autoPacing ? Qt::Checked : Qt::Unchecked;
        return {};
    case Qt::ToolTipRole:
        if (column == Name)
            return tr("Campaign id %1; staffed by %2").arg(row.id, row.skillGroupIds.join(QStringLiteral(", ")));
        if (column == Capacity)
            return tr("%1 available agents on %2 registered trunks").arg(row.agents).arg(row.registeredTrunks);
        if (column == LastApplied && row.appliedAtMs > 0)
            return tr("Applied at %1").arg(ViewFormat::dateTime(row.appliedAtMs));
        if (column == State && row.raiseDueAtMs > 0)
            return tr("An increase is recommended once it has held until %1").arg(ViewFormat::clockTime(row.raiseDueAtMs));
        if (column == Error && !row.lastError.isEmpty())
            return row.lastError;
        return {};
    case Qt::AccessibleTextRole:
        return QString(header(column) + QStringLiteral(": ") + display(row, column).toString());
    case Qt::DecorationRole:
        if (column == State && row.hasRecommendation)
            return m_icons.icon(severity(row));
        if (column == Error && !row.lastError.isEmpty())
            return m_icons.icon(Severity::Error);
        return {};
    case SeverityRole:
        return int(severity(row));
    case Qt::TextAlignmentRole:
        if (column == Capacity || column == Trunks)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    default:
        return {};
    }
}

} // namespace icp
