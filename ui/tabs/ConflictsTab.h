#pragma once
// The Conflicts tab, visual conflict inspection: each region's diagnosis in plain words, filters, the recent 409s
// and the inspector of the selected one; the filtered conflicts export as CSV.
#include "EngineSnapshot.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSplitter;
class QTableView;
class QTimer;

namespace icp {

class ConflictInspector;
class ConflictTableModel;
class TableFilterProxy;

class ConflictsTab : public QWidget
{
    Q_OBJECT
public:
    explicit ConflictsTab(QWidget *parent = nullptr);

    void applySnapshot(const icp::EngineSnapshot &snapshot);
    void setRegionFilter(const QString &region); // empty: all regions

    // The records the filters let through, in the view's order.
    QList<ConflictRecord> filteredRecords() const;
    // Writes filteredRecords() as CSV to `path` off the GUI thread; exportFinished reports the result.
    void exportCsv(const QString &path);

    QTableView *view() const { return m_view; }
    ConflictInspector *inspector() const { return m_inspector; }
    ConflictTableModel *model() const { return m_model; }
    QSplitter *splitter() const { return m_splitter; }

Q_SIGNALS:
    void exportFinished(const QString &path, const QString &error); // error empty: written

private:
    void showSelected();
    void updateDiagnosis(const QList<RegionStatus> &regions);
    void updateModifiedByChoices();
    void updateCount();
    void askExportPath();

    ConflictTableModel *m_model;
    TableFilterProxy *m_proxy;
    QLabel *m_diagnosis;
    QLineEdit *m_filter;
    QComboBox *m_modifiedBy;
    QLabel *m_count;
    QPushButton *m_export;
    QTableView *m_view;
    ConflictInspector *m_inspector;
    QSplitter *m_splitter;
    QTimer *m_filterDebounce;
    QList<RegionStatus> m_regions;
    QString m_regionFilter;
    bool m_sized = false;
};

} // namespace icp
