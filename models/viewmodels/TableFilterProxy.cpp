#include "TableFilterProxy.h"

#include "ViewRoles.h"

namespace icp {

TableFilterProxy::TableFilterProxy(int regionColumn, QObject *parent)
    : QSortFilterProxyModel(parent)
    , m_regionColumn(regionColumn)
{
    setSortRole(SortRole);
    setDynamicSortFilter(true);
}

void TableFilterProxy::setRegion(const QString &region)
{
    if (region == m_region)
        return;
    m_region = region;
    invalidateFilter();
}

void TableFilterProxy::setText(const QString &text)
{
    const QString t = text.trimmed();
    if (t == m_text)
        return;
    m_text = t;
    invalidateFilter();
}

void TableFilterProxy::setColumnValue(int column, const QString &value)
{
    if (m_columnValues.value(column) == value)
        return;
    if (value.isEmpty())
        m_columnValues.remove(column);
    else
        m_columnValues.insert(column, value);
    invalidateFilter();
}

bool TableFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QAbstractItemModel *m = sourceModel();
    if (!m_region.isEmpty() && m->index(sourceRow, m_regionColumn, sourceParent).data().toString() != m_region)
        return false;
    for (auto it = m_columnValues.cbegin(); it != m_columnValues.cend(); ++it) {
        if (m->index(sourceRow, it.key(), sourceParent).data().toString() != it.value())
            return false;
    }
    if (m_text.isEmpty())
        return true;
    for (int c = 0; c < m->columnCount(sourceParent); ++c) {
        if (m->index(sourceRow, c, sourceParent).data().toString().contains(m_text, Qt::CaseInsensitive))
            return true;
    }
    return false;
}

} // namespace icp
