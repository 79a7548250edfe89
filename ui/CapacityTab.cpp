#include "CapacityTab.h"

#include "Theme.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QEvent>
#include <QGridLayout>
#include <QLineSeries>
#include <QTimer>
#include <QValueAxis>

namespace icp {

namespace {
constexpr qint64 SampleEveryMs = 1000;

double niceCeiling(double v)
{
    if (v <= 5)
        return 5;
    double step = 1;
    while (step * 10 <= v)
        step *= 10;
    for (double m : {1.0, 2.0, 2.5, 5.0, 10.0}) {
        if (m * step >= v)
            return m * step;
    }
    return 10 * step;
}
} // namespace

CapacityTab::CapacityTab(const QStringList &regions, QWidget *parent)
    : QWidget(parent)
    , m_regions(regions)
    , m_refresh(new QTimer(this))
{
    setObjectName(QStringLiteral("capacity"));
    setAccessibleName(tr("Capacity charts"));
    auto *grid = new QGridLayout(this);
    grid->setContentsMargins(2, 2, 2, 2);
    int col = 0;
    for (const QString &r : regions) {
        RegionChart rc = makeRegionChart(r);
        grid->addWidget(rc.view, 0, col++);
        m_charts.insert(r, rc);
    }

    m_barChart = new QChart;
    m_barChart->setTitle(tr("Capacity per skill group"));
    m_bars = new QBarSeries;
    m_capacitySet = new QBarSet(tr("Capacity (available agents)"));
    m_effectiveSet = new QBarSet(tr("Effective capacity (registered trunks)"));
    m_bars->append(m_capacitySet);
    m_bars->append(m_effectiveSet);
    m_bars->setLabelsVisible(true);
    m_bars->setLabelsPosition(QAbstractBarSeries::LabelsOutsideEnd);
    m_barChart->addSeries(m_bars);
    m_barAxisX = new QBarCategoryAxis;
    m_barAxisY = new QValueAxis;
    m_barAxisY->setLabelFormat(QStringLiteral("%d"));
    m_barAxisY->setTickCount(3); // the bar chart is short; more ticks would elide their labels
    m_barChart->addAxis(m_barAxisX, Qt::AlignBottom);
    m_barChart->addAxis(m_barAxisY, Qt::AlignLeft);
    m_bars->attachAxis(m_barAxisX);
    m_bars->attachAxis(m_barAxisY);
    m_barChart->legend()->setAlignment(Qt::AlignBottom);
    m_barView = new QChartView(m_barChart);
    m_barView->setObjectName(QStringLiteral("groupCapacityChart"));
    m_barView->setAccessibleName(tr("Capacity per skill group"));
    m_barView->setRenderHint(QPainter::Antialiasing);
    grid->addWidget(m_barView, 1, 0, 1, qMax(1, col));
    grid->setRowStretch(0, 3);
    grid->setRowStretch(1, 2);

    applyPalette();
    m_refresh->setInterval(1000);
    // A hidden tab keeps sampling but does not redraw; showEvent catches the charts up.
    connect(m_refresh, &QTimer::timeout, this, [this]() {
        if (isVisible())
            refresh();
    });
    m_refresh->start();
}

CapacityTab::RegionChart CapacityTab::makeRegionChart(const QString &region)
{
    RegionChart rc;
    rc.chart = new QChart;
    rc.chart->setTitle(region);
    const QString names[LineCount] = {tr("Available agents"), tr("Effective capacity"), tr("Registered trunks")};
    // Line styles differ too, so the lines can be told apart without colour.
    const Qt::PenStyle styles[LineCount] = {Qt::SolidLine, Qt::DashLine, Qt::DotLine};
    rc.axisX = new QDateTimeAxis;
    rc.axisX->setFormat(QStringLiteral("HH:mm:ss"));
    rc.axisX->setTickCount(5);
    rc.axisY = new QValueAxis;
    rc.axisY->setLabelFormat(QStringLiteral("%d"));
    rc.axisY->setTitleText(tr("agents / capacity"));
    rc.axisY->setTickCount(6);
    rc.axisTrunks = new QValueAxis;
    rc.axisTrunks->setLabelFormat(QStringLiteral("%d"));
    rc.axisTrunks->setTitleText(tr("trunks"));
    rc.axisTrunks->setTickCount(6);
    rc.chart->addAxis(rc.axisX, Qt::AlignBottom);
    rc.chart->addAxis(rc.axisY, Qt::AlignLeft);
    rc.chart->addAxis(rc.axisTrunks, Qt::AlignRight);
    for (int i = 0; i < LineCount; ++i) {
        rc.series[i] = new QLineSeries;
        rc.series[i]->setName(names[i]);
        rc.chart->addSeries(rc.series[i]);
        rc.series[i]->attachAxis(rc.axisX);
        rc.series[i]->attachAxis(i == RegisteredTrunks ? rc.axisTrunks : rc.axisY);
        QPen pen = rc.series[i]->pen();
        pen.setStyle(styles[i]);
        pen.setWidthF(2);
        rc.series[i]->setPen(pen);
    }
    rc.chart->legend()->setAlignment(Qt::AlignBottom);
    rc.view = new QChartView(rc.chart);
    rc.view->setObjectName(QStringLiteral("capacityChart-") + region);
    rc.view->setAccessibleName(tr("%1 capacity over time").arg(region));
    rc.view->setRenderHint(QPainter::Antialiasing);
    rc.view->setMinimumHeight(180);
    return rc;
}

void CapacityTab::applySnapshot(const EngineSnapshot &snapshot)
{
    m_latestMs = qMax(m_latestMs, snapshot.atMs);
    for (const RegionFleet &f : snapshot.fleet) {
        auto it = m_charts.find(f.region);
        if (it == m_charts.end())
            continue;
        RegionChart &rc = *it;
        if (rc.lastSampleMs && snapshot.atMs - rc.lastSampleMs < SampleEveryMs)
            continue;
        rc.lastSampleMs = snapshot.atMs;
        const double x = double(snapshot.atMs);
        rc.points[AvailableAgents].append(QPointF(x, f.agentsAvailable));
        rc.points[EffectiveCapacity].append(QPointF(x, f.effectiveCapacity));
        rc.points[RegisteredTrunks].append(QPointF(x, f.trunksKnown ? f.trunksRegistered : 0));
        trim(rc, snapshot.atMs);
        rc.dirty = true;
    }
    if (!snapshot.groups.isEmpty()) {
        m_groups = snapshot.groups;
        m_groupsDirty = true;
    }
}

void CapacityTab::trim(RegionChart &rc, qint64 nowMs)
{
    const double oldest = double(nowMs - qint64(m_windowMinutes) * 60000);
    for (auto &pts : rc.points) {
        qsizetype drop = 0;
        while (drop < pts.size() && pts.at(drop).x() < oldest)
            ++drop;
        if (drop)
            pts.remove(0, drop);
    }
}

void CapacityTab::setWindowMinutes(int minutes)
{
    m_windowMinutes = qBound(1, minutes, 120);
    for (RegionChart &rc : m_charts) {
        trim(rc, m_latestMs);
        rc.dirty = true;
    }
    refresh();
}

void CapacityTab::setRegionFilter(const QString &region)
{
    m_filter = region;
    for (auto it = m_charts.begin(); it != m_charts.end(); ++it)
        it->view->setVisible(region.isEmpty() || it.key() == region);
    m_groupsDirty = true;
    refreshBars();
}

void CapacityTab::refresh()
{
    for (RegionChart &rc : m_charts) {
        if (!rc.dirty)
            continue;
        rc.dirty = false;
        double maxY = 0, maxTrunks = 0;
        for (int i = 0; i < LineCount; ++i) {
            rc.series[i]->replace(rc.points[i]); // one bulk update per series
            double &maxOfAxis = i == RegisteredTrunks ? maxTrunks : maxY;
            for (const QPointF &p : std::as_const(rc.points[i]))
                maxOfAxis = qMax(maxOfAxis, p.y());
        }
        const auto &pts = rc.points[AvailableAgents];
        if (!pts.isEmpty()) {
            // The axis spans the data until the window is full, then the window.
            const qint64 last = qint64(pts.last().x());
            const qint64 first = qMax(qint64(pts.first().x()), last - qint64(m_windowMinutes) * 60000);
            rc.axisX->setRange(QDateTime::fromMSecsSinceEpoch(first), QDateTime::fromMSecsSinceEpoch(qMax(last, first + 1000)));
        }
        rc.axisY->setRange(0, niceCeiling(maxY * 1.05));
        // Both value axes share five intervals, so their grid lines coincide and their labels have room.
        rc.axisTrunks->setRange(0, niceCeiling(maxTrunks + 1));
    }
    refreshBars();
}

void CapacityTab::refreshBars()
{
    if (!m_groupsDirty)
        return;
    m_groupsDirty = false;
    QStringList categories;
    QList<qreal> capacity, effective;
    double maxV = 0;
    for (const SkillGroupView &g : std::as_const(m_groups)) {
        if (!m_filter.isEmpty() && g.region != m_filter)
            continue;
        categories << (g.name.isEmpty() ? g.id : g.name);
        capacity << g.capacity;
        effective << g.effectiveCapacity;
        maxV = qMax(maxV, double(qMax(g.capacity, g.effectiveCapacity)));
    }
    if (categories != m_barAxisX->categories()) {
        m_barAxisX->clear();
        m_barAxisX->append(categories);
    }
    // Bulk: one replace per value keeps the sets' identity (and legend) while their values change.
    auto fill = [](QBarSet *set, const QList<qreal> &values) {
        if (set->count() != values.size()) {
            set->remove(0, set->count());
            set->append(values);
            return;
        }
        for (int i = 0; i < values.size(); ++i) {
            if (set->at(i) != values.at(i))
                set->replace(i, values.at(i));
        }
    };
    fill(m_capacitySet, capacity);
    fill(m_effectiveSet, effective);
    m_barAxisY->setRange(0, niceCeiling(maxV * 1.15));
}

QLineSeries *CapacityTab::series(const QString &region, Line line) const
{
    const auto it = m_charts.constFind(region);
    return it == m_charts.cend() ? nullptr : it->series[line];
}

QChartView *CapacityTab::regionChart(const QString &region) const
{
    const auto it = m_charts.constFind(region);
    return it == m_charts.cend() ? nullptr : it->view;
}

QStringList CapacityTab::barCategories() const
{
    return m_barAxisX->categories();
}

void CapacityTab::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    refresh();
}

