#include "KeyedRowDiff.h"

#include <QHash>
#include <QSet>

namespace icp {

KeyedRowDiff KeyedRowDiff::compute(const QStringList &oldKeys, const QStringList &newKeys)
{
    QHash<QString, int> newIndex;
    newIndex.reserve(newKeys.size());
    for (int i = 0; i < newKeys.size(); ++i) {
        if (!newIndex.contains(newKeys[i]))
            newIndex.insert(newKeys[i], i);
    }

    KeyedRowDiff diff;
    QList<int> removed;
    QSet<QString> seenOld;
    for (int i = 0; i < oldKeys.size(); ++i) {
        const auto it = newIndex.constFind(oldKeys[i]);
        // A key the old list held twice keeps its first row only.
        if (it == newIndex.cend() || seenOld.contains(oldKeys[i])) {
            removed << i;
        } else {
            diff.kept << *it;
            seenOld.insert(oldKeys[i]);
        }
    }
    const QList<std::pair<int, int>> ranges = runs(removed);
    for (auto it = ranges.crbegin(); it != ranges.crend(); ++it)
        diff.removals << *it;

    for (int i = 0; i < newKeys.size(); ++i) {
        if (!seenOld.contains(newKeys[i]) && newIndex.value(newKeys[i]) == i)
            diff.added << i;
    }
    return diff;
}

QList<std::pair<int, int>> KeyedRowDiff::runs(const QList<int> &sortedRows)
{
    QList<std::pair<int, int>> out;
    for (int r : sortedRows) {
        if (!out.isEmpty() && out.last().second + 1 == r)
            out.last().second = r;
        else
            out.append({r, r});
    }
    return out;
}

} // namespace icp
