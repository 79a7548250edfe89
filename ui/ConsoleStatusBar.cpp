#include "ConsoleStatusBar.h"

#include "StatusIcons.h"
#include "ViewFormat.h"

#include <QLabel>
#include <QTimer>

namespace icp {

namespace {
constexpr qint64 RateWindowMs = 2000;
}

ConsoleStatusBar::ConsoleStatusBar(const QStringList &regions, QWidget *parent)
    : QStatusBar(parent)
    , m_order(regions)
    , m_tick(new QTimer(this))
{
    setObjectName(QStringLiteral("statusBar"));
    setAccessibleName(tr("Status bar"));
    for (const QString &r : regions) {
        RegionView v;
        v.icon = new QLabel;
        v.icon->setFixedSize(16, 16);
        v.text = new QLabel;
        v.text->setObjectName(QStringLiteral("status-") + r);
        v.text->setTextFormat(Qt::PlainText);
        // A fixed width for the longest usual text: a label that grew and shrank with each snapshot would
        // re-lay out the whole window ten times a second.
        v.text->setMinimumWidth(v.text->fontMetrics().horizontalAdvance(
            tr("%1: event stream down, 99.9 req/s, queue 999, last write 59.9 s ago").arg(r)));
        v.text->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Preferred);
        v.text->setToolTip(tr("%1: event stream connection, requests per second, changes queued, time since the "
                              "last accepted write").arg(r));
        addPermanentWidget(v.icon);
        addPermanentWidget(v.text);
        m_regions.insert(r, v);
    }
    // "last write 3 s ago" keeps counting between snapshots (the engine goes quiet when idle).
    m_tick->setInterval(1000);
    connect(m_tick, &QTimer::timeout, this, &ConsoleStatusBar::render);
    m_tick->start();
    render();
}

void ConsoleStatusBar::applySnapshot(const EngineSnapshot &snapshot)
{
    m_snapshotAtMs = snapshot.atMs;
    m_sinceSnapshot.start();
    for (const RegionStatus &s : snapshot.regions) {
        auto it = m_regions.find(s.region);
        if (it == m_regions.end())
            continue;
        it->status = s;
        it->known = true;
        it->samples.push_back({snapshot.atMs, s.requests});
        while (it->samples.size() > 2 && it->samples.front().atMs < snapshot.atMs - RateWindowMs)
            it->samples.pop_front();
    }
    render();
}

double ConsoleStatusBar::requestRate(const QString &region) const
{
    const auto it = m_regions.constFind(region);
    if (it == m_regions.cend() || it->samples.size() < 2)
        return 0;
    const Sample &a = it->samples.front();
    const Sample &b = it->samples.back();
    if (b.atMs <= a.atMs)
        return 0;
    return double(qMax<qint64>(0, b.requests - a.requests)) * 1000.0 / double(b.atMs - a.atMs);
}

QString ConsoleStatusBar::regionText(const QString &region) const
{
    const auto it = m_regions.constFind(region);
    return it == m_regions.cend() ? QString() : it->text->text();
}

void ConsoleStatusBar::render()
{
    static StatusIcons icons;
    const qint64 now = m_snapshotAtMs + (m_sinceSnapshot.isValid() ? m_sinceSnapshot.elapsed() : 0);
    for (const QString &r : std::as_const(m_order)) {
        RegionView &v = m_regions[r];
        if (!v.known) {
            v.text->setText(tr("%1: starting").arg(r));
            v.icon->setPixmap(icons.icon(Severity::None).pixmap(16, 16));
            continue;
        }
        const RegionStatus &s = v.status;
        QString connection;
        Severity severity = Severity::Ok;
        if (s.state == RegionSyncState::Blocked) {
            connection = tr("blocked");
            severity = Severity::Error;
        } else if (s.state == RegionSyncState::CircuitOpen) {
            connection = tr("circuit open");
            severity = Severity::Error;
        } else if (!s.eventStreamConnected) {
            connection = tr("event stream down");
            severity = Severity::Warning;
        } else {
            connection = tr("connected");
        }
        const QString lastWrite = s.lastSuccessAtMs > 0
            ? tr("last write %1 ago").arg(ViewFormat::duration(now - s.lastSuccessAtMs))
            : tr("no write yet");
        v.text->setText(tr("%1: %2, %3 req/s, queue %4, %5")
                            .arg(r, connection, QString::number(requestRate(r), 'f', 1))
                            .arg(s.pending + s.inFlight)
                            .arg(lastWrite));
        v.icon->setPixmap(icons.icon(severity).pixmap(16, 16));
        v.icon->setAccessibleName(connection);
    }
}

} // namespace icp
