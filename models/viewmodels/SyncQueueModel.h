#pragma once
// One row per pending or in-flight batch (one per region and skill group): its state, attempt n of max, a
// countdown to the next attempt computed from the clock the view gives, the last error.
#include "EngineSnapshot.h"
#include "KeyedTableModel.h"
#include "StatusIcons.h"

namespace icp {

class SyncQueueModel : public KeyedTableModel<BatchStatus>
{
    Q_OBJECT
public:
    enum Column { Region, SkillGroup, Agents, State, Attempt, NextAttempt, LastError, ColumnCount };

    explicit SyncQueueModel(QObject *parent = nullptr);

    // Applies the snapshot's batches; the clock becomes the snapshot's.
    void applySnapshot(const EngineSnapshot &snapshot);
    // Moves the clock the countdowns count against; only the countdown column is announced.
    void setNow(qint64 nowMs);
    qint64 now() const { return m_now; }

    static QString stateText(const BatchStatus &b);
    static Severity stateSeverity(const BatchStatus &b);
    static QString countdownText(const BatchStatus &b, qint64 nowMs);

protected:
    QString keyOf(const BatchStatus &row) const override { return row.region + QLatin1Char('/') + row.skillGroupId; }
    int columns() const override { return ColumnCount; }
    QString header(int column) const override;
    QString headerToolTip(int column) const override;
    QVariant cell(const BatchStatus &row, int column, int role) const override;
    bool sameRow(const BatchStatus &before, const BatchStatus &after) const override;

private:
    QVariant display(const BatchStatus &row, int column) const;

    StatusIcons m_icons;
    qint64 m_now = 0;
};

} // namespace icp
