#include "MainWindow.h"

#include "CampaignTableModel.h"
#include "CampaignsTab.h"
#include "CapacityTab.h"
#include "ConflictsTab.h"
#include "ConsoleStatusBar.h"
#include "DeadLettersTab.h"
#include "EngineConfig.h"
#include "EngineHost.h"
#include "KeychainSecretStore.h"
#include "LogCapture.h"
#include "LogDock.h"
#include "RegionCard.h"
#include "SettingsDialog.h"
#include "SyncQueueTab.h"
#include "SyncToolBar.h"
#include "TrayNotifier.h"
#include "TrunksTab.h"

#include <QApplication>
#include <QCloseEvent>
#include <QHBoxLayout>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLoggingCategory>
#include <QMenuBar>
#include <QMessageBox>
#include <QScrollArea>
#include <QSettings>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace icp {

namespace {
Q_LOGGING_CATEGORY(lcConsole, "icp.console")
Q_LOGGING_CATEGORY(lcEngine, "icp.engine")
Q_LOGGING_CATEGORY(lcAudit, "icp.audit")

const QString GeometryKey = QStringLiteral("window/geometry");
const QString StateKey = QStringLiteral("window/state");
const QString SplitterKey = QStringLiteral("window/splitter");
const QString TabKey = QStringLiteral("window/tab");
} // namespace

QIcon MainWindow::applicationIcon()
{
    QIcon icon;
    for (int size : {16, 32, 64, 128, 256})
        icon.addFile(QStringLiteral(":/icp/icons/icp-console-%1.png").arg(size), QSize(size, size));
    return icon;
}

QStringList MainWindow::tabNames()
{
    return {QStringLiteral("trunks"), QStringLiteral("capacity"), QStringLiteral("queue"),
            QStringLiteral("conflicts"), QStringLiteral("deadletters"), QStringLiteral("campaigns")};
}

