#pragma once
// The operator console window. It owns no engine state: it subscribes to EngineHost::snapshotReady (at most 10
// a second, value copies) and sends commands as queued calls through the host, so nothing here blocks.
//
// Layout: the sync toolbar; region cards along the top and the tabs (Trunks, Capacity, Sync queue, Conflicts,
// Dead letters) in a vertical splitter; the log dock; the status bar. Geometry, dock and splitter state persist.
#include "ConsoleSettings.h"
#include "EngineSnapshot.h"

#include <QHash>
#include <QMainWindow>

class QLabel;
class QSplitter;
class QTabWidget;

namespace icp {

class CampaignsTab;
class CapacityTab;
class ConflictsTab;
class ConsoleStatusBar;
class DeadLettersTab;
class EngineHost;
class LogCapture;
class LogDock;
class RegionCard;
class SecretStore;
class SyncQueueTab;
class SyncToolBar;
class TrayNotifier;
class TrunksTab;

class MainWindow final : public QMainWindow
{
    Q_OBJECT
public:
    // host must outlive the window. secrets: where Settings stores client secrets (null: the system keychain).
    explicit MainWindow(EngineHost *host, SecretStore *secrets = nullptr, QWidget *parent = nullptr);
    ~MainWindow() override;

    static QIcon applicationIcon();
    static QStringList tabNames(); // trunks, capacity, queue, conflicts, deadletters, campaigns
    bool showTab(const QString &name);
    QString currentTabName() const;
    // Selects the newest conflict in the Conflicts tab so its inspector fills (for --screenshot).
    bool selectFirstConflict();
    // Ticks Auto on the first campaign and selects it, as a supervisor would (for --screenshot).
    bool autoPaceFirstCampaign();

    SyncToolBar *syncToolBar() const { return m_toolBar; }
    RegionCard *regionCard(const QString &region) const { return m_cards.value(region); }
    QTabWidget *tabs() const { return m_tabs; }
    // A tab that was hidden while snapshots came catches up with the newest one here, as when it is shown.
    CapacityTab *capacityTab() const { return m_capacity; }
    TrunksTab *trunksTab() const;
    SyncQueueTab *syncQueueTab() const;
    ConflictsTab *conflictsTab() const;
    DeadLettersTab *deadLettersTab() const;
    CampaignsTab *campaignsTab() const;
    ConsoleStatusBar *consoleStatusBar() const { return m_status; }
    LogDock *logDock() const { return m_log; }
    QLabel *insecureTlsBanner() const { return m_insecureBanner; } // null unless the engine allows insecure TLS
    ConsoleSettings settings() const { return m_settings; }
    int snapshotsApplied() const { return m_snapshotsApplied; }

public Q_SLOTS:
    void openSettings();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void buildMenus();
    void applySnapshot(const icp::EngineSnapshot &snapshot);
    // Hands the newest snapshot to the tab at this index if it has not seen it yet.
    void catchUp(int tabIndex) const;
    void setRegionFilter(const QString &region);
    void applySettings(const ConsoleSettings &settings);
    void restoreWindowState();
    void saveWindowState() const;

    EngineHost *m_host;
    SecretStore *m_secrets;
    ConsoleSettings m_settings;
    SyncToolBar *m_toolBar;
    QSplitter *m_splitter;
    QTabWidget *m_tabs;
    QHash<QString, RegionCard *> m_cards;
    TrunksTab *m_trunks;
    CapacityTab *m_capacity;
    SyncQueueTab *m_queue;
    ConflictsTab *m_conflicts;
    DeadLettersTab *m_deadLetters;
    CampaignsTab *m_campaigns;
    ConsoleStatusBar *m_status;
    LogDock *m_log;
    LogCapture *m_logCapture;
    TrayNotifier *m_tray;
    QLabel *m_insecureBanner = nullptr;
    int m_snapshotsApplied = 0;
    // Only the visible tab takes each snapshot; the others are marked stale (one bit per tab index) and take the
    // newest snapshot, never a queue, when shown or read through their accessor. Mutable: catching up on access.
    mutable EngineSnapshot m_latest;
    mutable quint32 m_staleTabs = 0;
};

} // namespace icp
