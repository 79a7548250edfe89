#pragma once
// One row per BYOC trunk: registration of each register proxy and since when, calls, capacity, skill group.
#include "EngineSnapshot.h"
#include "KeyedTableModel.h"
#include "StatusIcons.h"

#include <QSet>

namespace icp {

class TrunkTableModel : public KeyedTableModel<TrunkView>
{
    Q_OBJECT
public:
    enum Column {
        Name,
        Region,
        Registration, // "2/2 registered"
        Proxies,      // each proxy, its state and the time since it changed
        SinceChange,  // since the trunk's registration last changed
        Error,        // the error text of a failing proxy
        InService,
        Connected,
        Inbound,
        Outbound,
        Capacity,     // maxConcurrentCalls
        SkillGroup,
        ColumnCount
    };

    explicit TrunkTableModel(QObject *parent = nullptr);

    // Applies the snapshot's trunks; returns the ids of kept trunks whose registration changed.
    QStringList applySnapshot(const EngineSnapshot &snapshot);
    // Rows of these trunks report FlashRole and a highlighted background until the set changes.
    void setFlashing(const QSet<QString> &trunkIds);
    qint64 now() const { return m_now; }

    static Severity registrationSeverity(const Trunk &trunk);

protected:
    QString keyOf(const TrunkView &row) const override { return row.trunk.id; }
    int columns() const override { return ColumnCount; }
    QString header(int column) const override;
    QString headerToolTip(int column) const override;
    QVariant cell(const TrunkView &row, int column, int role) const override;
    bool sameRow(const TrunkView &before, const TrunkView &after) const override;

private:
    QVariant display(const TrunkView &row, int column) const;
    QVariant sortValue(const TrunkView &row, int column) const;
    QString proxiesText(const Trunk &trunk, const QString &separator, bool shortNames) const;

    StatusIcons m_icons;
    qint64 m_now = 0;
    QSet<QString> m_flashing;
};

} // namespace icp
