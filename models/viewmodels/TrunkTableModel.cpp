#include "TrunkTableModel.h"

#include "ViewFormat.h"

#include <QColor>

namespace icp {

namespace {

QString yesNo(bool b)
{
    return b ? QStringLiteral("yes") : QStringLiteral("no");
}

// What a registration flash compares: a change here is "a registration change".
QString registrationSignature(const Trunk &t)
{
    QString s = QString::number(int(t.inService)) + QString::number(int(t.connected));
    for (const RegisterStatus &r : t.registersStatus)
        s += r.proxyAddress + QLatin1Char(r.registerState ? '+' : '-');
    return s;
}

const RegisterStatus *failingProxy(const Trunk &t)
{
    for (const RegisterStatus &r : t.registersStatus) {
        if (!r.registerState && r.errorInfo)
            return &r;
    }
    return nullptr;
}

} // namespace

TrunkTableModel::TrunkTableModel(QObject *parent)
    : KeyedTableModel<TrunkView>(parent)
{
}

QStringList TrunkTableModel::applySnapshot(const EngineSnapshot &snapshot)
{
    QHash<QString, QString> before;
    for (const TrunkView &t : std::as_const(m_rows))
        before.insert(t.trunk.id, registrationSignature(t.trunk));
    const bool clockMoved = snapshot.atMs != m_now;
    m_now = snapshot.atMs;
    setRows(snapshot.trunks);
    if (clockMoved) {
        for (int c : {Proxies, SinceChange})
            columnChanged(c, {Qt::DisplayRole, Qt::ToolTipRole, Qt::AccessibleTextRole});
    }
    QStringList changed;
    for (const TrunkView &t : std::as_const(m_rows)) {
        const auto it = before.constFind(t.trunk.id);
        if (it != before.cend() && *it != registrationSignature(t.trunk))
            changed << t.trunk.id;
    }
    return changed;
}

bool TrunkTableModel::sameRow(const TrunkView &before, const TrunkView &after) const
{
    // Every cell derives from these and the model's clock (which columnChanged covers).
    return before.lastChangeAtMs == after.lastChangeAtMs && before.metrics == after.metrics && before.trunk == after.trunk;
}

void TrunkTableModel::setFlashing(const QSet<QString> &trunkIds)
{
    const QSet<QString> touched = (m_flashing - trunkIds) + (trunkIds - m_flashing);
    m_flashing = trunkIds;
    for (int row = 0; row < m_rows.size(); ++row) {
        if (touched.contains(m_rows[row].trunk.id))
            Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1), {Qt::BackgroundRole, FlashRole});
    }
}

Severity TrunkTableModel::registrationSeverity(const Trunk &t)
{
    if (t.isRegistered())
        return Severity::Ok;
    if (t.inService && t.connected && t.registeredProxyCount() > 0)
        return Severity::Warning;
    return Severity::Error;
}

QString TrunkTableModel::header(int column) const
{
    switch (Column(column)) {
    case Name: return tr("Trunk");
    case Region: return tr("Region");
    case Registration: return tr("Registration");
    case Proxies: return tr("Register proxies");
    case SinceChange: return tr("Since change");
    case Error: return tr("Error");
    case InService: return tr("In service");
    case Connected: return tr("Connected");
    case Inbound: return tr("Inbound");
    case Outbound: return tr("Outbound");
    case Capacity: return tr("Capacity");
    case SkillGroup: return tr("Skill group");
    case ColumnCount: break;
    }
    return {};
}

QString TrunkTableModel::headerToolTip(int column) const
{
    switch (Column(column)) {
    case Registration: return tr("Register proxies registered out of the trunk's proxies");
    case Proxies: return tr("Each SIP register proxy, its state and the time since that state began");
    case SinceChange: return tr("Time since the trunk's registration state last changed");
    case Error: return tr("Error reported by a failing register proxy");
    case Inbound: return tr("Inbound calls now");
    case Outbound: return tr("Outbound calls now");
    case Capacity: return tr("Maximum concurrent calls of the trunk");
    case SkillGroup: return tr("The trunk-based skill group this trunk feeds");
    default: return header(column);
    }
}

QString TrunkTableModel::proxiesText(const Trunk &t, const QString &separator, bool shortNames) const
{
    QStringList parts;
    for (const RegisterStatus &r : t.registersStatus) {
        const QString state = r.registerState ? tr("up") : (r.errorInfo ? tr("FAILED") : tr("down"));
        // The table shows the proxy's host label ("sip1a"); the tooltip the full address.
        const QString name = shortNames ? r.proxyAddress.section(QLatin1Char('.'), 0, 0).section(QLatin1Char(':'), 0, 0)
                                        : r.proxyAddress;
        QString part = name + QStringLiteral(" ") + state;
        if (r.registerStateTimeMs > 0 && m_now > 0)
            part += QStringLiteral(" ") + ViewFormat::duration(m_now - r.registerStateTimeMs);
        parts << part;
    }
    return parts.isEmpty() ? tr("no register proxies") : parts.join(separator);
}

