#include "TrayNotifier.h"

#include <QSystemTrayIcon>

namespace icp {

TrayNotifier::TrayNotifier(const QIcon &icon, QObject *parent)
    : QObject(parent)
{
    if (QSystemTrayIcon::isSystemTrayAvailable()) {
        m_tray = new QSystemTrayIcon(icon, this);
        m_tray->setToolTip(tr("ICP Sync Console"));
        m_tray->show();
    }
}

QList<TrayNotification> TrayNotifier::notificationsFor(const EngineSnapshot *previous, const EngineSnapshot &next)
{
    QList<TrayNotification> out;
    for (const RegionStatus &r : next.regions) {
        const bool open = r.breakerState == QLatin1String("open");
        bool wasOpen = false;
        if (previous) {
            for (const RegionStatus &p : previous->regions) {
                if (p.region == r.region)
                    wasOpen = p.breakerState == QLatin1String("open");
            }
        }
        if (open && !wasOpen) {
            out << TrayNotification{tr("%1: circuit breaker open").arg(r.region),
                                    r.lastError.isEmpty()
                                        ? tr("Writes to %1 are paused after repeated failures; they resume by "
                                             "themselves when a probe succeeds.").arg(r.region)
                                        : tr("Writes to %1 are paused after repeated failures. Last error: %2")
                                              .arg(r.region, r.lastError),
                                    true};
        }
    }
    const qint64 before = previous ? previous->outbox.deadLettersOpen : 0;
    const qint64 now = next.outbox.deadLettersOpen;
    if (now > before) {
        out << TrayNotification{tr("Dead letters: %1 open").arg(now),
                                tr("%n change(s) could not be applied; see the Dead letters tab to retry or discard.",
                                   nullptr, int(now - before)),
                                false};
    }
    return out;
}

void TrayNotifier::applySnapshot(const EngineSnapshot &snapshot)
{
    const auto notes = notificationsFor(m_previous ? &*m_previous : nullptr, snapshot);
    EngineSnapshot kept; // only what the next comparison reads
    kept.regions = snapshot.regions;
    kept.outbox = snapshot.outbox;
    m_previous = std::move(kept);
    for (const TrayNotification &n : notes) {
        if (m_tray)
            m_tray->showMessage(n.title, n.text,
                                n.critical ? QSystemTrayIcon::Critical : QSystemTrayIcon::Warning, 10000);
        Q_EMIT notified(n);
    }
}

} // namespace icp
