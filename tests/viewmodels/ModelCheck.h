#pragma once
// Applies a snapshot to a keyed table model and checks what a view relies on: no resets or layout changes,
// persistent indexes follow their row (or die with it), the rows are exactly the expected keys, every
// dataChanged names its roles.
#include "ViewRoles.h"

#include <QAbstractItemModel>
#include <QPersistentModelIndex>
#include <QSignalSpy>
#include <QTest>

struct ApplyStats
{
    int insertSignals = 0;
    int insertedRows = 0;
    int removeSignals = 0;
    int removedRows = 0;
    QList<std::pair<QModelIndex, QModelIndex>> changedRanges;
    QSet<QString> changedKeys; // keys of rows any dataChanged covered
};

inline QStringList modelKeys(const QAbstractItemModel &model)
{
    QStringList keys;
    for (int r = 0; r < model.rowCount(); ++r)
        keys << model.index(r, 0).data(icp::KeyRole).toString();
    return keys;
}

// `apply` applies the snapshot; afterwards the model's keys must be `expectedKeys` as a set. Failures are
// recorded with QTest; the caller checks QTest::currentTestFailed().
template <typename Apply>
ApplyStats applyAndCheck(QAbstractItemModel &model, Apply apply, const QStringList &expectedKeys)
{
    ApplyStats stats;
    QList<std::pair<QString, QPersistentModelIndex>> held;
    for (int r = 0; r < model.rowCount(); ++r) {
        for (int c : {0, model.columnCount() - 1})
            held.append({model.index(r, 0).data(icp::KeyRole).toString(), QPersistentModelIndex(model.index(r, c))});
    }
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    QSignalSpy layouts(&model, &QAbstractItemModel::layoutChanged);
    QObject context;
    QObject::connect(&model, &QAbstractItemModel::rowsInserted, &context, [&](const QModelIndex &, int first, int last) {
        ++stats.insertSignals;
        stats.insertedRows += last - first + 1;
    });
    QObject::connect(&model, &QAbstractItemModel::rowsRemoved, &context, [&](const QModelIndex &, int first, int last) {
        ++stats.removeSignals;
        stats.removedRows += last - first + 1;
    });
    QObject::connect(&model, &QAbstractItemModel::dataChanged, &context,
                     [&](const QModelIndex &tl, const QModelIndex &br, const QList<int> &roles) {
                         if (roles.isEmpty())
                             QTest::qFail("dataChanged without explicit roles", __FILE__, __LINE__);
                         stats.changedRanges.append({tl, br});
                         for (int r = tl.row(); r <= br.row(); ++r)
                             stats.changedKeys.insert(model.index(r, 0).data(icp::KeyRole).toString());
                     });
    apply();
    if (resets.size() != 0 || layouts.size() != 0) {
        QTest::qFail("the model reset or changed its layout instead of minimal row changes", __FILE__, __LINE__);
        return stats;
    }
    const QStringList keys = modelKeys(model);
    QSet<QString> keySet(keys.cbegin(), keys.cend());
    const QSet<QString> expected(expectedKeys.cbegin(), expectedKeys.cend());
    if (keySet != expected || keys.size() != keySet.size()) {
        QTest::qFail(qPrintable(QStringLiteral("rows %1, expected %2").arg(keys.join(u','), expectedKeys.join(u','))),
                     __FILE__, __LINE__);
        return stats;
    }
    for (const auto &[key, index] : std::as_const(held)) {
        if (expected.contains(key)) {
            if (!index.isValid() || index.data(icp::KeyRole).toString() != key) {
                QTest::qFail(qPrintable(QStringLiteral("persistent index of %1 lost its row").arg(key)), __FILE__, __LINE__);
                return stats;
            }
        } else if (index.isValid()) {
            QTest::qFail(qPrintable(QStringLiteral("persistent index of removed %1 still valid").arg(key)), __FILE__, __LINE__);
            return stats;
        }
    }
    return stats;
}