QVariant TrunkTableModel::display(const TrunkView &row, int column) const
{
    const Trunk &t = row.trunk;
    switch (Column(column)) {
    case Name: return t.name;
    case Region: return t.region;
    case Registration: {
        const int total = int(t.registersStatus.size());
        const int ok = t.registeredProxyCount();
        if (t.isRegistered())
            return tr("%1/%2 registered").arg(ok).arg(total);
        if (ok == 0)
            return tr("DOWN %1/%2").arg(ok).arg(total);
        return tr("degraded %1/%2").arg(ok).arg(total);
    }
    case Proxies: return proxiesText(t, QStringLiteral(" · "), true);
    case SinceChange:
        return row.lastChangeAtMs > 0 && m_now > 0 ? ViewFormat::duration(m_now - row.lastChangeAtMs) : QStringLiteral("—");
    case Error: {
        const RegisterStatus *f = failingProxy(t);
        return f ? QString(f->proxyAddress.section(QLatin1Char('.'), 0, 0) + QStringLiteral(": ") + ViewFormat::oneLine(f->errorInfo->text))
                 : QString();
    }
    case InService: return yesNo(t.inService);
    case Connected: return yesNo(t.connected);
    case Inbound: return row.metrics.trunkId.isEmpty() ? QStringLiteral("—") : QString::number(row.metrics.inboundCallCount);
    case Outbound: return row.metrics.trunkId.isEmpty() ? QStringLiteral("—") : QString::number(row.metrics.outboundCallCount);
    case Capacity: return QString::number(t.maxConcurrentCalls);
    case SkillGroup: return t.skillGroupId;
    case ColumnCount: break;
    }
    return {};
}

QVariant TrunkTableModel::sortValue(const TrunkView &row, int column) const
{
    const Trunk &t = row.trunk;
    switch (Column(column)) {
    case Registration: return int(t.isRegistered()) * 1000 + t.registeredProxyCount();
    case Proxies: return t.registeredProxyCount();
    case SinceChange: return row.lastChangeAtMs;
    case InService: return int(t.inService);
    case Connected: return int(t.connected);
    case Inbound: return row.metrics.inboundCallCount;
    case Outbound: return row.metrics.outboundCallCount;
    case Capacity: return t.maxConcurrentCalls;
    default: return display(row, column);
    }
}

QVariant TrunkTableModel::cell(const TrunkView &row, int column, int role) const
{
    const Trunk &t = row.trunk;
    switch (role) {
    case Qt::DisplayRole:
        return display(row, column);
    case SortRole:
        return sortValue(row, column);
    case Qt::ToolTipRole:
        if (column == Proxies)
            return proxiesText(t, QStringLiteral("\n"), false);
        if (column == Error) {
            const RegisterStatus *f = failingProxy(t);
            if (!f)
                return {};
            return QString(f->proxyAddress + QStringLiteral(": ") + f->errorInfo->text + QStringLiteral(" (")
                           + f->errorInfo->code + QStringLiteral(")"));
        }
        if (column == Name)
            return tr("Trunk id %1").arg(t.id);
        if (column == SinceChange && row.lastChangeAtMs > 0)
            return tr("Registration changed at %1").arg(ViewFormat::dateTime(row.lastChangeAtMs));
        return {};
    case Qt::AccessibleTextRole:
        return QString(header(column) + QStringLiteral(": ") + display(row, column).toString());
    case Qt::DecorationRole:
        if (column == Registration)
            return m_icons.icon(registrationSeverity(t));
        if (column == InService)
            return m_icons.icon(t.inService ? Severity::Ok : Severity::Error);
        if (column == Connected)
            return m_icons.icon(t.connected ? Severity::Ok : Severity::Error);
        if (column == Error && failingProxy(t))
            return m_icons.icon(Severity::Error);
        return {};
    case SeverityRole:
        return int(registrationSeverity(t));
    case Qt::TextAlignmentRole:
        if (column == Inbound || column == Outbound || column == Capacity)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case FlashRole:
        return m_flashing.contains(t.id);
    case Qt::BackgroundRole:
        if (m_flashing.contains(t.id)) {
            // An amber tint, unlike the selection's colour; readable over light and dark bases.
            return QColor(0xf0, 0xb0, 0x20, 90);
        }
        return {};
    default:
        return {};
    }
}

} // namespace icp
