#include "ConflictsTab.h"

#include "ConflictCsv.h"
#include "ConflictInspector.h"
#include "ConflictTableModel.h"
#include "TableFilterProxy.h"
#include "ViewFormat.h"

#include <QComboBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSaveFile>
#include <QSplitter>
#include <QTableView>
#include <QThread>
#include <QTimer>
#include <QVBoxLayout>

#include <memory>

namespace icp {

ConflictsTab::ConflictsTab(QWidget *parent)
    : QWidget(parent)
    , m_model(new ConflictTableModel(this))
    , m_proxy(new TableFilterProxy(ConflictTableModel::Region, this))
    , m_diagnosis(new QLabel(this))
    , m_filter(new QLineEdit(this))
    , m_modifiedBy(new QComboBox(this))
    , m_count(new QLabel(this))
    , m_export(new QPushButton(tr("Export CSV…"), this))
    , m_view(new QTableView(this))
    , m_inspector(new ConflictInspector(this))
    , m_splitter(new QSplitter(Qt::Horizontal, this))
    , m_filterDebounce(new QTimer(this))
{
    setObjectName(QStringLiteral("conflicts"));
    setAccessibleName(tr("Conflicts"));

    m_diagnosis->setObjectName(QStringLiteral("diagnosis"));
    m_diagnosis->setWordWrap(true);
    m_diagnosis->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_diagnosis->setAccessibleName(tr("Conflict diagnosis per region"));
    m_diagnosis->setToolTip(tr("The engine's reading of where each region's conflicts come from"));
    m_diagnosis->setFrameShape(QFrame::StyledPanel);
    m_diagnosis->setMargin(6);
    m_diagnosis->setBackgroundRole(QPalette::AlternateBase);
    m_diagnosis->setAutoFillBackground(true);

    m_filter->setObjectName(QStringLiteral("conflictFilter"));
    m_filter->setPlaceholderText(tr("Filter conflicts (group, version, resolution…)"));
    m_filter->setClearButtonEnabled(true);
    m_filter->setAccessibleName(tr("Conflict filter"));
    m_filter->setToolTip(tr("Show only conflicts whose row contains this text"));
    m_modifiedBy->setObjectName(QStringLiteral("modifiedByFilter"));
    m_modifiedBy->setAccessibleName(tr("Modified by filter"));
    m_modifiedBy->setToolTip(tr("Show only conflicts caused by this writer"));
    m_modifiedBy->addItem(tr("Any writer"), QString());
    m_modifiedBy->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_count->setObjectName(QStringLiteral("conflictCount"));
    m_count->setAccessibleName(tr("Conflicts shown"));
    m_count->setToolTip(tr("Conflicts shown out of the recent conflicts kept"));
    m_export->setObjectName(QStringLiteral("exportCsv"));
    m_export->setAccessibleName(tr("Export conflicts as CSV"));
    m_export->setToolTip(tr("Save the conflicts shown (after filtering) as a CSV file"));

    m_filterDebounce->setSingleShot(true);
    m_filterDebounce->setInterval(300);
    connect(m_filter, &QLineEdit::textChanged, m_filterDebounce, qOverload<>(&QTimer::start));
    connect(m_filterDebounce, &QTimer::timeout, this, [this]() {
        m_proxy->setText(m_filter->text());
        updateCount();
    });
    connect(m_modifiedBy, &QComboBox::currentIndexChanged, this, [this]() {
        m_proxy->setColumnValue(ConflictTableModel::ModifiedBy, m_modifiedBy->currentData().toString());
        updateCount();
    });
    connect(m_export, &QPushButton::clicked, this, &ConflictsTab::askExportPath);

    m_proxy->setSourceModel(m_model);
    m_view->setObjectName(QStringLiteral("conflictTable"));
    m_view->setAccessibleName(tr("Recent conflicts"));
    m_view->setToolTip(tr("Recent 409 conflicts; select one to inspect it"));
    m_view->setModel(m_proxy);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(ConflictTableModel::Time, Qt::DescendingOrder);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 8);
    m_view->horizontalHeader()->setStretchLastSection(true);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &ConflictsTab::showSelected);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &ConflictsTab::showSelected);

    m_splitter->setObjectName(QStringLiteral("conflictSplitter"));
    m_splitter->addWidget(m_view);
    m_splitter->addWidget(m_inspector);
    m_splitter->setStretchFactor(0, 1);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setSizes({540, 700});
    m_splitter->setChildrenCollapsible(false);

    auto *filters = new QHBoxLayout;
    filters->addWidget(m_filter, 2);
    filters->addWidget(m_modifiedBy);
    filters->addWidget(m_count, 1);
    filters->addWidget(m_export);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_diagnosis);
    layout->addLayout(filters);
    layout->addWidget(m_splitter, 1);
    updateDiagnosis({});
    updateCount();
}

