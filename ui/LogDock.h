#pragma once
// The log dock: the application's messages (LogCapture), filterable by minimum level and category, bounded.
// Messages are gathered and added in one batch every 200 ms, so a burst of logging costs one model update.
#include <QDockWidget>
#include <QList>

#include "LogModel.h"

class QComboBox;
class QTableView;
class QTimer;

namespace icp {

class LogFilterProxy;

class LogDock final : public QDockWidget
{
    Q_OBJECT
public:
    explicit LogDock(QWidget *parent = nullptr);

    void addEntry(const icp::LogEntry &entry);
    void flush(); // adds what is gathered now (the timer does this every 200 ms)
    LogModel *model() const { return m_model; }
    LogFilterProxy *filter() const { return m_filter; }
    QComboBox *levelBox() const { return m_level; }
    QComboBox *categoryBox() const { return m_category; }

private:
    void updateCategories();

    LogModel *m_model;
    LogFilterProxy *m_filter;
    QTableView *m_view;
    QComboBox *m_level;
    QComboBox *m_category;
    QTimer *m_flushTimer;
    QList<LogEntry> m_pending;
};

} // namespace icp
