#include "DeadLettersTab.h"

#include "DeadLetterModel.h"
#include "TableFilterProxy.h"
#include "ViewFormat.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace icp {

DeadLettersTab::DeadLettersTab(QWidget *parent)
    : QWidget(parent)
    , m_model(new DeadLetterModel(this))
    , m_proxy(new TableFilterProxy(DeadLetterModel::Region, this))
    , m_summary(new QLabel(this))
    , m_view(new QTableView(this))
    , m_history(new QTextBrowser(this))
    , m_retry(new QPushButton(tr("Retry"), this))
    , m_discard(new QPushButton(tr("Discard…"), this))
{
    setObjectName(QStringLiteral("deadletters"));
    setAccessibleName(tr("Dead letters"));

    m_summary->setObjectName(QStringLiteral("deadLetterSummary"));
    m_summary->setAccessibleName(tr("Dead letter count"));
    m_summary->setToolTip(tr("Open dead letters: changes the engine gave up on"));
    m_retry->setObjectName(QStringLiteral("retryDeadLetters"));
    m_retry->setAccessibleName(tr("Retry selected dead letters"));
    m_retry->setToolTip(tr("Queue the selected changes again (skipped when something newer is already held)"));
    m_retry->setIcon(style()->standardIcon(QStyle::SP_BrowserReload));
    m_discard->setObjectName(QStringLiteral("discardDeadLetters"));
    m_discard->setAccessibleName(tr("Discard selected dead letters"));
    m_discard->setToolTip(tr("Drop the selected changes for good (asks for confirmation)"));
    m_discard->setIcon(style()->standardIcon(QStyle::SP_TrashIcon));
    connect(m_retry, &QPushButton::clicked, this, [this]() {
        const QList<qint64> ids = selectedIds();
        if (!ids.isEmpty())
            Q_EMIT retryRequested(ids);
    });
    connect(m_discard, &QPushButton::clicked, this, &DeadLettersTab::askDiscard);

    m_proxy->setSourceModel(m_model);
    m_view->setObjectName(QStringLiteral("deadLetterTable"));
    m_view->setAccessibleName(tr("Dead letters table"));
    m_view->setToolTip(tr("Changes that could not be applied; select one or more to retry or discard"));
    m_view->setModel(m_proxy);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(DeadLetterModel::DeadAt, Qt::DescendingOrder);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 8);
    m_view->horizontalHeader()->setStretchLastSection(true);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &DeadLettersTab::selectionChanged);

    m_history->setObjectName(QStringLiteral("deadLetterHistory"));
    m_history->setAccessibleName(tr("Dead letter history"));
    m_history->setToolTip(tr("What happened to the selected change, attempt by attempt"));

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_summary, 1);
    buttons->addWidget(m_retry);
    buttons->addWidget(m_discard);
    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_view);
    splitter->addWidget(m_history);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    splitter->setChildrenCollapsible(false);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(buttons);
    layout->addWidget(splitter, 1);
    selectionChanged();
}

void DeadLettersTab::applySnapshot(const icp::EngineSnapshot &snapshot)
{
    m_model->applySnapshot(snapshot);
    if (!m_sized && m_model->rowCount() > 0) {
        m_sized = true;
        m_view->resizeColumnsToContents();
    }
    selectionChanged();
}

void DeadLettersTab::setRegionFilter(const QString &region)
{
    m_proxy->setRegion(region);
    selectionChanged();
}

QList<qint64> DeadLettersTab::selectedIds() const
{
    QList<qint64> ids;
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    for (const QModelIndex &i : rows)
        ids << m_model->rowAt(m_proxy->mapToSource(i).row()).id;
    return ids;
}

QString DeadLettersTab::historyText(const DeadLetter &d)
{
    QString out = tr("Dead letter #%1 — agent %2 in %3 / %4\n").arg(d.id).arg(d.change.agentId, d.region, d.skillGroupId);
    out += tr("Change: %1, capacity %2, observed %3\n")
               .arg(agentStatusName(d.change.status))
               .arg(d.change.capacity)
               .arg(ViewFormat::dateTime(d.change.sourceTimestampMs));
    out += tr("Accepted %1; dead-lettered %2 after %n attempt(s)\n", nullptr, d.attempts)
               .arg(ViewFormat::dateTime(d.acceptedAtMs), ViewFormat::dateTime(d.deadAtMs));
    out += tr("Reason: %1\n\nHistory:\n").arg(d.reason);
    const QJsonDocument doc = QJsonDocument::fromJson(d.historyJson.toUtf8());
    const QJsonArray steps = doc.array();
    if (steps.isEmpty())
        out += tr("  (no conflict attempts recorded; see the reason above)\n");
    for (const QJsonValue &v : steps) {
        const QJsonObject o = v.toObject();
        const qint64 delay = o.value(QLatin1String("delayMs")).toInteger();
        out += QStringLiteral("  %1  %2%3\n")
                   .arg(o.value(QLatin1String("at")).toString(),
                        delay > 0 ? tr("after %1 backoff: ").arg(ViewFormat::duration(delay)) : QString(),
                        o.value(QLatin1String("outcome")).toString());
    }
    return out;
}

void DeadLettersTab::selectionChanged()
{
    const QList<qint64> ids = selectedIds();
    m_retry->setEnabled(!ids.isEmpty());
    m_discard->setEnabled(!ids.isEmpty());
    m_summary->setText(m_model->rowCount() == 0 ? tr("No dead letters: every change was applied or superseded.")
                                                : tr("%1 open dead letter(s), %2 shown, %3 selected")
                                                      .arg(m_model->rowCount())
                                                      .arg(m_proxy->rowCount())
                                                      .arg(ids.size()));
    if (ids.size() == 1) {
        if (const DeadLetter *d = m_model->deadLetter(ids.first()))
            m_history->setPlainText(historyText(*d));
    } else {
        m_history->setPlainText(ids.isEmpty() ? tr("Select a dead letter to see its history.")
                                              : tr("%1 dead letters selected.").arg(ids.size()));
    }
}

void DeadLettersTab::askDiscard()
{
    const QList<qint64> ids = selectedIds();
    if (ids.isEmpty())
        return;
    // Window-modal and asynchronous: no nested event loop.
    auto *box = new QMessageBox(QMessageBox::Warning, tr("Discard dead letters"),
                                tr("Discard %n dead letter(s)? The changes are dropped for good and will not be written.",
                                   nullptr, int(ids.size())),
                                QMessageBox::Discard | QMessageBox::Cancel, this);
    box->setObjectName(QStringLiteral("confirmDiscard"));
    box->setDefaultButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [this, box, ids]() {
        if (box->clickedButton() == box->button(QMessageBox::Discard))
            Q_EMIT discardRequested(ids);
    });
    box->open();
}

} // namespace icp