MainWindow::MainWindow(EngineHost *host, SecretStore *secrets, QWidget *parent)
    : QMainWindow(parent)
    , m_host(host)
    , m_secrets(secrets ? secrets : new KeychainSecretStore(QStringLiteral("icp-sync-console"), this))
    , m_toolBar(new SyncToolBar(host->regionIds(), this))
    , m_splitter(new QSplitter(Qt::Vertical))
    , m_tabs(new QTabWidget)
    , m_trunks(new TrunksTab)
    , m_capacity(new CapacityTab(host->regionIds()))
    , m_queue(new SyncQueueTab)
    , m_conflicts(new ConflictsTab)
    , m_deadLetters(new DeadLettersTab)
    , m_campaigns(new CampaignsTab)
    , m_status(new ConsoleStatusBar(host->regionIds()))
    , m_log(new LogDock(this))
    , m_logCapture(new LogCapture(this))
    , m_tray(nullptr)
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("ICP Sync Console"));
    setWindowIcon(applicationIcon());
    m_tray = new TrayNotifier(windowIcon(), this);

    // Settings: defaults from the engine's own, regions from the engine.
    ConsoleSettings defaults = ConsoleSettings::fromEngineConfig(EngineConfig{});
    for (const QString &r : host->regionIds())
        defaults.regions << RegionSettings{r, {}, {}, {}, {}};
    QSettings qs;
    m_settings = ConsoleSettings::load(qs, defaults);
    for (const QString &r : host->regionIds()) {
        if (!m_settings.region(r))
            m_settings.regions << RegionSettings{r, {}, {}, {}, {}};
    }

    // Region cards along the top.
    auto *strip = new QWidget;
    strip->setObjectName(QStringLiteral("regionCards"));
    auto *stripLayout = new QHBoxLayout(strip);
    stripLayout->setContentsMargins(4, 4, 4, 4);
    for (const QString &r : host->regionIds()) {
        auto *card = new RegionCard(r, QString());
        m_cards.insert(r, card);
        stripLayout->addWidget(card);
    }
    auto *scroll = new QScrollArea;
    scroll->setWidget(strip);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    scroll->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setMinimumHeight(strip->sizeHint().height() + 4);

    const QStringList names = tabNames();
    QWidget *pages[] = {m_trunks, m_capacity, m_queue, m_conflicts, m_deadLetters, m_campaigns};
    const QString titles[] = {tr("&Trunks"), tr("&Capacity"), tr("Sync &queue"), tr("Co&nflicts"), tr("&Dead letters"),
                              tr("Ca&mpaigns")};
    for (int i = 0; i < 6; ++i) {
        pages[i]->setObjectName(names.at(i));
        // A page taller than the window scrolls instead of forcing the window's minimum height (laptop screens).
        auto *pageScroll = new QScrollArea;
        pageScroll->setObjectName(names.at(i) + QStringLiteral("Scroll"));
        pageScroll->setWidget(pages[i]);
        pageScroll->setWidgetResizable(true);
        pageScroll->setFrameShape(QFrame::NoFrame);
        m_tabs->addTab(pageScroll, titles[i]);
    }
    connect(m_tabs, &QTabWidget::currentChanged, this, [this](int index) { catchUp(index); });
    m_tabs->setObjectName(QStringLiteral("tabs"));
    m_tabs->setAccessibleName(tr("Views"));
    m_tabs->setDocumentMode(true);

    m_splitter->setObjectName(QStringLiteral("mainSplitter"));
    m_splitter->addWidget(scroll);
    m_splitter->addWidget(m_tabs);
    m_splitter->setStretchFactor(0, 0);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setChildrenCollapsible(false);
    if (host->allowsInsecureTls()) {
        // Labs only: the engine accepts any TLS certificate. Impossible to miss, impossible to dismiss.
        auto *central = new QWidget;
        auto *column = new QVBoxLayout(central);
        column->setContentsMargins(0, 0, 0, 0);
        column->setSpacing(0);
        m_insecureBanner = new QLabel(tr("INSECURE: TLS certificates are not checked (--allow-insecure-tls). Anyone on "
                                         "the network path can read and change what this console sends. Lab use only."));
        m_insecureBanner->setObjectName(QStringLiteral("insecureTlsBanner"));
        m_insecureBanner->setWordWrap(true);
        m_insecureBanner->setAccessibleName(tr("Insecure TLS warning"));
        m_insecureBanner->setStyleSheet(QStringLiteral(
            "QLabel#insecureTlsBanner { background: #c62828; color: white; font-weight: bold; padding: 6px 10px; }"));
        column->addWidget(m_insecureBanner);
        column->addWidget(m_splitter, 1);
        setCentralWidget(central);
        setWindowTitle(tr("ICP Sync Console - INSECURE TLS"));
    } else {
        setCentralWidget(m_splitter);
    }

    addToolBar(Qt::TopToolBarArea, m_toolBar);
    addAction(m_toolBar->pauseToggleAction()); // Ctrl+P anywhere in the window
    setStatusBar(m_status);
    addDockWidget(Qt::BottomDockWidgetArea, m_log);
    buildMenus();

    // Commands: queued to the engine thread by the host; nothing waits.
    connect(m_toolBar, &SyncToolBar::startRequested, this, [this]() {
        m_host->startSync();
    });
    connect(m_toolBar, &SyncToolBar::pauseRequested, this, [this](const QString &region) {
        m_host->pause(region);
    });
    connect(m_toolBar, &SyncToolBar::resumeRequested, this, [this](const QString &region) {
        m_host->resume(region);
    });
    connect(m_toolBar, &SyncToolBar::resyncRequested, this, [this](const QString &region) {
        m_host->resync(region);
    });
    connect(m_toolBar, &SyncToolBar::regionSelected, this, &MainWindow::setRegionFilter);
    connect(m_deadLetters, &DeadLettersTab::retryRequested, this, [this](const QList<qint64> &ids) {
        m_host->retryDeadLetters(ids);
    });
    connect(m_deadLetters, &DeadLettersTab::discardRequested, this, [this](const QList<qint64> &ids) {
        m_host->discardDeadLetters(ids);
    });

    connect(m_campaigns, &CampaignsTab::autoPacingRequested, this, [this](const QString &campaignId, bool on) {
        m_host->setAutoPacing(campaignId, on);
    });
    connect(m_campaigns, &CampaignsTab::applyNowRequested, this, [this](const QString &campaignId) {
        m_host->applyPacingNow(campaignId);
    });
    connect(m_host, &EngineHost::snapshotReady, this, &MainWindow::applySnapshot);
    // Every supervisor action is in the audit trail (the outbox database) and, as it is committed, in the log.
    connect(m_host, &EngineHost::audited, this, [](const AuditEntry &entry, const QString &error) {
        if (error.isEmpty())
            qCInfo(lcAudit).noquote() << "Audit:" << entry.describe();
        else
            qCWarning(lcAudit).noquote() << "Audit trail could not record" << entry.describe() << "-" << error;
    });
    connect(m_host, &EngineHost::message, this, [](const QString &, const QString &text) {
        qCInfo(lcEngine).noquote() << text;
    });
    connect(m_host, &EngineHost::deadLetterActionDone, this, [this](const QString &summary) {
        qCInfo(lcConsole).noquote() << summary;
        m_status->showMessage(summary, 15000);
    });
    connect(m_host, &EngineHost::failed, this, [this](const QString &error) {
        qCCritical(lcEngine).noquote() << error;
        m_status->showMessage(tr("Sync engine failed: %1").arg(error));
    });
    connect(m_tray, &TrayNotifier::notified, this, [](const TrayNotification &n) {
        qCWarning(lcConsole).noquote() << n.title << "-" << n.text;
    });
    connect(m_secrets, &SecretStore::secretWritten, this, [this](const QString &key, const QString &error) {
        if (error.isEmpty())
            m_status->showMessage(tr("Stored %1 in the system keychain").arg(key), 8000);
        else
            qCWarning(lcConsole).noquote() << error;
    });

    m_logCapture->install();
    connect(m_logCapture, &LogCapture::messageLogged, m_log, &LogDock::addEntry);

    applySettings(m_settings);
    restoreWindowState();
    if (m_host->lastSnapshot().atMs > 0)
        applySnapshot(m_host->lastSnapshot());
}

