#include "LogModel.h"

#include <QDateTime>

namespace icp {

int logLevelRank(QtMsgType type)
{
    switch (type) {
    case QtDebugMsg: return 0;
    case QtInfoMsg: return 1;
    case QtWarningMsg: return 2;
    case QtCriticalMsg: return 3;
    case QtFatalMsg: return 4;
    }
    return 1;
}

QString logLevelName(QtMsgType type)
{
    switch (type) {
    case QtDebugMsg: return QStringLiteral("debug");
    case QtInfoMsg: return QStringLiteral("info");
    case QtWarningMsg: return QStringLiteral("warning");
    case QtCriticalMsg: return QStringLiteral("critical");
    case QtFatalMsg: return QStringLiteral("fatal");
    }
    return QStringLiteral("info");
}

LogModel::LogModel(int capacity, QObject *parent)
    : QAbstractTableModel(parent)
    , m_capacity(qMax(1, capacity))
{
}

void LogModel::append(const QList<LogEntry> &entries)
{
    if (entries.isEmpty())
        return;
    // Only the newest `capacity` entries of the batch can stay.
    const qsizetype take = qMin<qsizetype>(entries.size(), m_capacity);
    const qsizetype firstTaken = entries.size() - take;
    const qsizetype overflow = m_entries.size() + take - m_capacity;
    if (overflow > 0) {
        beginRemoveRows({}, 0, int(overflow - 1));
        m_entries.remove(0, overflow);
        endRemoveRows();
    }
    const int first = int(m_entries.size());
    beginInsertRows({}, first, first + int(take) - 1);
    bool newCategory = false;
    for (qsizetype i = firstTaken; i < entries.size(); ++i) {
        m_entries.append(entries.at(i));
        const QString &category = entries.at(i).category;
        if (!m_categories.contains(category)) {
            m_categories.insert(std::lower_bound(m_categories.begin(), m_categories.end(), category), category);
            newCategory = true;
        }
    }
    endInsertRows();
    if (newCategory)
        Q_EMIT categoriesChanged();
}

void LogModel::clear()
{
    if (m_entries.isEmpty())
        return;
    beginResetModel();
    m_entries.clear();
    endResetModel();
}

int LogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int LogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant LogModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const LogEntry &e = m_entries.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case TimeColumn: return QDateTime::fromMSecsSinceEpoch(e.atMs).toString(QStringLiteral("HH:mm:ss.zzz"));
        case LevelColumn: return logLevelName(e.type);
        case CategoryColumn: return e.category;
        case MessageColumn: return e.message;
        default: return {};
        }
    case Qt::ToolTipRole:
        return index.column() == MessageColumn ? QVariant(e.message) : QVariant();
    case LevelRankRole:
        return logLevelRank(e.type);
    case CategoryRole:
        return e.category;
    default:
        return {};
    }
}

QVariant LogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TimeColumn: return tr("Time");
    case LevelColumn: return tr("Level");
    case CategoryColumn: return tr("Category");
    case MessageColumn: return tr("Message");
    default: return {};
    }
}

} // namespace icp
