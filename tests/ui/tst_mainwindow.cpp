// The window against the real engine: ConsoleRuntime (embedded simulator over loopback HTTP, engine on its
// worker thread, the scenario's WFM feed) and a MainWindow. Clicks go through the toolbar; the assertions read
// later snapshots, so they hold only if the engine obeyed.
#include "AuditTrail.h"
#include "CapacityTab.h"
#include "ConsoleRuntime.h"
#include "ConsoleStatusBar.h"
#include "DeadLettersTab.h"
#include "LogDock.h"
#include "LogModel.h"
#include "MainWindow.h"
#include "MemorySecretStore.h"
#include "MetaTypes.h"
#include "RegionCard.h"
#include "SyncToolBar.h"
#include "TrunksTab.h"

#include <QAction>
#include <QChartView>
#include <QComboBox>
#include <QLabel>
#include <QProgressBar>
#include <QSettings>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

#include <memory>

using namespace icp;

namespace {
const QString kApse1 = QStringLiteral("ap-southeast-1");
const QString kUse1 = QStringLiteral("us-east-1");
constexpr int kTimeoutMs = 10000;

Scenario seedPeak()
{
    QString error;
    auto sc = Scenario::load(QStringLiteral("seed-peak"), &error);
    if (!sc)
        qFatal("%s", qPrintable(error));
    return *sc;
}

bool allRegions(const EngineSnapshot &s, const std::function<bool(const RegionStatus &)> &pred)
{
    if (s.regions.isEmpty())
        return false;
    for (const RegionStatus &r : s.regions) {
        if (!pred(r))
            return false;
    }
    return true;
}
} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void pauseAndResumeFromTheToolbar();
    void ctrlPTogglesPause();
    void resyncShowsProgressAndCompletes();
    void regionSelectorFilters();
    void regionCardShowsTheSnapshot();
    void retriedDeadLettersReportInTheStatusBar();
    void logDockShowsAuditedActions();
    void geometryAndSplitterPersist();
    void insecureTlsShowsARedBanner();

private:
    bool startConsole(EngineConfig config = {}, bool allowInsecureTls = false);
    EngineHost *host() const { return m_runtime->engine(); }
    EngineSnapshot last() const { return m_runtime->engine()->lastSnapshot(); }
    void click(QAction *action);

    QTemporaryDir m_config;
    std::unique_ptr<MemorySecretStore> m_secrets;
    std::unique_ptr<ConsoleRuntime> m_runtime;
    std::unique_ptr<MainWindow> m_window;
};

void TestMainWindow::initTestCase()
{
    registerMetaTypes();
    QVERIFY(m_config.isValid());
    // Keep the window's QSettings away from the user's configuration.
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_config.path());
    QCoreApplication::setOrganizationName(QStringLiteral("icp-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_mainwindow"));
}

void TestMainWindow::cleanup()
{
    m_window.reset();
    m_runtime.reset();
    m_secrets.reset();
}

bool TestMainWindow::startConsole(EngineConfig config, bool allowInsecureTls)
{
    ConsoleRuntimeOptions o;
    o.scenario = seedPeak();
    o.config = config;
    o.allowInsecureTls = allowInsecureTls;
    m_runtime = std::make_unique<ConsoleRuntime>(o);
    QSignalSpy ready(m_runtime.get(), &ConsoleRuntime::ready);
    QSignalSpy failed(m_runtime.get(), &ConsoleRuntime::failed);
    m_runtime->start();
    if (!QTest::qWaitFor([&]() { return ready.count() + failed.count() > 0; }, kTimeoutMs) || failed.count())
        return false;
    m_secrets = std::make_unique<MemorySecretStore>();
    m_window = std::make_unique<MainWindow>(host(), m_secrets.get());
    m_window->show();
    return QTest::qWaitFor([&]() { return m_window->snapshotsApplied() > 0; }, kTimeoutMs);
}

void TestMainWindow::click(QAction *action)
{
    QVERIFY(action->isEnabled());
    auto *button = qobject_cast<QToolButton *>(m_window->syncToolBar()->widgetForAction(action));
    QVERIFY2(button, qPrintable(action->objectName()));
    QTest::mouseClick(button, Qt::LeftButton);
}

void TestMainWindow::pauseAndResumeFromTheToolbar()
{
    QVERIFY(startConsole());
    SyncToolBar *bar = m_window->syncToolBar();
    QTRY_VERIFY_WITH_TIMEOUT(bar->pauseAction()->isEnabled(), kTimeoutMs);
    QVERIFY(!allRegions(last(), [](const RegionStatus &r) { return r.state == RegionSyncState::Paused; }));

    click(bar->pauseAction());
    QTRY_VERIFY_WITH_TIMEOUT(allRegions(last(), [](const RegionStatus &r) { return r.state == RegionSyncState::Paused; }),
                             kTimeoutMs);
    QVERIFY(m_window->regionCard(kApse1)->syncText().startsWith(QStringLiteral("Sync paused")));
    QVERIFY(bar->resumeAction()->isEnabled());
    QVERIFY(!bar->pauseAction()->isEnabled());

    click(bar->resumeAction());
    QTRY_VERIFY_WITH_TIMEOUT(allRegions(last(), [](const RegionStatus &r) { return r.state != RegionSyncState::Paused; }),
                             kTimeoutMs);
    QVERIFY(!m_window->regionCard(kUse1)->syncText().startsWith(QStringLiteral("Sync paused")));
}

