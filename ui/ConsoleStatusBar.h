#pragma once
// The status bar: per region the connection state, requests per second (the difference of the engine's request
// counter over the last two seconds of snapshots), the queue depth and the time since the last successful write.
// Transient messages (dead-letter outcomes) use the bar's message area.
#include "EngineSnapshot.h"

#include <QElapsedTimer>
#include <QHash>
#include <QStatusBar>

#include <deque>

class QLabel;
class QTimer;

namespace icp {

class ConsoleStatusBar final : public QStatusBar
{
    Q_OBJECT
public:
    explicit ConsoleStatusBar(const QStringList &regions, QWidget *parent = nullptr);

    void applySnapshot(const icp::EngineSnapshot &snapshot);
    double requestRate(const QString &region) const; // requests per second; 0 before two snapshots
    QString regionText(const QString &region) const;

private:
    struct Sample { qint64 atMs; qint64 requests; };
    struct RegionView
    {
        QLabel *icon = nullptr;
        QLabel *text = nullptr;
        std::deque<Sample> samples;
        RegionStatus status;
        bool known = false;
    };

    void render();

    QStringList m_order;
    QHash<QString, RegionView> m_regions;
    qint64 m_snapshotAtMs = 0;
    QElapsedTimer m_sinceSnapshot;
    QTimer *m_tick;
};

} // namespace icp
