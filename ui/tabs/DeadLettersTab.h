#pragma once
// The Dead letters tab: the changes that could not be applied, the history of the selected one, and Retry /
// Discard for the selection. Retry goes straight out; Discard asks first (it cannot be undone).
#include "EngineSnapshot.h"

#include <QWidget>

class QLabel;
class QMessageBox;
class QPushButton;
class QTableView;
class QTextBrowser;

namespace icp {

class DeadLetterModel;
class TableFilterProxy;

class DeadLettersTab : public QWidget
{
    Q_OBJECT
public:
    explicit DeadLettersTab(QWidget *parent = nullptr);

    void applySnapshot(const icp::EngineSnapshot &snapshot);
    void setRegionFilter(const QString &region); // empty: all regions

    // The ids of the selected dead letters, in the view's order.
    QList<qint64> selectedIds() const;

    QTableView *view() const { return m_view; }
    DeadLetterModel *model() const { return m_model; }
    QPushButton *retryButton() const { return m_retry; }
    QPushButton *discardButton() const { return m_discard; }

    // Pure: the history of a dead letter in plain lines.
    static QString historyText(const DeadLetter &deadLetter);

Q_SIGNALS:
    void retryRequested(const QList<qint64> &ids);
    void discardRequested(const QList<qint64> &ids);

private:
    void selectionChanged();
    void askDiscard();

    DeadLetterModel *m_model;
    TableFilterProxy *m_proxy;
    QLabel *m_summary;
    QTableView *m_view;
    QTextBrowser *m_history;
    QPushButton *m_retry;
    QPushButton *m_discard;
    bool m_sized = false;
};

} // namespace icp
