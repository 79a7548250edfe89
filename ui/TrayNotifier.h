#pragma once
// Tells the supervisor, through the system tray, when a region's circuit breaker opens or new dead letters
// appear. Does nothing when the desktop has no tray.
#include "EngineSnapshot.h"

#include <QObject>
#include <QIcon>
#include <optional>

class QSystemTrayIcon;

namespace icp {

struct TrayNotification
{
    QString title;
    QString text;
    bool critical = false;
};

class TrayNotifier final : public QObject
{
    Q_OBJECT
public:
    explicit TrayNotifier(const QIcon &icon, QObject *parent = nullptr);

    void applySnapshot(const icp::EngineSnapshot &snapshot);
    bool isActive() const { return m_tray != nullptr; }

    // What changed between two snapshots that is worth a notification (previous null: the first snapshot).
    static QList<TrayNotification> notificationsFor(const EngineSnapshot *previous, const EngineSnapshot &next);

Q_SIGNALS:
    void notified(const icp::TrayNotification &notification); // also when no tray shows it (for the log)

private:
    QSystemTrayIcon *m_tray = nullptr;
    std::optional<EngineSnapshot> m_previous;
};

} // namespace icp
