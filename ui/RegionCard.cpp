#include "RegionCard.h"

#include "StatusIcons.h"
#include "Theme.h"
#include "ViewFormat.h"

#include <QEvent>
#include <QGridLayout>
#include <QLabel>

namespace icp {

namespace {

Severity severityOf(RegionCard::TrunkHealth h)
{
    switch (h) {
    case RegionCard::TrunkHealth::AllRegistered: return Severity::Ok;
    case RegionCard::TrunkHealth::Degraded: return Severity::Warning;
    case RegionCard::TrunkHealth::Down: return Severity::Error;
    case RegionCard::TrunkHealth::Unknown: break;
    }
    return Severity::None;
}

Severity severityOf(RegionSyncState s)
{
    switch (s) {
    case RegionSyncState::Running:
    case RegionSyncState::Resyncing: return Severity::Ok;
    case RegionSyncState::Paused:
    case RegionSyncState::Throttled: return Severity::Warning;
    case RegionSyncState::CircuitOpen:
    case RegionSyncState::Blocked: return Severity::Error;
    }
    return Severity::None;
}

QString syncStateWords(const RegionStatus &s)
{
    switch (s.state) {
    case RegionSyncState::Running: return RegionCard::tr("running");
    case RegionSyncState::Paused: return RegionCard::tr("paused");
    case RegionSyncState::Throttled: return RegionCard::tr("throttled");
    case RegionSyncState::CircuitOpen: return RegionCard::tr("circuit open");
    case RegionSyncState::Resyncing:
        return RegionCard::tr("resyncing %1/%2").arg(s.resyncDone).arg(s.resyncTotal);
    case RegionSyncState::Blocked: return RegionCard::tr("blocked");
    }
    return regionSyncStateName(s.state);
}

StatusIcons &icons()
{
    static StatusIcons s_icons; // painted once per process; needs the GUI application, which a widget implies
    return s_icons;
}

} // namespace

RegionCard::RegionCard(const QString &regionId, const QString &displayName, QWidget *parent)
    : QFrame(parent)
    , m_regionId(regionId)
    , m_displayName(displayName)
    , m_title(new QLabel)
    , m_grid(new QGridLayout(this))
{
    setObjectName(QStringLiteral("regionCard-") + regionId);
    setFrameShape(QFrame::StyledPanel);
    setFrameShadow(QFrame::Raised);
    setAccessibleName(tr("Region %1").arg(regionId));
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum);
    m_grid->setHorizontalSpacing(6);
    m_grid->setContentsMargins(10, 4, 10, 4);
    m_grid->setVerticalSpacing(2);
    m_grid->setColumnStretch(1, 1);
    m_grid->setColumnStretch(3, 1);
    m_grid->setColumnMinimumWidth(2, 16);
    m_title->setObjectName(QStringLiteral("title"));
    m_title->setTextFormat(Qt::PlainText);
    QFont f = m_title->font();
    f.setBold(true);
    m_title->setFont(f);
    m_grid->addWidget(m_title, 0, 0, 1, 4);
    // Two columns: what the region has (left), what the sync does (right).
    m_trunks = addRow(QStringLiteral("trunks"), 0, &m_trunkIcon);
    m_agents = addRow(QStringLiteral("agents"), 0);
    m_capacity = addRow(QStringLiteral("capacity"), 0);
    m_sync = addRow(QStringLiteral("sync"), 1, &m_syncIcon);
    m_errors = addRow(QStringLiteral("errors"), 1);
    m_staleness = addRow(QStringLiteral("staleness"), 1);
    m_trunks->setToolTip(tr("Trunks in service, connected and registered on every proxy, of all BYOC trunks"));
    m_agents->setToolTip(tr("Agents available of the agents logged in, from the WFM feed"));
    m_capacity->setToolTip(tr("Capacity of available agents on registered trunks, bounded by free channels"));
    m_sync->setToolTip(tr("What the sync engine is doing in this region"));
    m_errors->setToolTip(tr("409 Conflict and 429 Too Many Requests answers in the last minute"));
    m_staleness->setToolTip(tr("99th percentile of the time from a WFM change to the ICP holding it"));
    render();
}

QLabel *RegionCard::addRow(const QString &objectName, int column, QLabel **iconLabel)
{
    auto *label = new QLabel;
    label->setObjectName(objectName);
    label->setTextFormat(Qt::PlainText);
    int &row = m_rows[column];
    if (iconLabel) {
        *iconLabel = new QLabel;
        (*iconLabel)->setObjectName(objectName + QStringLiteral("Icon"));
        (*iconLabel)->setFixedSize(16, 16);
        m_grid->addWidget(*iconLabel, row, column * 2);
    }
    m_grid->addWidget(label, row, column * 2 + 1);
    ++row;
    return label;
}

RegionCard::TrunkHealth RegionCard::trunkHealth(const RegionFleet &fleet)
{
    if (!fleet.trunksKnown || fleet.trunksTotal == 0)
        return TrunkHealth::Unknown;
    if (fleet.trunksRegistered >= fleet.trunksTotal)
        return TrunkHealth::AllRegistered;
    return fleet.trunksRegistered == 0 ? TrunkHealth::Down : TrunkHealth::Degraded;
}

