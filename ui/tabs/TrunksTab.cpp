#include "TrunksTab.h"

#include "TableFilterProxy.h"
#include "TrunkTableModel.h"

#include <QHeaderView>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace icp {

TrunksTab::TrunksTab(QWidget *parent)
    : QWidget(parent)
    , m_model(new TrunkTableModel(this))
    , m_proxy(new TableFilterProxy(TrunkTableModel::Region, this))
    , m_view(new QTableView(this))
    , m_filter(new QLineEdit(this))
    , m_summary(new QLabel(this))
    , m_filterDebounce(new QTimer(this))
    , m_flashTimer(new QTimer(this))
{
    setObjectName(QStringLiteral("trunks"));
    setAccessibleName(tr("Trunks"));
    m_clock.start();

    m_filter->setObjectName(QStringLiteral("trunkFilter"));
    m_filter->setPlaceholderText(tr("Filter trunks (name, proxy, error, group…)"));
    m_filter->setClearButtonEnabled(true);
    m_filter->setAccessibleName(tr("Trunk filter"));
    m_filter->setToolTip(tr("Show only trunks whose row contains this text"));
    m_summary->setObjectName(QStringLiteral("trunkSummary"));
    m_summary->setAccessibleName(tr("Trunk summary"));
    m_summary->setToolTip(tr("Trunks shown and how many are fully registered"));
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_filterDebounce->setSingleShot(true);
    m_filterDebounce->setInterval(kFilterDebounceMs);
    connect(m_filter, &QLineEdit::textChanged, m_filterDebounce, qOverload<>(&QTimer::start));
    connect(m_filterDebounce, &QTimer::timeout, this, [this]() {
        m_proxy->setText(m_filter->text());
        updateSummary();
    });
    m_flashTimer->setSingleShot(true);
    connect(m_flashTimer, &QTimer::timeout, this, &TrunksTab::expireFlashes);

    m_proxy->setSourceModel(m_model);
    m_view->setObjectName(QStringLiteral("trunkTable"));
    m_view->setAccessibleName(tr("Trunks table"));
    m_view->setToolTip(tr("One row per BYOC trunk; click a header to sort"));
    m_view->setModel(m_proxy);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(TrunkTableModel::Name, Qt::AscendingOrder);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 8);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->horizontalHeader()->setHighlightSections(false);

    auto *top = new QHBoxLayout;
    top->addWidget(m_filter, 2);
    top->addWidget(m_summary, 3);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_view, 1);
    updateSummary();
}

void TrunksTab::applySnapshot(const icp::EngineSnapshot &snapshot)
{
    const QStringList changed = m_model->applySnapshot(snapshot);
    if (!changed.isEmpty()) {
        const qint64 until = m_clock.elapsed() + kFlashMs;
        for (const QString &id : changed)
            m_flashUntil.insert(id, until);
        expireFlashes();
    }
    // Size the columns when more trunks arrive (each region's listing comes on its own), so that the longest
    // name of any region fits; at 1280 px every column shows without scrolling.
    if (m_model->rowCount() > m_sizedRows) {
        m_sizedRows = m_model->rowCount();
        m_view->resizeColumnsToContents();
        auto cap = [this](int column, int most) { m_view->setColumnWidth(column, qMin(m_view->columnWidth(column), most)); };
        const int digits = m_view->fontMetrics().horizontalAdvance(QStringLiteral("Outbound")) + 16;
        cap(TrunkTableModel::Proxies, 210);
        cap(TrunkTableModel::SinceChange, 90);
        for (int column : {TrunkTableModel::Inbound, TrunkTableModel::Outbound, TrunkTableModel::Capacity})
            cap(column, digits);
        for (int column : {TrunkTableModel::InService, TrunkTableModel::Connected})
            cap(column, 85);
        // Errors come later than the first listing: leave them some room; the tooltip has the whole text.
        m_view->setColumnWidth(TrunkTableModel::Error, qBound(110, m_view->columnWidth(TrunkTableModel::Error), 260));
    }
    updateSummary();
}

void TrunksTab::setRegionFilter(const QString &region)
{
    m_proxy->setRegion(region);
    updateSummary();
}

void TrunksTab::expireFlashes()
{
    const qint64 now = m_clock.elapsed();
    qint64 next = -1;
    QSet<QString> live;
    for (auto it = m_flashUntil.begin(); it != m_flashUntil.end();) {
        if (it.value() <= now) {
            it = m_flashUntil.erase(it);
            continue;
        }
        live.insert(it.key());
        next = next < 0 ? it.value() : qMin(next, it.value());
        ++it;
    }
    m_model->setFlashing(live);
    if (next >= 0)
        m_flashTimer->start(int(next - now));
}

void TrunksTab::updateSummary()
{
    int registered = 0;
    const int shown = m_proxy->rowCount();
    for (int r = 0; r < shown; ++r) {
        const QModelIndex src = m_proxy->mapToSource(m_proxy->index(r, 0));
        registered += m_model->rowAt(src.row()).trunk.isRegistered() ? 1 : 0;
    }
    if (m_model->rowCount() == 0)
        m_summary->setText(tr("No trunk listing yet"));
    else
        m_summary->setText(tr("%1 of %2 trunks shown; %3 fully registered, %4 not")
                               .arg(shown)
                               .arg(m_model->rowCount())
                               .arg(registered)
                               .arg(shown - registered));
}

} // namespace icp