void CapacityTab::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        applyPalette();
}

void CapacityTab::applyPalette()
{
    const QPalette pal = palette();
    const QChart::ChartTheme theme = isDark(pal) ? QChart::ChartThemeDark : QChart::ChartThemeLight;
    QList<QChart *> charts{m_barChart};
    for (const RegionChart &rc : std::as_const(m_charts))
        charts << rc.chart;
    for (QChart *c : charts) {
        if (c->theme() != theme)
            c->setTheme(theme);
        c->setBackgroundBrush(pal.color(QPalette::Base));
        c->setTitleBrush(pal.color(QPalette::Text));
        c->legend()->setLabelColor(pal.color(QPalette::Text));
    }
    // A theme resets pens; restore the line styles that carry meaning without colour.
    const Qt::PenStyle styles[LineCount] = {Qt::SolidLine, Qt::DashLine, Qt::DotLine};
    for (RegionChart &rc : m_charts) {
        for (int i = 0; i < LineCount; ++i) {
            QPen pen = rc.series[i]->pen();
            pen.setStyle(styles[i]);
            pen.setWidthF(2);
            rc.series[i]->setPen(pen);
        }
    }
    m_bars->setLabelsVisible(true);
    m_capacitySet->setLabelColor(pal.color(QPalette::Text));
    m_effectiveSet->setLabelColor(pal.color(QPalette::Text));
    // Bars differ by pattern as well as colour.
    QBrush hatch = m_effectiveSet->brush();
    hatch.setStyle(Qt::BDiagPattern);
    m_effectiveSet->setBrush(hatch);
}

} // namespace icp