QString RegionCard::trunkHealthName(TrunkHealth health)
{
    switch (health) {
    case TrunkHealth::AllRegistered: return tr("all registered");
    case TrunkHealth::Degraded: return tr("degraded");
    case TrunkHealth::Down: return tr("down");
    case TrunkHealth::Unknown: break;
    }
    return tr("not listed yet");
}

void RegionCard::apply(const RegionFleet *fleet, const RegionStatus *status, qint64 atMs)
{
    if (status) {
        m_conflictsLastMinute = status->conflictsLastMinute;
        m_throttledLastMinute = status->throttledLastMinute;
        if (atMs > 0) {
            m_counters.push_back({atMs, status->conflicts409, status->throttled429});
            while (m_counters.size() > 1 && m_counters.front().atMs < atMs - 60000)
                m_counters.pop_front();
            const CounterSample &oldest = m_counters.front();
            m_conflictsLastMinute = qMax(m_conflictsLastMinute, int(status->conflicts409 - oldest.conflicts));
            m_throttledLastMinute = qMax(m_throttledLastMinute, int(status->throttled429 - oldest.throttled));
        }
    }
    m_fleet = fleet ? std::optional<RegionFleet>(*fleet) : std::nullopt;
    if (fleet && !fleet->displayName.isEmpty())
        m_displayName = fleet->displayName;
    m_status = status ? std::optional<RegionStatus>(*status) : std::nullopt;
    render();
}

void RegionCard::setSelected(bool selected)
{
    setFrameShadow(selected ? QFrame::Sunken : QFrame::Raised);
    setLineWidth(selected ? 2 : 1);
}

void RegionCard::render()
{
    const QString name = m_displayName.isEmpty() ? m_regionId : m_displayName;
    m_title->setText(name == m_regionId ? name : QStringLiteral("%1  (%2)").arg(name, m_regionId));
    const QPalette pal = palette();
    auto paint = [&pal](QLabel *label, QLabel *icon, Severity severity) {
        QPalette p = label->palette();
        p.setColor(QPalette::WindowText, severityColor(severity, pal));
        label->setPalette(p);
        if (icon)
            icon->setPixmap(icons().icon(severity).pixmap(16, 16));
    };

    const TrunkHealth health = m_fleet ? trunkHealth(*m_fleet) : TrunkHealth::Unknown;
    if (m_fleet && m_fleet->trunksKnown)
        m_trunks->setText(tr("Trunks %1/%2 registered: %3")
                              .arg(m_fleet->trunksRegistered).arg(m_fleet->trunksTotal).arg(trunkHealthName(health)));
    else
        m_trunks->setText(tr("Trunks: %1").arg(trunkHealthName(TrunkHealth::Unknown)));
    paint(m_trunks, m_trunkIcon, severityOf(health));
    m_trunkIcon->setAccessibleName(trunkHealthName(health));

    if (m_fleet) {
        m_agents->setText(tr("Agents %1 available / %2 logged in").arg(m_fleet->agentsAvailable).arg(m_fleet->agentsLoggedIn));
        m_capacity->setText(tr("Effective capacity %1 (of %2)").arg(m_fleet->effectiveCapacity).arg(m_fleet->capacity));
    } else {
        m_agents->setText(tr("Agents: no data yet"));
        m_capacity->setText(tr("Effective capacity: no data yet"));
    }

    if (m_status) {
        const QString words = syncStateWords(*m_status);
        m_sync->setText(tr("Sync %1, %2 pending").arg(words).arg(m_status->pending + m_status->inFlight));
        paint(m_sync, m_syncIcon, severityOf(m_status->state));
        m_syncIcon->setAccessibleName(words);
        m_errors->setText(tr("409s %1, 429s %2 in the last minute").arg(m_conflictsLastMinute).arg(m_throttledLastMinute));
        paint(m_errors, nullptr, m_conflictsLastMinute + m_throttledLastMinute > 0 ? Severity::Warning : Severity::None);
        m_staleness->setText(tr("p99 staleness %1").arg(ViewFormat::duration(m_status->stalenessP99Ms)));
    } else {
        m_sync->setText(tr("Sync: waiting for the engine"));
        paint(m_sync, m_syncIcon, Severity::None);
        m_errors->setText(tr("409s -, 429s - in the last minute"));
        m_staleness->setText(tr("p99 staleness -"));
    }
    setAccessibleDescription(QStringList{m_trunks->text(), m_agents->text(), m_capacity->text(), m_sync->text(),
                                         m_errors->text(), m_staleness->text()}
                                 .join(QStringLiteral("; ")));
}

void RegionCard::changeEvent(QEvent *event)
{
    QFrame::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        // Re-derive the state colours for the new palette (our own setPalette calls are on the children).
        render();
    }
}

QString RegionCard::trunksText() const { return m_trunks->text(); }
QString RegionCard::agentsText() const { return m_agents->text(); }
QString RegionCard::capacityText() const { return m_capacity->text(); }
QString RegionCard::syncText() const { return m_sync->text(); }
QString RegionCard::errorsText() const { return m_errors->text(); }
QString RegionCard::stalenessText() const { return m_staleness->text(); }

} // namespace icp
