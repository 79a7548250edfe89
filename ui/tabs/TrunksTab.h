#pragma once
// The Trunks tab: one row per BYOC trunk (TrunkTableModel), sortable, with a debounced filter box; a trunk whose
// registration changed flashes for a moment.
#include "EngineSnapshot.h"

#include <QElapsedTimer>
#include <QHash>
#include <QWidget>

class QLabel;
class QLineEdit;
class QTableView;
class QTimer;

namespace icp {

class TableFilterProxy;
class TrunkTableModel;

class TrunksTab : public QWidget
{
    Q_OBJECT
public:
    explicit TrunksTab(QWidget *parent = nullptr);

    void applySnapshot(const icp::EngineSnapshot &snapshot);
    void setRegionFilter(const QString &region); // empty: all regions

    QTableView *view() const { return m_view; }
    TrunkTableModel *model() const { return m_model; }

    static constexpr int kFlashMs = 1500;
    static constexpr int kFilterDebounceMs = 300;

private:
    void expireFlashes();
    void updateSummary();

    TrunkTableModel *m_model;
    TableFilterProxy *m_proxy;
    QTableView *m_view;
    QLineEdit *m_filter;
    QLabel *m_summary;
    QTimer *m_filterDebounce;
    QTimer *m_flashTimer;
    QElapsedTimer m_clock;
    QHash<QString, qint64> m_flashUntil; // trunk id -> m_clock ms
    int m_sizedRows = 0; // row count the columns were last sized for (regions list their trunks one by one)
};

} // namespace icp
