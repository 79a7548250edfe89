#include "LogDock.h"

#include "LogFilterProxy.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QScrollBar>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace icp {

LogDock::LogDock(QWidget *parent)
    : QDockWidget(tr("Log"), parent)
    , m_model(new LogModel(5000, this))
    , m_filter(new LogFilterProxy(this))
    , m_view(new QTableView)
    , m_level(new QComboBox)
    , m_category(new QComboBox)
    , m_flushTimer(new QTimer(this))
{
    setObjectName(QStringLiteral("logDock"));
    setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable | QDockWidget::DockWidgetClosable);

    m_filter->setSourceModel(m_model);
    m_view->setModel(m_filter);
    m_view->setObjectName(QStringLiteral("logView"));
    m_view->setAccessibleName(tr("Application log"));
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 4);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setWordWrap(false);
    m_view->setColumnWidth(LogModel::TimeColumn, 100);
    m_view->setColumnWidth(LogModel::LevelColumn, 70);
    m_view->setColumnWidth(LogModel::CategoryColumn, 140);

    m_level->setAccessibleName(tr("Minimum log level"));
    m_level->setToolTip(tr("Show messages of this level and above"));
    m_level->addItem(tr("Debug and above"), 0);
    m_level->addItem(tr("Info and above"), 1);
    m_level->addItem(tr("Warnings and above"), 2);
    m_level->addItem(tr("Critical only"), 3);
    m_level->setCurrentIndex(1);
    m_filter->setMinimumLevelRank(1);
    connect(m_level, &QComboBox::currentIndexChanged, this,
            [this](int) { m_filter->setMinimumLevelRank(m_level->currentData().toInt()); });

    m_category->setAccessibleName(tr("Log category"));
    m_category->setToolTip(tr("Show messages of one category"));
    m_category->addItem(tr("All categories"), QString());
    m_category->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    connect(m_category, &QComboBox::currentIndexChanged, this,
            [this](int) { m_filter->setCategory(m_category->currentData().toString()); });
    connect(m_model, &LogModel::categoriesChanged, this, &LogDock::updateCategories);

    auto *clear = new QPushButton(tr("Clear"));
    clear->setToolTip(tr("Remove every message from the log view"));
    clear->setAccessibleName(tr("Clear log"));
    connect(clear, &QPushButton::clicked, m_model, &LogModel::clear);

    auto *bar = new QHBoxLayout;
    auto *levelLabel = new QLabel(tr("&Level:"));
    levelLabel->setBuddy(m_level);
    auto *categoryLabel = new QLabel(tr("&Category:"));
    categoryLabel->setBuddy(m_category);
    bar->addWidget(levelLabel);
    bar->addWidget(m_level);
    bar->addWidget(categoryLabel);
    bar->addWidget(m_category);
    bar->addStretch();
    bar->addWidget(clear);

    auto *content = new QWidget;
    auto *layout = new QVBoxLayout(content);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(bar);
    layout->addWidget(m_view);
    setWidget(content);

    m_flushTimer->setInterval(200);
    m_flushTimer->setSingleShot(true);
    connect(m_flushTimer, &QTimer::timeout, this, &LogDock::flush);
}

void LogDock::addEntry(const LogEntry &entry)
{
    m_pending.append(entry);
    if (m_pending.size() > m_model->capacity())
        m_pending.remove(0, m_pending.size() - m_model->capacity());
    if (!m_flushTimer->isActive())
        m_flushTimer->start();
}

void LogDock::flush()
{
    m_flushTimer->stop();
    if (m_pending.isEmpty())
        return;
    QScrollBar *bar = m_view->verticalScrollBar();
    const bool atBottom = bar->value() >= bar->maximum() - 2;
    m_model->append(m_pending);
    m_pending.clear();
    if (atBottom)
        m_view->scrollToBottom();
}

void LogDock::updateCategories()
{
    const QString current = m_category->currentData().toString();
    const QSignalBlocker block(m_category);
    while (m_category->count() > 1)
        m_category->removeItem(1);
    for (const QString &c : m_model->categories())
        m_category->addItem(c, c);
    const int idx = m_category->findData(current);
    m_category->setCurrentIndex(idx < 0 ? 0 : idx);
}

} // namespace icp
