#pragma once
// Sorts by SortRole and keeps rows of one region (empty: all), whose text matches a filter, and whose chosen
// columns hold exactly the chosen values.
#include <QHash>
#include <QSortFilterProxyModel>

namespace icp {

class TableFilterProxy : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    explicit TableFilterProxy(int regionColumn, QObject *parent = nullptr);

    void setRegion(const QString &region);
    QString region() const { return m_region; }
    // Case-insensitive substring of any column's display text; empty: every row.
    void setText(const QString &text);
    QString text() const { return m_text; }
    // Keeps rows whose display text in `column` equals `value`; an empty value removes the condition.
    void setColumnValue(int column, const QString &value);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    int m_regionColumn;
    QString m_region;
    QString m_text;
    QHash<int, QString> m_columnValues;
};

} // namespace icp
