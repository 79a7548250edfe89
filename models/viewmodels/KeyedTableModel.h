#pragma once
// The shared base of the console's table models: rows of one snapshot value type, identified by a key, replaced
// snapshot by snapshot with the fewest row operations (see KeyedRowDiff) and dataChanged only over the cells
// that changed, with explicit roles.
#include "KeyedRowDiff.h"
#include "ViewRoles.h"

#include <QAbstractTableModel>

#include <concepts>

namespace icp {

template <typename Row>
class KeyedTableModel : public QAbstractTableModel
{
public:
    using QAbstractTableModel::QAbstractTableModel;

    int rowCount(const QModelIndex &parent = {}) const override { return parent.isValid() ? 0 : int(m_rows.size()); }
    int columnCount(const QModelIndex &parent = {}) const override { return parent.isValid() ? 0 : columns(); }

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override
    {
        if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
            return {};
        const Row &row = m_rows.at(index.row());
        if (role == KeyRole)
            return keyOf(row);
        return cell(row, index.column(), role);
    }

    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override
    {
        if (orientation != Qt::Horizontal || section < 0 || section >= columns())
            return {};
        if (role == Qt::DisplayRole)
            return header(section);
        if (role == Qt::ToolTipRole)
            return headerToolTip(section);
        return {};
    }

    const QList<Row> &rows() const { return m_rows; }
    const Row &rowAt(int row) const { return m_rows.at(row); }
    int rowOfKey(const QString &key) const
    {
        for (int i = 0; i < m_rows.size(); ++i) {
            if (keyOf(m_rows[i]) == key)
                return i;
        }
        return -1;
    }

    // The roles a cell update announces.
    static QList<int> updateRoles()
    {
        return {Qt::DisplayRole, SortRole, Qt::DecorationRole, Qt::ToolTipRole, Qt::AccessibleTextRole, SeverityRole};
    }

protected:
    virtual QString keyOf(const Row &row) const = 0;
    virtual int columns() const = 0;
    virtual QString header(int column) const = 0;
    virtual QString headerToolTip(int column) const { return header(column); }
    virtual QVariant cell(const Row &row, int column, int role) const = 0;

    // Whether a column of a kept row shows something else now. By default: its display or sort value moved.
    virtual bool cellChanged(const Row &before, const Row &after, int column) const
    {
        return cell(before, column, Qt::DisplayRole) != cell(after, column, Qt::DisplayRole)
            || cell(before, column, SortRole) != cell(after, column, SortRole)
            || cell(before, column, Qt::ToolTipRole) != cell(after, column, Qt::ToolTipRole);
    }

    // Whether a kept row is unchanged in everything its cells show. Checked before any cell is formatted, so a
    // snapshot that repeats most rows costs one value comparison per row. Must never answer true for rows whose
    // cells differ; answering false only costs the per-cell comparison. By default: the row's operator==, if any.
    virtual bool sameRow(const Row &before, const Row &after) const
    {
        if constexpr (std::equality_comparable<Row>)
            return before == after;
        else
            return false;
    }

    // Replaces the rows with `incoming`; returns the keys of kept rows that changed.
    QStringList setRows(const QList<Row> &incoming)
    {
        QStringList oldKeys;
        oldKeys.reserve(m_rows.size());
        for (const Row &r : std::as_const(m_rows))
            oldKeys << keyOf(r);
        QStringList newKeys;
        newKeys.reserve(incoming.size());
        for (const Row &r : incoming)
            newKeys << keyOf(r);
        const KeyedRowDiff diff = KeyedRowDiff::compute(oldKeys, newKeys);

        for (const auto &[first, last] : diff.removals) {
            beginRemoveRows({}, first, last);
            m_rows.remove(first, last - first + 1);
            endRemoveRows();
        }

        // Kept rows, in place. Consecutive changed rows share one dataChanged over the union of their columns.
        QStringList changedKeys;
        int runFirst = -1;
        int runLast = -1;
        int colFirst = columns();
        int colLast = -1;
        auto flush = [&]() {
            if (runFirst >= 0)
                Q_EMIT dataChanged(index(runFirst, colFirst), index(runLast, colLast), updateRoles());
            runFirst = runLast = -1;
            colFirst = columns();
            colLast = -1;
        };
        for (int i = 0; i < diff.kept.size(); ++i) {
            const Row &after = incoming.at(diff.kept[i]);
            if (sameRow(m_rows[i], after)) {
                m_rows[i] = after;
                flush();
                continue;
            }
            int first = -1;
            int last = -1;
            for (int c = 0; c < columns(); ++c) {
                if (cellChanged(m_rows[i], after, c)) {
                    if (first < 0)
                        first = c;
                    last = c;
                }
            }
            m_rows[i] = after;
            if (first < 0) {
                flush();
                continue;
            }
            changedKeys << keyOf(after);
            if (runFirst < 0)
                runFirst = i;
            runLast = i;
            colFirst = qMin(colFirst, first);
            colLast = qMax(colLast, last);
        }
        flush();

        if (!diff.added.isEmpty()) {
            const int first = int(m_rows.size());
            beginInsertRows({}, first, first + int(diff.added.size()) - 1);
            for (int i : diff.added)
                m_rows.append(incoming.at(i));
            endInsertRows();
        }
        return changedKeys;
    }

    // Announces that one column changed on every row (e.g. a countdown after the clock moved).
    void columnChanged(int column, const QList<int> &roles)
    {
        if (!m_rows.isEmpty())
            Q_EMIT dataChanged(index(0, column), index(int(m_rows.size()) - 1, column), roles);
    }

    QList<Row> m_rows;
};

} // namespace icp