MainWindow::~MainWindow()
{
    m_logCapture->uninstall();
}

void MainWindow::buildMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *settings = file->addAction(tr("&Settings..."), this, &MainWindow::openSettings);
    settings->setObjectName(QStringLiteral("openSettings"));
    settings->setShortcut(QKeySequence::Preferences);
    settings->setToolTip(tr("Region endpoints, credentials and the sync engine's knobs"));
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
    quit->setToolTip(tr("Close the console; queued changes stay in the outbox for the next start"));

    QMenu *sync = menuBar()->addMenu(tr("&Sync"));
    sync->addAction(m_toolBar->startAction());
    sync->addAction(m_toolBar->pauseAction());
    sync->addAction(m_toolBar->resumeAction());
    sync->addAction(m_toolBar->pauseToggleAction());
    sync->addSeparator();
    sync->addAction(m_toolBar->resyncAction());
    sync->setToolTipsVisible(true);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    QAction *log = m_log->toggleViewAction();
    log->setToolTip(tr("Show or hide the application log"));
    view->addAction(log);
    QAction *bar = m_toolBar->toggleViewAction();
    bar->setToolTip(tr("Show or hide the sync toolbar"));
    view->addAction(bar);
    view->setToolTipsVisible(true);

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    QAction *about = help->addAction(tr("&About"), this, [this]() {
        auto *box = new QMessageBox(QMessageBox::Information, tr("About ICP Sync Console"),
                                    tr("ICP Sync Console %1\nConflict-aware WFM to ICP capacity sync.")
                                        .arg(QApplication::applicationVersion()),
                                    QMessageBox::Ok, this);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    });
    about->setToolTip(tr("Version and purpose of this console"));
    file->setToolTipsVisible(true);
    help->setToolTipsVisible(true);
}

void MainWindow::applySnapshot(const EngineSnapshot &snapshot)
{
    ++m_snapshotsApplied;
    for (auto it = m_cards.begin(); it != m_cards.end(); ++it) {
        const RegionFleet *fleet = nullptr;
        const RegionStatus *status = nullptr;
        for (const auto &f : snapshot.fleet) {
            if (f.region == it.key())
                fleet = &f;
        }
        for (const auto &s : snapshot.regions) {
            if (s.region == it.key())
                status = &s;
        }
        (*it)->apply(fleet, status, snapshot.atMs);
    }
    m_toolBar->applySnapshot(snapshot);
    // The capacity tab samples every snapshot into its history (cheap; it redraws only while visible); the table
    // tabs format rows, so only the visible one takes the snapshot now and the others when shown.
    m_capacity->applySnapshot(snapshot);
    m_latest = snapshot;
    m_staleTabs = ~quint32(0);
    catchUp(m_tabs->currentIndex());
    m_status->applySnapshot(snapshot);
    m_tray->applySnapshot(snapshot);
    const qint64 open = snapshot.outbox.deadLettersOpen;
    m_tabs->setTabText(tabNames().indexOf(QStringLiteral("deadletters")), open > 0 ? tr("&Dead letters (%1)").arg(open) : tr("&Dead letters"));
}

void MainWindow::catchUp(int tabIndex) const
{
    if (tabIndex < 0 || tabIndex >= 32 || !(m_staleTabs & (1u << tabIndex)))
        return;
    m_staleTabs &= ~(1u << tabIndex);
    switch (tabIndex) {
    case 0: m_trunks->applySnapshot(m_latest); break;
    case 2: m_queue->applySnapshot(m_latest); break;
    case 3: m_conflicts->applySnapshot(m_latest); break;
    case 4: m_deadLetters->applySnapshot(m_latest); break;
    case 5: m_campaigns->applySnapshot(m_latest); break;
    default: break; // the capacity tab takes every snapshot
    }
}

