#pragma once
// The Sync queue tab, the visual retry status: per region, applied vs pending, the retry budget and the breaker;
// below, every pending or in-flight batch with a live countdown to its next attempt.
#include "EngineSnapshot.h"
#include "StatusIcons.h"

#include <QElapsedTimer>
#include <QHash>
#include <QWidget>

class QGridLayout;
class QLabel;
class QProgressBar;
class QTableView;
class QTimer;

namespace icp {

class SyncQueueModel;
class TableFilterProxy;

class SyncQueueTab : public QWidget
{
    Q_OBJECT
public:
    explicit SyncQueueTab(QWidget *parent = nullptr);

    void applySnapshot(const icp::EngineSnapshot &snapshot);
    void setRegionFilter(const QString &region); // empty: all regions

    QTableView *view() const { return m_view; }
    SyncQueueModel *model() const { return m_model; }
    static constexpr int kCountdownTickMs = 250;

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    struct RegionRow
    {
        QLabel *name = nullptr;
        QLabel *stateIcon = nullptr;
        QLabel *state = nullptr;
        QProgressBar *progress = nullptr;
        QLabel *budget = nullptr;
        QLabel *breakerIcon = nullptr;
        QLabel *breaker = nullptr;
    };
    RegionRow &regionRow(const QString &region);
    void updateRegion(RegionRow &row, const RegionStatus &status);
    void applyRegionFilter();
    void tick();

    SyncQueueModel *m_model;
    TableFilterProxy *m_proxy;
    QTableView *m_view;
    QGridLayout *m_regions;
    QLabel *m_empty;
    QTimer *m_countdown;
    QHash<QString, RegionRow> m_regionRows;
    StatusIcons m_icons;
    QString m_regionFilter;
    qint64 m_snapshotAtMs = 0;
    QElapsedTimer m_sinceSnapshot;
    bool m_sized = false;
};

} // namespace icp
