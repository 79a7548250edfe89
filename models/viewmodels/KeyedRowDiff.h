#pragma once
// How a keyed list of rows turns into another with the fewest row operations: rows whose key vanished are
// removed (in contiguous ranges), rows that stay keep their place (so persistent indexes, selection and scroll
// survive), rows with new keys are appended in one insert. Order follows the views' sorting, not the snapshot.
#include <QList>
#include <QString>
#include <QStringList>

#include <utility>

namespace icp {

struct KeyedRowDiff
{
    // Old-row ranges [first, last] to remove, last range first, so each removal leaves earlier rows in place.
    QList<std::pair<int, int>> removals;
    // For each old row that stays (in old order), its index in the new list.
    QList<int> kept;
    // Indexes in the new list of rows with new keys, in new-list order: appended after the kept rows.
    QList<int> added;

    bool isEmpty() const { return removals.isEmpty() && added.isEmpty(); }

    // Later duplicates of a key in newKeys are ignored (neither kept nor added).
    static KeyedRowDiff compute(const QStringList &oldKeys, const QStringList &newKeys);
    // Contiguous runs [first, last] of ascending, distinct row numbers.
    static QList<std::pair<int, int>> runs(const QList<int> &sortedRows);
};

} // namespace icp
