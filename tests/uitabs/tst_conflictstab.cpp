// The Conflicts tab with real 409s from the seed peak: selecting one fills the inspector (correlation id, both
// bodies, the comparison), selection survives updates, filters and the CSV export.
#include "ConflictInspector.h"
#include "ConflictTableModel.h"
#include "ConflictsTab.h"
#include "SeedPeakRig.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QFile>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <QTextBrowser>

using namespace icp;
using namespace Qt::StringLiterals;

class TestConflictsTab : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void selectingAConflictFillsTheInspector();
    void selectionSurvivesUpdates();
    void diagnosisAndFilters();
    void exportsTheFilteredConflicts();

private:
    // Feeds the tab the seed peak's snapshots (every 250 ms, as the window would see them) up to `untilMs`.
    void feed(ConflictsTab &tab, qint64 untilMs, qint64 fromMs = 0)
    {
        for (const EngineSnapshot &s : std::as_const(m_snapshots)) {
            const qint64 t = s.atMs - m_startMs;
            if (t >= fromMs && t <= untilMs)
                tab.applySnapshot(s);
        }
    }

    // One seed-peak run serves every test.
    QList<EngineSnapshot> m_snapshots;
    qint64 m_startMs = 0;
};

void TestConflictsTab::initTestCase()
{
    QCOMPARE(QGuiApplication::platformName(), u"offscreen"_s);
    SeedPeakRig run(1);
    m_startMs = run.startMs();
    for (qint64 t = 0; t <= 50000; t += 250) {
        run.advanceTo(t);
        m_snapshots << run.snapshot();
    }
}

void TestConflictsTab::selectingAConflictFillsTheInspector()
{
    ConflictsTab tab;
    tab.resize(1280, 700);
    tab.show();
    feed(tab, 40000);
    QVERIFY2(tab.view()->model()->rowCount() > 0, "no conflict in the first 40 s of the seed peak");
    auto *correlation = tab.findChild<QLineEdit *>(u"correlationId"_s);
    auto *response = tab.findChild<QPlainTextEdit *>(u"rawResponse"_s);
    auto *request = tab.findChild<QPlainTextEdit *>(u"rawRequest"_s);
    auto *compare = tab.findChild<QTextBrowser *>(u"inspectorComparison"_s);
    QVERIFY(correlation && response && request && compare);
    QVERIFY(!tab.inspector()->recordId());

    // Click the second row of the (newest-first) table.
    const int row = qMin(1, tab.view()->model()->rowCount() - 1);
    const QRect cell = tab.view()->visualRect(tab.view()->model()->index(row, ConflictTableModel::Group));
    QTest::mouseClick(tab.view()->viewport(), Qt::LeftButton, {}, cell.center());
    const qint64 id = tab.view()->model()->index(row, 0).data(KeyRole).toLongLong();
    QCOMPARE(tab.inspector()->recordId(), std::optional<qint64>(id));
    const ConflictRecord record = *tab.model()->record(id);

    QVERIFY(!record.correlationId.isEmpty());
    QCOMPARE(correlation->text(), record.correlationId);
    // The 409 body and its headers, and the body we sent, both as the engine recorded them.
    const QString answer = response->toPlainText();
    QVERIFY(answer.startsWith(u"HTTP 409"_s));
    QVERIFY2(answer.contains(record.correlationId), qPrintable(answer)); // in a header or the body
    const QJsonDocument responseJson = QJsonDocument::fromJson(record.responseBody);
    QVERIFY(!responseJson.isNull());
    QVERIFY(answer.contains(QString::fromUtf8(responseJson.toJson(QJsonDocument::Indented)).trimmed()));
    const QJsonDocument requestJson = QJsonDocument::fromJson(record.requestBody);
    QVERIFY(!requestJson.isNull());
    QCOMPARE(request->toPlainText(), QString::fromUtf8(requestJson.toJson(QJsonDocument::Indented)).trimmed());
    // Both sides of the comparison: every agent we sent appears, with what the server held.
    const QString comparison = compare->toPlainText();
    QVERIFY(!record.sent.isEmpty());
    for (const AgentAvailability &a : record.sent)
        QVERIFY2(comparison.contains(a.agentId), qPrintable(a.agentId));
    QVERIFY(comparison.contains(u"We sent"_s) && comparison.contains(u"Server after re-read"_s));
    if (!record.reread) // a reconciler 409: rebased on its version without reading the group, and it says so
        QVERIFY2(comparison.contains(u"Not re-read"_s) && comparison.contains(record.modifiedBy), qPrintable(comparison));
    else if (ConflictInspector::differenceCount(record) > 0)
        QVERIFY(comparison.contains(u"≠"_s));

    // Copy puts the correlation id on the clipboard.
    QTest::mouseClick(tab.findChild<QPushButton *>(u"copyCorrelationId"_s), Qt::LeftButton);
    QCOMPARE(QApplication::clipboard()->text(), record.correlationId);
}

