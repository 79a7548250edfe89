#include "SyncQueueTab.h"

#include "StatusIcons.h"
#include "SyncQueueModel.h"
#include "TableFilterProxy.h"

#include <QGridLayout>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QProgressBar>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace icp {

namespace {

Severity breakerSeverity(const QString &breaker)
{
    if (breaker == QLatin1String("open"))
        return Severity::Error;
    if (breaker == QLatin1String("half_open"))
        return Severity::Warning;
    return Severity::Ok;
}

QString breakerWords(const QString &breaker)
{
    if (breaker == QLatin1String("open"))
        return QObject::tr("breaker OPEN: writes paused");
    if (breaker == QLatin1String("half_open"))
        return QObject::tr("breaker half-open: probing");
    return QObject::tr("breaker closed");
}

} // namespace

SyncQueueTab::SyncQueueTab(QWidget *parent)
    : QWidget(parent)
    , m_model(new SyncQueueModel(this))
    , m_proxy(new TableFilterProxy(SyncQueueModel::Region, this))
    , m_view(new QTableView(this))
    , m_regions(new QGridLayout)
    , m_empty(new QLabel(this))
    , m_countdown(new QTimer(this))
{
    setObjectName(QStringLiteral("queue"));
    setAccessibleName(tr("Sync queue"));

    auto *regionsBox = new QGroupBox(tr("Regions: applied vs pending, retry budget, breaker"), this);
    regionsBox->setObjectName(QStringLiteral("queueRegions"));
    regionsBox->setAccessibleName(tr("Per-region sync progress"));
    regionsBox->setToolTip(tr("Changes applied against changes still pending, the client-side retry budget and the circuit breaker, per region"));
    regionsBox->setLayout(m_regions);
    m_regions->setColumnStretch(3, 1);

    m_proxy->setSourceModel(m_model);
    m_view->setObjectName(QStringLiteral("queueTable"));
    m_view->setAccessibleName(tr("Batches waiting or in flight"));
    m_view->setToolTip(tr("Every pending or in-flight batch, one per skill group; the countdown shows when it is retried"));
    m_view->setModel(m_proxy);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(SyncQueueModel::Region, Qt::AscendingOrder);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 8);
    m_view->horizontalHeader()->setStretchLastSection(true);

    m_empty->setObjectName(QStringLiteral("queueEmpty"));
    m_empty->setText(tr("Nothing waiting: every accepted change has been written."));
    m_empty->setAccessibleName(tr("Queue state"));
    m_empty->setToolTip(tr("Shown while no batch is pending or in flight"));

    m_countdown->setInterval(kCountdownTickMs);
    connect(m_countdown, &QTimer::timeout, this, &SyncQueueTab::tick);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(regionsBox);
    layout->addWidget(m_empty);
    layout->addWidget(m_view, 1);
}

SyncQueueTab::RegionRow &SyncQueueTab::regionRow(const QString &region)
{
    auto it = m_regionRows.find(region);
    if (it != m_regionRows.end())
        return *it;
    RegionRow row;
    const int r = m_regions->rowCount();
    row.name = new QLabel(region, this);
    row.name->setAccessibleName(tr("Region %1").arg(region));
    QFont bold = row.name->font();
    bold.setBold(true);
    row.name->setFont(bold);
    row.stateIcon = new QLabel(this);
    row.stateIcon->setAccessibleName(tr("%1 sync state icon").arg(region));
    row.stateIcon->setToolTip(tr("Check: running; triangle: paused or throttled; cross: circuit open or blocked"));
    row.breakerIcon = new QLabel(this);
    row.breakerIcon->setAccessibleName(tr("%1 breaker icon").arg(region));
    row.breakerIcon->setToolTip(tr("Check: closed; triangle: half-open; cross: open"));
    row.state = new QLabel(this);
    row.state->setAccessibleName(tr("%1 sync state").arg(region));
    row.state->setToolTip(tr("The region's sync state"));
    row.progress = new QProgressBar(this);
    row.progress->setObjectName(QStringLiteral("progress-") + region);
    row.progress->setAccessibleName(tr("%1 applied versus pending").arg(region));
    row.progress->setToolTip(tr("Changes applied out of applied plus pending in %1").arg(region));
    row.progress->setMinimumWidth(220);
    row.budget = new QLabel(this);
    row.budget->setObjectName(QStringLiteral("budget-") + region);
    row.budget->setAccessibleName(tr("%1 retry budget").arg(region));
    row.budget->setToolTip(tr("Retries the region may still spend; when empty, retries wait for the budget to refill"));
    row.breaker = new QLabel(this);
    row.breaker->setObjectName(QStringLiteral("breaker-") + region);
    row.breaker->setAccessibleName(tr("%1 circuit breaker").arg(region));
    row.breaker->setToolTip(tr("Circuit breaker: open stops writes after repeated failures, half-open probes"));
    m_regions->addWidget(row.name, r, 0);
    m_regions->addWidget(row.stateIcon, r, 1);
    m_regions->addWidget(row.state, r, 2);
    m_regions->addWidget(row.progress, r, 3);
    m_regions->addWidget(row.budget, r, 4);
    m_regions->addWidget(row.breakerIcon, r, 5);
    m_regions->addWidget(row.breaker, r, 6);
    return *m_regionRows.insert(region, row);
}

