#pragma once
// Filters the log by minimum level and by category (empty: every category).
#include <QSortFilterProxyModel>

namespace icp {

class LogFilterProxy final : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;

    void setMinimumLevelRank(int rank);
    void setCategory(const QString &category);
    int minimumLevelRank() const { return m_minRank; }
    QString category() const { return m_category; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    int m_minRank = 0;
    QString m_category;
};

} // namespace icp
