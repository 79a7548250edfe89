#pragma once
// One row per outbound campaign: its effective capacity, the pacing the engine recommends against what the
// campaign holds, when the console last applied it, and the auto-pacing switch (a checkable cell: toggling it
// asks for the change through autoPacingRequested; the engine's next snapshot confirms it).
#include "EngineSnapshot.h"
#include "KeyedTableModel.h"
#include "StatusIcons.h"

namespace icp {

class CampaignTableModel : public KeyedTableModel<CampaignRow>
{
    Q_OBJECT
public:
    enum Column {
        Name,
        Region,
        Capacity,     // effective capacity
        Trunks,       // registered trunks of the staffing groups
        Recommended,  // "60 lines · 3.0/agent"
        Applied,      // what the campaign holds
        LastApplied,  // when our last write was accepted
        Auto,         // checkable
        State,        // in step, pending raise, write state
        Error,
        ColumnCount
    };

    explicit CampaignTableModel(QObject *parent = nullptr);

    void applySnapshot(const EngineSnapshot &snapshot);
    qint64 now() const { return m_now; }

    Qt::ItemFlags flags(const QModelIndex &index) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;

    static QString pacingText(const PacingSetting &p);
    // Whether the campaign holds what is recommended.
    static bool inStep(const CampaignRow &row);

Q_SIGNALS:
    void autoPacingRequested(const QString &campaignId, bool on);

protected:
    QString keyOf(const CampaignRow &row) const override { return row.id; }
    int columns() const override { return ColumnCount; }
    QString header(int column) const override;
    QString headerToolTip(int column) const override;
    QVariant cell(const CampaignRow &row, int column, int role) const override;
    bool cellChanged(const CampaignRow &before, const CampaignRow &after, int column) const override;

private:
    QVariant display(const CampaignRow &row, int column) const;
    QVariant sortValue(const CampaignRow &row, int column) const;
    Severity severity(const CampaignRow &row) const;

    StatusIcons m_icons;
    qint64 m_now = 0;
};

} // namespace icp
