#include "CampaignsTab.h"

#include "CampaignTableModel.h"
#include "TableFilterProxy.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace icp {

CampaignsTab::CampaignsTab(QWidget *parent)
    : QWidget(parent)
    , m_model(new CampaignTableModel(this))
    , m_proxy(new TableFilterProxy(CampaignTableModel::Region, this))
    , m_view(new QTableView(this))
    , m_summary(new QLabel(this))
    , m_applyNow(new QPushButton(tr("&Apply now"), this))
{
    setObjectName(QStringLiteral("campaigns"));
    setAccessibleName(tr("Campaigns"));

    m_summary->setObjectName(QStringLiteral("campaignSummary"));
    m_summary->setAccessibleName(tr("Campaign summary"));
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_summary->setWordWrap(true);
    m_applyNow->setObjectName(QStringLiteral("applyNow"));
    m_applyNow->setAccessibleName(tr("Apply the recommended pacing now"));
    m_applyNow->setToolTip(tr("Write the recommended pacing of the selected campaign once, now (PATCH of the pacing fields)"));

    m_proxy->setSourceModel(m_model);
    m_view->setObjectName(QStringLiteral("campaignTable"));
    m_view->setAccessibleName(tr("Campaigns table"));
    m_view->setToolTip(tr("One row per outbound campaign; tick Auto to let the engine write each new recommendation"));
    m_view->setModel(m_proxy);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(CampaignTableModel::Name, Qt::AscendingOrder);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 8);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->horizontalHeader()->setHighlightSections(false);

    connect(m_model, &CampaignTableModel::autoPacingRequested, this, &CampaignsTab::autoPacingRequested);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &CampaignsTab::updateActions);
    connect(m_applyNow, &QPushButton::clicked, this, [this]() {
        const QString id = selectedId();
        if (!id.isEmpty())
            Q_EMIT applyNowRequested(id);
    });

    auto *top = new QHBoxLayout;
    top->addWidget(m_summary, 1);
    top->addWidget(m_applyNow);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_view, 1);
    updateActions();
}

void CampaignsTab::applySnapshot(const icp::EngineSnapshot &snapshot)
{
    m_model->applySnapshot(snapshot);
    if (!m_sized && m_model->rowCount() > 0) {
        m_sized = true;
        m_view->resizeColumnsToContents();
        // The first rows may still wait for the fleet: leave room for what comes (in character widths).
        const int ch = m_view->fontMetrics().horizontalAdvance(QLatin1Char('0'));
        const std::pair<int, int> minChars[] = {{CampaignTableModel::Name, 20}, {CampaignTableModel::Region, 15},
                                                {CampaignTableModel::Recommended, 22}, {CampaignTableModel::Applied, 22},
                                                {CampaignTableModel::LastApplied, 12}, {CampaignTableModel::State, 16}};
        for (const auto &[column, chars] : minChars)
            m_view->setColumnWidth(column, qMax(m_view->columnWidth(column), chars * ch));
    }
    updateActions();
}

void CampaignsTab::setRegionFilter(const QString &region)
{
    m_proxy->setRegion(region);
    updateActions();
}

bool CampaignsTab::selectCampaign(const QString &campaignId)
{
    const int row = m_model->rowOfKey(campaignId);
    if (row < 0)
        return false;
    const QModelIndex idx = m_proxy->mapFromSource(m_model->index(row, 0));
    if (!idx.isValid())
        return false;
    m_view->selectionModel()->select(idx, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_view->setCurrentIndex(idx);
    return true;
}

QString CampaignsTab::selectedId() const
{
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return {};
    return m_proxy->data(rows.first(), KeyRole).toString();
}

void CampaignsTab::updateActions()
{
    const int row = m_model->rowOfKey(selectedId());
    const bool recommended = row >= 0 && m_model->rowAt(row).hasRecommendation;
    m_applyNow->setEnabled(recommended);
    int autoOn = 0, differ = 0;
    for (const auto &r : m_model->rows()) {
        autoOn += r.autoPacing ? 1 : 0;
        differ += r.hasRecommendation && !CampaignTableModel::inStep(r) ? 1 : 0;
    }
    if (m_model->rowCount() == 0) {
        m_summary->setText(tr("No campaign listing yet"));
        return;
    }
    m_summary->setText(tr("%1 campaigns; auto-pacing on for %2; %3 differ from the recommendation. Select a "
                          "campaign for Apply now.")
                           .arg(m_model->rowCount())
                           .arg(autoOn)
                           .arg(differ));
}

} // namespace icp