void ConflictsTab::applySnapshot(const icp::EngineSnapshot &snapshot)
{
    m_model->applySnapshot(snapshot);
    m_regions = snapshot.regions;
    updateDiagnosis(m_regions);
    updateModifiedByChoices();
    updateCount();
    // The inspected record may have moved on (a resolution after the re-read).
    if (const auto id = m_inspector->recordId()) {
        if (const ConflictRecord *r = m_model->record(*id))
            m_inspector->setRecord(r);
    }
    if (!m_sized && m_model->rowCount() > 0) {
        m_sized = true;
        m_view->resizeColumnsToContents();
    }
}

void ConflictsTab::setRegionFilter(const QString &region)
{
    m_regionFilter = region;
    m_proxy->setRegion(region);
    updateDiagnosis(m_regions);
    updateCount();
}

QList<ConflictRecord> ConflictsTab::filteredRecords() const
{
    QList<ConflictRecord> out;
    out.reserve(m_proxy->rowCount());
    for (int r = 0; r < m_proxy->rowCount(); ++r)
        out << m_model->rowAt(m_proxy->mapToSource(m_proxy->index(r, 0)).row());
    return out;
}

void ConflictsTab::exportCsv(const QString &path)
{
    const QByteArray csv = ConflictCsv::write(filteredRecords());
    auto error = std::make_shared<QString>();
    // File work stays off the GUI thread.
    QThread *writer = QThread::create([csv, path, error]() {
        QSaveFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(csv) != csv.size() || !file.commit())
            *error = tr("%1: could not write the CSV (%2); choose another folder").arg(path, file.errorString());
    });
    connect(writer, &QThread::finished, this, [this, writer, path, error]() {
        writer->deleteLater();
        Q_EMIT exportFinished(path, *error);
    });
    m_export->setEnabled(false);
    connect(writer, &QThread::finished, m_export, [this]() { m_export->setEnabled(true); });
    writer->start();
}

void ConflictsTab::askExportPath()
{
    auto *dialog = new QFileDialog(this, tr("Export conflicts as CSV"), QString(), tr("CSV files (*.csv)"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->setDefaultSuffix(QStringLiteral("csv"));
    dialog->selectFile(QStringLiteral("conflicts.csv"));
    connect(dialog, &QFileDialog::fileSelected, this, &ConflictsTab::exportCsv);
    dialog->open();
}

void ConflictsTab::showSelected()
{
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    if (rows.isEmpty()) {
        m_inspector->setRecord(nullptr);
        return;
    }
    const QModelIndex src = m_proxy->mapToSource(rows.first());
    m_inspector->setRecord(&m_model->rowAt(src.row()));
}

void ConflictsTab::updateDiagnosis(const QList<RegionStatus> &regions)
{
    QStringList lines;
    for (const RegionStatus &r : regions) {
        if (!m_regionFilter.isEmpty() && r.region != m_regionFilter)
            continue;
        QString line = r.region + QStringLiteral(": ");
        if (r.diagnosis.isEmpty()) {
            int recorded = 0;
            for (const ConflictRecord &c : m_model->rows())
                recorded += c.region == r.region ? 1 : 0;
            line += tr("no diagnosis from the engine yet (%n recent conflict(s) listed below)", nullptr, recorded);
        } else {
            line += r.diagnosis;
        }
        if (r.settleWindowMs > 0 && !r.diagnosis.contains(QLatin1String("settle")))
            line += tr("; settle window now %1").arg(ViewFormat::duration(r.settleWindowMs));
        lines << line;
    }
    m_diagnosis->setText(lines.isEmpty() ? tr("Diagnosis: waiting for the engine's first report.") : lines.join(QLatin1Char('\n')));
}

void ConflictsTab::updateModifiedByChoices()
{
    QStringList writers;
    for (const ConflictRecord &r : m_model->rows()) {
        if (!r.modifiedBy.isEmpty() && !writers.contains(r.modifiedBy))
            writers << r.modifiedBy;
    }
    writers.sort();
    for (const QString &w : std::as_const(writers)) {
        if (m_modifiedBy->findData(w) < 0)
            m_modifiedBy->addItem(w, w);
    }
}

void ConflictsTab::updateCount()
{
    m_count->setText(tr("%1 of %2 recent conflicts").arg(m_proxy->rowCount()).arg(m_model->rowCount()));
    m_export->setEnabled(m_proxy->rowCount() > 0);
}

} // namespace icp