TrunksTab *MainWindow::trunksTab() const
{
    catchUp(int(tabNames().indexOf(QStringLiteral("trunks"))));
    return m_trunks;
}

SyncQueueTab *MainWindow::syncQueueTab() const
{
    catchUp(int(tabNames().indexOf(QStringLiteral("queue"))));
    return m_queue;
}

ConflictsTab *MainWindow::conflictsTab() const
{
    catchUp(int(tabNames().indexOf(QStringLiteral("conflicts"))));
    return m_conflicts;
}

DeadLettersTab *MainWindow::deadLettersTab() const
{
    catchUp(int(tabNames().indexOf(QStringLiteral("deadletters"))));
    return m_deadLetters;
}

CampaignsTab *MainWindow::campaignsTab() const
{
    catchUp(int(tabNames().indexOf(QStringLiteral("campaigns"))));
    return m_campaigns;
}

void MainWindow::setRegionFilter(const QString &region)
{
    for (auto it = m_cards.begin(); it != m_cards.end(); ++it)
        (*it)->setSelected(!region.isEmpty() && it.key() == region);
    m_trunks->setRegionFilter(region);
    m_capacity->setRegionFilter(region);
    m_queue->setRegionFilter(region);
    m_conflicts->setRegionFilter(region);
    m_deadLetters->setRegionFilter(region);
    m_campaigns->setRegionFilter(region);
}

bool MainWindow::showTab(const QString &name)
{
    const int idx = tabNames().indexOf(name);
    if (idx < 0)
        return false;
    m_tabs->setCurrentIndex(idx);
    return true;
}

QString MainWindow::currentTabName() const
{
    return tabNames().value(m_tabs->currentIndex());
}

bool MainWindow::autoPaceFirstCampaign()
{
    catchUp(int(tabNames().indexOf(QStringLiteral("campaigns"))));
    CampaignTableModel *model = m_campaigns->model();
    if (model->rowCount() == 0)
        return false;
    model->setData(model->index(0, CampaignTableModel::Auto), Qt::Checked, Qt::CheckStateRole);
    return m_campaigns->selectCampaign(model->rowAt(0).id);
}

bool MainWindow::selectFirstConflict()
{
    catchUp(int(tabNames().indexOf(QStringLiteral("conflicts"))));
    // The Conflicts tab's table is its table view (a combo box's popup list lives in another window); the
    // inspector follows its selection.
    const auto views = m_conflicts->findChildren<QTableView *>();
    for (QTableView *view : views) {
        if (view->window() != this || !view->model() || view->model()->rowCount() == 0 || !view->selectionModel())
            continue;
        if (view->selectionModel()->hasSelection())
            return true;
        const QModelIndex first = view->model()->index(0, 0);
        view->setCurrentIndex(first);
        view->selectionModel()->select(first, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        return true;
    }
    return false;
}

void MainWindow::openSettings()
{
    auto *dialog = new SettingsDialog(m_settings, m_secrets, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog]() {
        const ConsoleSettings before = m_settings;
        m_settings = dialog->settings();
        if (const QStringList changed = m_settings.differencesFrom(before); !changed.isEmpty())
            m_host->recordAudit(QStringLiteral("settings"), {}, changed.join(QStringLiteral(", ")));
        QSettings qs;
        m_settings.save(qs);
        applySettings(m_settings);
        qCInfo(lcConsole) << "Settings saved; engine settings apply at the next start";
    });
    dialog->open(); // window-modal without a nested event loop
}

void MainWindow::applySettings(const ConsoleSettings &settings)
{
    m_capacity->setWindowMinutes(settings.chartWindowMinutes);
    if (settings.theme != Theme::System)
        applyTheme(settings.theme);
}

void MainWindow::restoreWindowState()
{
    QSettings qs;
    if (!restoreGeometry(qs.value(GeometryKey).toByteArray()))
        resize(1280, 800);
    if (!restoreState(qs.value(StateKey).toByteArray()))
        resizeDocks({m_log}, {150}, Qt::Vertical);
    m_splitter->restoreState(qs.value(SplitterKey).toByteArray());
    const int tab = qs.value(TabKey, 0).toInt();
    if (tab >= 0 && tab < m_tabs->count())
        m_tabs->setCurrentIndex(tab);
}

void MainWindow::saveWindowState() const
{
    QSettings qs;
    qs.setValue(GeometryKey, saveGeometry());
    qs.setValue(StateKey, saveState());
    qs.setValue(SplitterKey, m_splitter->saveState());
    qs.setValue(TabKey, m_tabs->currentIndex());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveWindowState();
    QMainWindow::closeEvent(event);
}

} // namespace icp
