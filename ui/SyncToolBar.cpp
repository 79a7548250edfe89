#include "SyncToolBar.h"

#include <QAction>
#include <QComboBox>
#include <QLabel>
#include <QProgressBar>
#include <QStyle>

namespace icp {

SyncToolBar::SyncToolBar(const QStringList &regions, QWidget *parent)
    : QToolBar(tr("Sync"), parent)
    , m_start(new QAction(tr("Start sync"), this))
    , m_pause(new QAction(tr("Pause"), this))
    , m_resume(new QAction(tr("Resume"), this))
    , m_resync(new QAction(tr("Resync now"), this))
    , m_toggle(new QAction(tr("Pause or resume"), this))
    , m_region(new QComboBox)
    , m_progress(new QProgressBar)
{
    setObjectName(QStringLiteral("syncToolBar"));
    setAccessibleName(tr("Sync controls"));
    setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    QStyle *st = style();
    m_start->setObjectName(QStringLiteral("startSync"));
    m_start->setIcon(st->standardIcon(QStyle::SP_MediaPlay));
    m_start->setToolTip(tr("Start sync: resume writing WFM changes to the ICP in every region"));
    m_pause->setObjectName(QStringLiteral("pause"));
    m_pause->setIcon(st->standardIcon(QStyle::SP_MediaPause));
    m_pause->setToolTip(tr("Pause writes in the selected region (Ctrl+P toggles); changes keep queueing and nothing "
                           "is lost"));
    m_resume->setObjectName(QStringLiteral("resume"));
    m_resume->setIcon(st->standardIcon(QStyle::SP_MediaSkipForward));
    m_resume->setToolTip(tr("Resume writes in the selected region (Ctrl+P toggles); also unblocks a region after "
                            "a credentials fix"));
    m_resync->setObjectName(QStringLiteral("resync"));
    m_resync->setIcon(st->standardIcon(QStyle::SP_BrowserReload));
    m_resync->setShortcut(QKeySequence(Qt::Key_F5));
    m_resync->setToolTip(tr("Resync now (F5): re-read every skill group of the selected region from the ICP"));
    m_toggle->setObjectName(QStringLiteral("pauseToggle"));
    m_toggle->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_P));
    m_toggle->setToolTip(tr("Pause the selected region if it is running, resume it if it is paused (Ctrl+P)"));
    for (QAction *a : {m_start, m_pause, m_resume, m_resync})
        a->setStatusTip(a->toolTip());

    addAction(m_start);
    addAction(m_pause);
    addAction(m_resume);
    addSeparator();
    addAction(m_resync);
    m_progress->setObjectName(QStringLiteral("resyncProgress"));
    m_progress->setAccessibleName(tr("Resync progress"));
    m_progress->setToolTip(tr("Skill groups re-read of those to re-read"));
    m_progress->setFormat(tr("Resync %v/%m"));
    m_progress->setMaximumWidth(160);
    m_progress->setTextVisible(true);
    m_progressAction = addWidget(m_progress);
    m_progressAction->setVisible(false);
    addSeparator();
    auto *label = new QLabel(tr("&Region:"));
    label->setBuddy(m_region);
    label->setContentsMargins(6, 0, 4, 0);
    addWidget(label);
    m_region->setObjectName(QStringLiteral("regionSelector"));
    m_region->setAccessibleName(tr("Region"));
    m_region->setToolTip(tr("Show and control one region, or all of them"));
    m_region->addItem(tr("All regions"), QString());
    for (const QString &r : regions)
        m_region->addItem(r, r);
    addWidget(m_region);

    connect(m_start, &QAction::triggered, this, [this]() { Q_EMIT startRequested(); });
    connect(m_pause, &QAction::triggered, this, [this]() { Q_EMIT pauseRequested(selectedRegion()); });
    connect(m_resume, &QAction::triggered, this, [this]() { Q_EMIT resumeRequested(selectedRegion()); });
    connect(m_resync, &QAction::triggered, this, [this]() { Q_EMIT resyncRequested(selectedRegion()); });
    connect(m_toggle, &QAction::triggered, this, [this]() {
        if (anyRunningInScope())
            Q_EMIT pauseRequested(selectedRegion());
        else
            Q_EMIT resumeRequested(selectedRegion());
    });
    connect(m_region, &QComboBox::currentIndexChanged, this, [this](int) {
        updateActions();
        Q_EMIT regionSelected(selectedRegion());
    });
    updateActions();
}

QString SyncToolBar::selectedRegion() const
{
    return m_region->currentData().toString();
}

void SyncToolBar::selectRegion(const QString &region)
{
    const int idx = m_region->findData(region);
    if (idx >= 0)
        m_region->setCurrentIndex(idx);
}

void SyncToolBar::applySnapshot(const EngineSnapshot &snapshot)
{
    m_regions = snapshot.regions;
    updateActions();
}

bool SyncToolBar::anyRunningInScope() const
{
    const QString scope = selectedRegion();
    for (const RegionStatus &r : m_regions) {
        if ((scope.isEmpty() || r.region == scope) && r.state != RegionSyncState::Paused)
            return true;
    }
    return m_regions.isEmpty();
}

bool SyncToolBar::anyPausedInScope() const
{
    const QString scope = selectedRegion();
    for (const RegionStatus &r : m_regions) {
        if ((scope.isEmpty() || r.region == scope)
            && (r.state == RegionSyncState::Paused || r.state == RegionSyncState::Blocked))
            return true;
    }
    return false;
}

void SyncToolBar::updateActions()
{
    const bool known = !m_regions.isEmpty();
    m_start->setEnabled(known && anyPausedInScope());
    m_pause->setEnabled(known && anyRunningInScope());
    m_resume->setEnabled(known && anyPausedInScope());
    m_resync->setEnabled(known);
    m_toggle->setEnabled(known);

    const QString scope = selectedRegion();
    int done = 0, total = 0;
    bool running = false;
    for (const RegionStatus &r : std::as_const(m_regions)) {
        if (!scope.isEmpty() && r.region != scope)
            continue;
        if (r.resyncTotal > 0 && r.resyncDone < r.resyncTotal)
            running = true;
        done += r.resyncDone;
        total += r.resyncTotal;
    }
    if (running) {
        m_progress->setRange(0, qMax(1, total));
        m_progress->setValue(done);
    }
    m_progressAction->setVisible(running);
}

} // namespace icp