void TestConflictsTab::selectionSurvivesUpdates()
{
    ConflictsTab tab;
    tab.resize(1280, 700);
    tab.show();
    feed(tab, 30000);
    QVERIFY(tab.view()->model()->rowCount() > 0);
    tab.view()->selectRow(tab.view()->model()->rowCount() - 1); // the oldest
    const qint64 id = tab.inspector()->recordId().value();
    const int before = tab.model()->rowCount();
    feed(tab, 50000, 30001);
    QVERIFY(tab.model()->rowCount() > before); // newer conflicts arrived
    const QModelIndexList selected = tab.view()->selectionModel()->selectedRows();
    QCOMPARE(selected.size(), 1);
    QCOMPARE(selected.first().data(KeyRole).toLongLong(), id);
    QCOMPARE(tab.inspector()->recordId(), std::optional<qint64>(id));
}

void TestConflictsTab::diagnosisAndFilters()
{
    ConflictsTab tab;
    tab.show();
    feed(tab, 40000);
    auto *diagnosis = tab.findChild<QLabel *>(u"diagnosis"_s);
    QVERIFY(diagnosis->text().contains(u"ap-southeast-1: "_s));
    QVERIFY(diagnosis->text().contains(u"us-east-1: "_s));

    const int all = tab.view()->model()->rowCount();
    tab.setRegionFilter(u"ap-southeast-1"_s);
    const int apse1 = tab.view()->model()->rowCount();
    for (int r = 0; r < apse1; ++r)
        QCOMPARE(tab.view()->model()->index(r, ConflictTableModel::Region).data().toString(), u"ap-southeast-1"_s);
    QVERIFY(!diagnosis->text().contains(u"us-east-1: "_s));
    tab.setRegionFilter({});
    QCOMPARE(tab.view()->model()->rowCount(), all);

    // The text filter is debounced: nothing changes at once, then the proxy filters.
    const QString group = tab.view()->model()->index(0, ConflictTableModel::Group).data().toString();
    tab.findChild<QLineEdit *>(u"conflictFilter"_s)->setText(group);
    QCOMPARE(tab.view()->model()->rowCount(), all);
    QTRY_VERIFY(tab.view()->model()->rowCount() < all || all == 1);
    for (int r = 0; r < tab.view()->model()->rowCount(); ++r)
        QVERIFY(tab.view()->model()->index(r, ConflictTableModel::Group).data().toString().contains(group));

    auto *writer = tab.findChild<QComboBox *>(u"modifiedByFilter"_s);
    QVERIFY(writer->count() >= 2); // "any" and at least one writer from the 409 bodies
}

void TestConflictsTab::exportsTheFilteredConflicts()
{
    ConflictsTab tab;
    feed(tab, 40000);
    tab.setRegionFilter(u"us-east-1"_s);
    const QList<ConflictRecord> shown = tab.filteredRecords();
    QTemporaryDir dir;
    const QString path = dir.filePath(u"conflicts.csv"_s);
    QSignalSpy done(&tab, &ConflictsTab::exportFinished);
    tab.exportCsv(path);
    QTRY_COMPARE(done.size(), 1);
    QCOMPARE(done[0][0].toString(), path);
    QCOMPARE(done[0][1].toString(), QString());
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = f.readAll().split('\n');
    QCOMPARE(lines.size(), shown.size() + 2); // header, rows, the empty rest after the last CRLF
    for (int i = 0; i < shown.size(); ++i)
        QVERIFY(lines[i + 1].startsWith(QByteArray(QByteArray::number(shown[i].id) + ',')));

    // A folder that does not exist: the error names the file.
    const QString bad = dir.filePath(u"missing/sub/conflicts.csv"_s);
    tab.exportCsv(bad);
    QTRY_COMPARE(done.size(), 2);
    QVERIFY(done[1][1].toString().contains(bad));
}

QTEST_MAIN(TestConflictsTab)
#include "tst_conflictstab.moc"
