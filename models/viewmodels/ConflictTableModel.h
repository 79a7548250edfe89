#pragma once
// One row per recorded 409: when, where, the versions, who changed the group, attempts and what became of it.
#include "EngineSnapshot.h"
#include "KeyedTableModel.h"
#include "StatusIcons.h"

namespace icp {

class ConflictTableModel : public KeyedTableModel<ConflictRecord>
{
    Q_OBJECT
public:
    enum Column { Time, Region, Group, ExpectedVersion, CurrentVersion, ModifiedBy, Attempts, Resolution, ColumnCount };

    explicit ConflictTableModel(QObject *parent = nullptr);

    void applySnapshot(const EngineSnapshot &snapshot);
    // The record with this id, or nullptr.
    const ConflictRecord *record(qint64 id) const;

    static Severity resolutionSeverity(const QString &resolution);

protected:
    QString keyOf(const ConflictRecord &row) const override { return QString::number(row.id); }
    int columns() const override { return ColumnCount; }
    QString header(int column) const override;
    QString headerToolTip(int column) const override;
    QVariant cell(const ConflictRecord &row, int column, int role) const override;
    bool sameRow(const ConflictRecord &before, const ConflictRecord &after) const override;

private:
    QVariant display(const ConflictRecord &row, int column) const;

    StatusIcons m_icons;
};

} // namespace icp