void SyncQueueTab::updateRegion(RegionRow &row, const RegionStatus &s)
{
    const Severity stateSeverity = s.state == RegionSyncState::Running || s.state == RegionSyncState::Resyncing
        ? Severity::Ok
        : (s.state == RegionSyncState::CircuitOpen || s.state == RegionSyncState::Blocked ? Severity::Error : Severity::Warning);
    row.stateIcon->setPixmap(m_icons.icon(stateSeverity).pixmap(16, 16));
    QString state = regionSyncStateName(s.state);
    if (s.state == RegionSyncState::Resyncing && s.resyncTotal > 0)
        state += QStringLiteral(" %1/%2").arg(s.resyncDone).arg(s.resyncTotal);
    row.state->setText(state);
    row.state->setToolTip(s.lastError.isEmpty() ? tr("Sync state: %1").arg(state)
                                                : tr("Sync state: %1\nLast error: %2").arg(state, s.lastError));
    const qint64 total = s.applied + s.pending + s.inFlight;
    if (total == 0) {
        row.progress->setRange(0, 1);
        row.progress->setValue(0);
    } else {
        // Scaled to per mille so large counters fit the bar's int range.
        row.progress->setRange(0, 1000);
        row.progress->setValue(int(1000 * s.applied / total));
    }
    row.progress->setFormat(tr("%1 applied · %2 pending · %3 in flight").arg(s.applied).arg(s.pending).arg(s.inFlight));
    row.budget->setText(tr("retry budget: %1").arg(s.retryBudgetTokens));
    const QString breaker = s.breakerState.isEmpty() ? QStringLiteral("closed") : s.breakerState;
    row.breakerIcon->setPixmap(m_icons.icon(breakerSeverity(breaker)).pixmap(16, 16));
    row.breaker->setText(breakerWords(breaker));
}

void SyncQueueTab::applySnapshot(const icp::EngineSnapshot &snapshot)
{
    m_snapshotAtMs = snapshot.atMs;
    m_sinceSnapshot.start();
    m_model->applySnapshot(snapshot);
    for (const RegionStatus &s : snapshot.regions)
        updateRegion(regionRow(s.region), s);
    applyRegionFilter();
    if (!m_sized && m_model->rowCount() > 0) {
        m_sized = true;
        m_view->resizeColumnsToContents();
        m_view->setColumnWidth(SyncQueueModel::NextAttempt, qMax(m_view->columnWidth(SyncQueueModel::NextAttempt), 110));
        m_view->setColumnWidth(SyncQueueModel::State, qMax(m_view->columnWidth(SyncQueueModel::State), 190));
    }
}

void SyncQueueTab::setRegionFilter(const QString &region)
{
    m_regionFilter = region;
    m_proxy->setRegion(region);
    applyRegionFilter();
}

void SyncQueueTab::applyRegionFilter()
{
    for (auto it = m_regionRows.cbegin(); it != m_regionRows.cend(); ++it) {
        const bool shown = m_regionFilter.isEmpty() || it.key() == m_regionFilter;
        for (QWidget *w : std::initializer_list<QWidget *>{it->name, it->stateIcon, it->state, it->progress, it->budget,
                                                            it->breakerIcon, it->breaker})
            w->setVisible(shown);
    }
    m_empty->setVisible(m_proxy->rowCount() == 0);
}

void SyncQueueTab::tick()
{
    if (m_snapshotAtMs > 0 && m_sinceSnapshot.isValid())
        m_model->setNow(m_snapshotAtMs + m_sinceSnapshot.elapsed());
}

void SyncQueueTab::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    m_countdown->start();
}

void SyncQueueTab::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    m_countdown->stop();
}

} // namespace icp