void TestMainWindow::ctrlPTogglesPause()
{
    QVERIFY(startConsole());
    SyncToolBar *bar = m_window->syncToolBar();
    QAction *toggle = bar->pauseToggleAction();
    QCOMPARE(toggle->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_P));
    QCOMPARE(bar->resyncAction()->shortcut(), QKeySequence(Qt::Key_F5));
    QVERIFY(m_window->actions().contains(toggle)); // reachable anywhere in the window
    // Only one region: the other must keep running.
    bar->regionSelector()->setCurrentIndex(bar->regionSelector()->findData(kUse1));
    QTRY_VERIFY_WITH_TIMEOUT(toggle->isEnabled(), kTimeoutMs);
    toggle->trigger();
    auto stateOf = [this](const QString &region) {
        for (const RegionStatus &r : last().regions) {
            if (r.region == region)
                return r.state;
        }
        return RegionSyncState::Blocked;
    };
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(kUse1), RegionSyncState::Paused, kTimeoutMs);
    QVERIFY(stateOf(kApse1) != RegionSyncState::Paused);
    toggle->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(stateOf(kUse1) != RegionSyncState::Paused, kTimeoutMs);
}

void TestMainWindow::resyncShowsProgressAndCompletes()
{
    QVERIFY(startConsole());
    SyncToolBar *bar = m_window->syncToolBar();
    QProgressBar *progress = bar->resyncProgress();
    QTRY_VERIFY_WITH_TIMEOUT(bar->resyncAction()->isEnabled(), kTimeoutMs);
    QVERIFY(!progress->isVisible());
    bool sawProgress = false;
    int sawMaximum = 0;
    // Runs after the window's own handler (connected later), so the bar already shows this snapshot.
    connect(host(), &EngineHost::snapshotReady, this, [&](const EngineSnapshot &) {
        if (progress->isVisible()) {
            sawProgress = true;
            sawMaximum = qMax(sawMaximum, progress->maximum());
        }
    });
    click(bar->resyncAction());
    QTRY_VERIFY_WITH_TIMEOUT(sawProgress, kTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(allRegions(last(), [](const RegionStatus &r) {
                                 return r.resyncTotal > 0 && r.resyncDone == r.resyncTotal;
                             }),
                             kTimeoutMs);
    int total = 0;
    for (const RegionStatus &r : last().regions)
        total += r.resyncTotal;
    QCOMPARE(total, 8);          // every skill group of both regions re-read
    QCOMPARE(sawMaximum, total); // the bar counted them
    QTRY_VERIFY(!progress->isVisible());
}

void TestMainWindow::regionSelectorFilters()
{
    QVERIFY(startConsole());
    QTRY_VERIFY_WITH_TIMEOUT(!last().trunks.isEmpty(), kTimeoutMs);
    QTableView *trunkView = m_window->trunksTab()->findChild<QTableView *>();
    QVERIFY(trunkView && trunkView->model());
    QTRY_COMPARE_WITH_TIMEOUT(trunkView->model()->rowCount(), 15, kTimeoutMs);

    QComboBox *selector = m_window->syncToolBar()->regionSelector();
    QCOMPARE(selector->count(), 3);
    QCOMPARE(selector->itemText(0), QStringLiteral("All regions"));
    selector->setCurrentIndex(selector->findData(kApse1));
    QTRY_COMPARE(trunkView->model()->rowCount(), 8);
    QVERIFY(m_window->capacityTab()->regionChart(kUse1)->isHidden());
    QVERIFY(!m_window->capacityTab()->regionChart(kApse1)->isHidden());
    selector->setCurrentIndex(selector->findData(kUse1));
    QTRY_COMPARE(trunkView->model()->rowCount(), 7);
    selector->setCurrentIndex(0);
    QTRY_COMPARE(trunkView->model()->rowCount(), 15);
}

void TestMainWindow::regionCardShowsTheSnapshot()
{
    QVERIFY(startConsole());
    auto fleetKnown = [this]() {
        for (const RegionFleet &f : last().fleet) {
            if (f.region == kApse1 && f.trunksKnown && f.agentsLoggedIn > 0)
                return true;
        }
        return false;
    };
    QTRY_VERIFY_WITH_TIMEOUT(fleetKnown(), kTimeoutMs);
    // The card and the host's last snapshot change in the same signal delivery: read both without yielding.
    const EngineSnapshot s = last();
    RegionCard *card = m_window->regionCard(kApse1);
    for (const RegionFleet &f : s.fleet) {
        if (f.region != kApse1)
            continue;
        QVERIFY2(card->trunksText().startsWith(QStringLiteral("Trunks %1/%2 registered").arg(f.trunksRegistered).arg(f.trunksTotal)),
                 qPrintable(card->trunksText()));
        QCOMPARE(f.trunksTotal, 8);
        QCOMPARE(card->agentsText(), QStringLiteral("Agents %1 available / %2 logged in").arg(f.agentsAvailable).arg(f.agentsLoggedIn));
        QVERIFY(card->capacityText().startsWith(QStringLiteral("Effective capacity %1").arg(f.effectiveCapacity)));
    }
    QVERIFY(card->errorsText().startsWith(QStringLiteral("409s ")));
    QVERIFY(card->syncText().startsWith(QStringLiteral("Sync ")));
}

void TestMainWindow::retriedDeadLettersReportInTheStatusBar()
{
    EngineConfig config;
    config.maxAgeMs = 1; // every change is too old by the time its batch forms: all go to dead letters
    QVERIFY(startConsole(config));
    QTRY_VERIFY_WITH_TIMEOUT(!last().deadLetters.isEmpty(), kTimeoutMs);
    QTRY_VERIFY(m_window->tabs()->tabText(MainWindow::tabNames().indexOf(QStringLiteral("deadletters"))).contains(QLatin1Char('(')));
    const DeadLetter dead = last().deadLetters.first();
    // The tab asks; the window sends it to the engine, whose answer lands in the status bar.
    Q_EMIT m_window->deadLettersTab()->retryRequested({dead.id});
    QTRY_VERIFY_WITH_TIMEOUT(m_window->consoleStatusBar()->currentMessage().startsWith(QStringLiteral("Retry: ")), kTimeoutMs);
    const QString message = m_window->consoleStatusBar()->currentMessage();
    QVERIFY2(message.contains(QStringLiteral("1 requeued")) || message.contains(QStringLiteral("superseded")), qPrintable(message));

    Q_EMIT m_window->deadLettersTab()->discardRequested({dead.id, -42});
    QTRY_VERIFY_WITH_TIMEOUT(m_window->consoleStatusBar()->currentMessage().startsWith(QStringLiteral("Discarded")), kTimeoutMs);
    QVERIFY2(m_window->consoleStatusBar()->currentMessage().endsWith(QStringLiteral("of 2 dead letters")),
             qPrintable(m_window->consoleStatusBar()->currentMessage()));
}

void TestMainWindow::logDockShowsAuditedActions()
{
    QVERIFY(startConsole());
    QTRY_VERIFY_WITH_TIMEOUT(m_window->syncToolBar()->pauseAction()->isEnabled(), kTimeoutMs);
    m_window->syncToolBar()->pauseAction()->trigger();
    LogModel *model = m_window->logDock()->model();
    auto logged = [model]() {
        for (int r = 0; r < model->rowCount(); ++r) {
            const LogEntry &e = model->entry(r);
            // The audit trail's line: committed to the outbox database, with the OS user.
            if (e.category == QLatin1String("icp.audit") && e.message.startsWith(QStringLiteral("Audit:"))
                && e.message.contains(QStringLiteral(" pause")) && e.message.contains(AuditTrail::currentOsUser()))
                return true;
        }
        return false;
    };
    QTRY_VERIFY_WITH_TIMEOUT(logged(), kTimeoutMs);
}

void TestMainWindow::geometryAndSplitterPersist()
{
    QVERIFY(startConsole());
    m_window->resize(1100, 700);
    m_window->showTab(QStringLiteral("conflicts"));
    m_window->close();
    m_window.reset();
    m_window = std::make_unique<MainWindow>(host(), m_secrets.get());
    QCOMPARE(m_window->size(), QSize(1100, 700));
    QCOMPARE(m_window->currentTabName(), QStringLiteral("conflicts"));
    for (const QString &name : MainWindow::tabNames())
        QVERIFY2(m_window->showTab(name), qPrintable(name));
    QVERIFY(!m_window->showTab(QStringLiteral("nope")));
}

void TestMainWindow::insecureTlsShowsARedBanner()
{
    // The ordinary console has no banner.
    QVERIFY(startConsole());
    QVERIFY(!m_window->insecureTlsBanner());
    QVERIFY(!m_window->windowTitle().contains(QStringLiteral("INSECURE")));
    cleanup();

    QVERIFY(startConsole({}, true));
    QVERIFY(host()->allowsInsecureTls());
    QLabel *banner = m_window->insecureTlsBanner();
    QVERIFY(banner);
    QVERIFY(banner->isVisible());
    QVERIFY(banner->text().contains(QStringLiteral("--allow-insecure-tls")));
    QVERIFY(m_window->windowTitle().contains(QStringLiteral("INSECURE TLS")));
    // Red: sample the rendered banner, not the style sheet text.
    const QImage image = banner->grab().toImage();
    const QColor pixel = image.pixelColor(2, 2);
    QVERIFY2(pixel.red() > 150 && pixel.green() < 80 && pixel.blue() < 80, qPrintable(pixel.name()));
    // Above the views: the banner's top is above the tabs' top.
    QVERIFY(banner->mapTo(m_window.get(), QPoint()).y() < m_window->tabs()->mapTo(m_window.get(), QPoint()).y());
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
