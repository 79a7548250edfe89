#pragma once
// One row per open dead letter: the change that could not be applied, where, how often it was tried and why.
#include "EngineSnapshot.h"
#include "KeyedTableModel.h"
#include "StatusIcons.h"

namespace icp {

class DeadLetterModel : public KeyedTableModel<DeadLetter>
{
    Q_OBJECT
public:
    enum Column { DeadAt, Region, Group, Agent, Change, Attempts, Reason, ColumnCount };

    explicit DeadLetterModel(QObject *parent = nullptr);

    void applySnapshot(const EngineSnapshot &snapshot);
    const DeadLetter *deadLetter(qint64 id) const;

protected:
    QString keyOf(const DeadLetter &row) const override { return QString::number(row.id); }
    int columns() const override { return ColumnCount; }
    QString header(int column) const override;
    QVariant cell(const DeadLetter &row, int column, int role) const override;

private:
    QVariant display(const DeadLetter &row, int column) const;

    StatusIcons m_icons;
};

} // namespace icp
