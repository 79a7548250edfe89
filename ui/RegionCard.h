#pragma once
// One region at a glance: trunks registered/total with a health state (icon, words and colour), agents
// available / logged in, effective capacity, sync state, 409s and 429s in the last minute, p99 staleness.
#include "EngineSnapshot.h"

#include <QFrame>

#include <deque>
#include <optional>

class QGridLayout;
class QLabel;

namespace icp {

class RegionCard final : public QFrame
{
    Q_OBJECT
public:
    enum class TrunkHealth : quint8 { Unknown, AllRegistered, Degraded, Down };

    RegionCard(const QString &regionId, const QString &displayName, QWidget *parent = nullptr);

    QString regionId() const { return m_regionId; }
    // Either may be missing (no fleet monitor, or the region has not reported yet). atMs: the snapshot's time;
    // the last-minute 409/429 counts come from the cumulative counters over the last 60 s of snapshots when
    // the engine does not fill them.
    void apply(const RegionFleet *fleet, const RegionStatus *status, qint64 atMs = 0);
    void setSelected(bool selected);

    static TrunkHealth trunkHealth(const RegionFleet &fleet);
    static QString trunkHealthName(TrunkHealth health);

    // The texts shown, for tests and accessibility.
    QString trunksText() const;
    QString agentsText() const;
    QString capacityText() const;
    QString syncText() const;
    QString errorsText() const;
    QString stalenessText() const;

protected:
    void changeEvent(QEvent *event) override;

private:
    void render();
    QLabel *addRow(const QString &objectName, int column, QLabel **iconLabel = nullptr);

    QString m_regionId;
    QString m_displayName;
    std::optional<RegionFleet> m_fleet;
    std::optional<RegionStatus> m_status;
    struct CounterSample { qint64 atMs; qint64 conflicts; qint64 throttled; };
    std::deque<CounterSample> m_counters;
    int m_conflictsLastMinute = 0;
    int m_throttledLastMinute = 0;
    QLabel *m_title;
    QLabel *m_trunkIcon = nullptr;
    QLabel *m_trunks;
    QLabel *m_agents;
    QLabel *m_capacity;
    QLabel *m_syncIcon = nullptr;
    QLabel *m_sync;
    QLabel *m_errors;
    QLabel *m_staleness;
    QGridLayout *m_grid;
    int m_rows[2] = {1, 1};
};

} // namespace icp
