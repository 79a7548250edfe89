#include "ConflictTableModel.h"

#include "ViewFormat.h"

namespace icp {

ConflictTableModel::ConflictTableModel(QObject *parent)
    : KeyedTableModel<ConflictRecord>(parent)
{
}

void ConflictTableModel::applySnapshot(const EngineSnapshot &snapshot)
{
    setRows(snapshot.recentConflicts);
}

bool ConflictTableModel::sameRow(const ConflictRecord &a, const ConflictRecord &b) const
{
    // The fields the cells show (display, sort, tooltip); the rest (bodies, members) only feed the inspector.
    return a.atMs == b.atMs && a.expectedVersion == b.expectedVersion && a.currentVersion == b.currentVersion
        && a.modifiedAtMs == b.modifiedAtMs && a.attempts.size() == b.attempts.size() && a.region == b.region
        && a.skillGroupId == b.skillGroupId && a.modifiedBy == b.modifiedBy && a.resolution == b.resolution
        && a.correlationId == b.correlationId;
}

const ConflictRecord *ConflictTableModel::record(qint64 id) const
{
    for (const ConflictRecord &r : m_rows) {
        if (r.id == id)
            return &r;
    }
    return nullptr;
}

Severity ConflictTableModel::resolutionSeverity(const QString &resolution)
{
    if (resolution.isEmpty() || resolution == QLatin1String("re-reading") || resolution.startsWith(QLatin1String("rebased")))
        return Severity::Warning; // still being worked on
    if (resolution.contains(QLatin1String("dead")) || resolution.contains(QLatin1String("fail"))
        || resolution.contains(QLatin1String("gave up")))
        return Severity::Error;
    return Severity::Ok;
}

QString ConflictTableModel::header(int column) const
{
    switch (Column(column)) {
    case Time: return tr("Time");
    case Region: return tr("Region");
    case Group: return tr("Skill group");
    case ExpectedVersion: return tr("Expected v.");
    case CurrentVersion: return tr("Current v.");
    case ModifiedBy: return tr("Modified by");
    case Attempts: return tr("Attempts");
    case Resolution: return tr("Resolution");
    case ColumnCount: break;
    }
    return {};
}

QString ConflictTableModel::headerToolTip(int column) const
{
    switch (Column(column)) {
    case ExpectedVersion: return tr("The group version our write expected");
    case CurrentVersion: return tr("The version the ICP held when it answered 409");
    case ModifiedBy: return tr("Who changed the group in between (from the 409 body)");
    case Attempts: return tr("Attempts made for this batch since the conflict");
    case Resolution: return tr("What the engine did about the conflict");
    default: return header(column);
    }
}

QVariant ConflictTableModel::display(const ConflictRecord &r, int column) const
{
    switch (Column(column)) {
    case Time: return ViewFormat::clockTime(r.atMs);
    case Region: return r.region;
    case Group: return r.skillGroupId;
    case ExpectedVersion: return QString::number(r.expectedVersion);
    case CurrentVersion: return QString::number(r.currentVersion);
    case ModifiedBy: return r.modifiedBy.isEmpty() ? QStringLiteral("—") : r.modifiedBy;
    case Attempts: return QString::number(r.attempts.size());
    case Resolution: return r.resolution.isEmpty() ? tr("pending") : r.resolution;
    case ColumnCount: break;
    }
    return {};
}

QVariant ConflictTableModel::cell(const ConflictRecord &r, int column, int role) const
{
    switch (role) {
    case Qt::DisplayRole:
        return display(r, column);
    case SortRole:
        switch (Column(column)) {
        case Time: return r.atMs;
        case ExpectedVersion: return r.expectedVersion;
        case CurrentVersion: return r.currentVersion;
        case Attempts: return int(r.attempts.size());
        default: return display(r, column);
        }
    case Qt::ToolTipRole:
        if (column == Time)
            return ViewFormat::dateTime(r.atMs);
        if (column == ModifiedBy && r.modifiedAtMs > 0)
            return tr("Modified at %1").arg(ViewFormat::dateTime(r.modifiedAtMs));
        if (column == Resolution)
            return r.correlationId.isEmpty() ? QVariant() : tr("Correlation id %1").arg(r.correlationId);
        return {};
    case Qt::AccessibleTextRole:
        return QString(header(column) + QStringLiteral(": ") + display(r, column).toString());
    case Qt::DecorationRole:
        if (column == Resolution)
            return m_icons.icon(resolutionSeverity(r.resolution));
        return {};
    case SeverityRole:
        return int(resolutionSeverity(r.resolution));
    case Qt::TextAlignmentRole:
        if (column == ExpectedVersion || column == CurrentVersion || column == Attempts)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    default:
        return {};
    }
}

} // namespace icp
