#pragma once
// Capacity over time (Qt Charts): per region, available agents, effective capacity and registered trunks as
// lines over the last N minutes (configurable); per skill group, capacity and effective capacity as bars.
// Snapshots are sampled at most once a second per region into bounded buffers; a one-second timer hands each
// buffer to its series in one QXYSeries::replace, so the chart redraws once a second whatever the data rate.
#include "EngineSnapshot.h"

#include <QHash>
#include <QList>
#include <QPointF>
#include <QWidget>

class QBarCategoryAxis;
class QBarSeries;
class QBarSet;
class QChart;
class QChartView;
class QDateTimeAxis;
class QLineSeries;
class QTimer;
class QValueAxis;

namespace icp {

class CapacityTab final : public QWidget
{
    Q_OBJECT
public:
    enum Line { AvailableAgents, EffectiveCapacity, RegisteredTrunks, LineCount };

    explicit CapacityTab(const QStringList &regions, QWidget *parent = nullptr);

    void applySnapshot(const icp::EngineSnapshot &snapshot);
    void setRegionFilter(const QString &region); // empty: all regions
    void setWindowMinutes(int minutes);
    int windowMinutes() const { return m_windowMinutes; }
    void refresh(); // hands the buffers to the charts now (the timer does this every second)

    QLineSeries *series(const QString &region, Line line) const;
    QChartView *regionChart(const QString &region) const;
    QBarSet *capacityBars() const { return m_capacitySet; }
    QBarSet *effectiveBars() const { return m_effectiveSet; }
    QStringList barCategories() const;

protected:
    void changeEvent(QEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    struct RegionChart
    {
        QChartView *view = nullptr;
        QChart *chart = nullptr;
        QLineSeries *series[LineCount] = {};
        QDateTimeAxis *axisX = nullptr;
        QValueAxis *axisY = nullptr;
        QValueAxis *axisTrunks = nullptr;
        QList<QPointF> points[LineCount];
        qint64 lastSampleMs = 0;
        bool dirty = false;
    };

    RegionChart makeRegionChart(const QString &region);
    void trim(RegionChart &rc, qint64 nowMs);
    void refreshBars();
    void applyPalette();

    QStringList m_regions;
    QHash<QString, RegionChart> m_charts;
    QString m_filter;
    int m_windowMinutes = 10;
    qint64 m_latestMs = 0;
    QList<SkillGroupView> m_groups;
    bool m_groupsDirty = false;

    QChartView *m_barView = nullptr;
    QChart *m_barChart = nullptr;
    QBarSeries *m_bars = nullptr;
    QBarSet *m_capacitySet = nullptr;
    QBarSet *m_effectiveSet = nullptr;
    QBarCategoryAxis *m_barAxisX = nullptr;
    QValueAxis *m_barAxisY = nullptr;
    QTimer *m_refresh = nullptr;
};

} // namespace icp
