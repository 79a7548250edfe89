#include "LogFilterProxy.h"

#include "LogModel.h"

namespace icp {

void LogFilterProxy::setMinimumLevelRank(int rank)
{
    if (rank == m_minRank)
        return;
    m_minRank = rank;
    invalidateRowsFilter();
}

void LogFilterProxy::setCategory(const QString &category)
{
    if (category == m_category)
        return;
    m_category = category;
    invalidateRowsFilter();
}

bool LogFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QModelIndex idx = sourceModel()->index(sourceRow, 0, sourceParent);
    if (idx.data(LogModel::LevelRankRole).toInt() < m_minRank)
        return false;
    return m_category.isEmpty() || idx.data(LogModel::CategoryRole).toString() == m_category;
}

} // namespace icp
