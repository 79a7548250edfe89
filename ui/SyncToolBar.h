#pragma once
// The supervisor's controls: Start sync, Pause, Resume, Resync now (with a done/total progress bar while a resync
// runs) and the region selector (All regions, or one). Commands apply to the selected region (empty: all).
// F5 resyncs; Ctrl+P toggles pause and resume. The toolbar only emits requests; MainWindow sends them.
#include "EngineSnapshot.h"

#include <QToolBar>

class QAction;
class QComboBox;
class QLabel;
class QProgressBar;

namespace icp {

class SyncToolBar final : public QToolBar
{
    Q_OBJECT
public:
    explicit SyncToolBar(const QStringList &regions, QWidget *parent = nullptr);

    void applySnapshot(const icp::EngineSnapshot &snapshot);
    QString selectedRegion() const; // empty: all regions
    void selectRegion(const QString &region);

    QAction *startAction() const { return m_start; }
    QAction *pauseAction() const { return m_pause; }
    QAction *resumeAction() const { return m_resume; }
    QAction *resyncAction() const { return m_resync; }
    QAction *pauseToggleAction() const { return m_toggle; } // Ctrl+P; add it to the window
    QComboBox *regionSelector() const { return m_region; }
    QProgressBar *resyncProgress() const { return m_progress; }

Q_SIGNALS:
    void startRequested();
    void pauseRequested(const QString &region);
    void resumeRequested(const QString &region);
    void resyncRequested(const QString &region);
    void regionSelected(const QString &region);

private:
    void updateActions();
    bool anyRunningInScope() const;
    bool anyPausedInScope() const;

    QAction *m_start;
    QAction *m_pause;
    QAction *m_resume;
    QAction *m_resync;
    QAction *m_toggle;
    QComboBox *m_region;
    QProgressBar *m_progress;
    QAction *m_progressAction = nullptr;
    QList<RegionStatus> m_regions;
};

} // namespace icp
