#pragma once
// The Campaigns tab: one row per outbound campaign (CampaignTableModel) with its effective capacity, the pacing
// the engine recommends and what the campaign holds, when it was last applied, an auto-pacing switch per
// campaign (off by default), and Apply now for the selected campaign. The tab only asks: the window passes the
// requests to the engine host, and the engine's snapshots show the outcome.
#include "EngineSnapshot.h"

#include <QWidget>

class QLabel;
class QPushButton;
class QTableView;

namespace icp {

class CampaignTableModel;
class TableFilterProxy;

class CampaignsTab : public QWidget
{
    Q_OBJECT
public:
    explicit CampaignsTab(QWidget *parent = nullptr);

    void applySnapshot(const icp::EngineSnapshot &snapshot);
    void setRegionFilter(const QString &region); // empty: all regions
    // Selects a campaign's row (false when it is not shown).
    bool selectCampaign(const QString &campaignId);

    QTableView *view() const { return m_view; }
    CampaignTableModel *model() const { return m_model; }
    QPushButton *applyNowButton() const { return m_applyNow; }

Q_SIGNALS:
    void autoPacingRequested(const QString &campaignId, bool on);
    void applyNowRequested(const QString &campaignId);

private:
    QString selectedId() const;
    void updateActions();

    CampaignTableModel *m_model;
    TableFilterProxy *m_proxy;
    QTableView *m_view;
    QLabel *m_summary;
    QPushButton *m_applyNow;
    bool m_sized = false;
};

} // namespace icp
