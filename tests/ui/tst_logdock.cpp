// The log dock's pieces: the bounded model, the level/category filter, the message handler's hop to the GUI thread.
#include "LogCapture.h"
#include "LogDock.h"
#include "LogFilterProxy.h"
#include "LogModel.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QLoggingCategory>
#include <QSignalSpy>
#include <QTest>
#include <QThread>

using namespace icp;

namespace {
Q_LOGGING_CATEGORY(lcTestWorker, "icp.test.worker")

LogEntry entry(int n, QtMsgType type = QtInfoMsg, const QString &category = QStringLiteral("icp.test"))
{
    return LogEntry{1000 + n, type, category, QStringLiteral("message %1").arg(n)};
}

QList<LogEntry> entries(int from, int count)
{
    QList<LogEntry> out;
    for (int i = from; i < from + count; ++i)
        out << entry(i);
    return out;
}
} // namespace

class TestLogDock : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void modelKeepsTheNewestWithinItsBound();
    void batchLargerThanTheBound();
    void filterByLevelAndCategory_data();
    void filterByLevelAndCategory();
    void captureHopsToTheGuiThread();
    void dockAddsGatheredMessagesInOneBatch();
};

void TestLogDock::modelKeepsTheNewestWithinItsBound()
{
    LogModel model(10);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    model.append(entries(0, 4));
    QCOMPARE(model.rowCount(), 4);
    QCOMPARE(inserted.count(), 1);
    model.append(entries(4, 8));
    QCOMPARE(model.rowCount(), 10);
    QCOMPARE(inserted.count(), 2);  // one insert per batch
    QCOMPARE(removed.count(), 1);   // the two oldest went in one removal
    QCOMPARE(model.entry(0).message, QStringLiteral("message 2"));
    QCOMPARE(model.index(9, LogModel::MessageColumn).data().toString(), QStringLiteral("message 11"));
    QCOMPARE(model.index(9, LogModel::LevelColumn).data().toString(), QStringLiteral("info"));
}

void TestLogDock::batchLargerThanTheBound()
{
    LogModel model(10);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.append(entries(0, 3));
    model.append(entries(3, 25));
    QCOMPARE(model.rowCount(), 10);
    QCOMPARE(model.entry(0).message, QStringLiteral("message 18"));
    QCOMPARE(model.entry(9).message, QStringLiteral("message 27"));
}

void TestLogDock::filterByLevelAndCategory_data()
{
    QTest::addColumn<int>("minRank");
    QTest::addColumn<QString>("category");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("everything") << 0 << QString()
                                << QStringList{QStringLiteral("message 0"), QStringLiteral("message 1"),
                                               QStringLiteral("message 2"), QStringLiteral("message 3")};
    QTest::newRow("warnings and above") << 2 << QString()
                                        << QStringList{QStringLiteral("message 2"), QStringLiteral("message 3")};
    QTest::newRow("engine only") << 0 << QStringLiteral("icp.engine")
                                 << QStringList{QStringLiteral("message 1"), QStringLiteral("message 3")};
    QTest::newRow("engine warnings") << 2 << QStringLiteral("icp.engine") << QStringList{QStringLiteral("message 3")};
    QTest::newRow("no such category") << 0 << QStringLiteral("nope") << QStringList{};
}

void TestLogDock::filterByLevelAndCategory()
{
    QFETCH(int, minRank);
    QFETCH(QString, category);
    QFETCH(QStringList, expected);
    LogModel model(100);
    LogFilterProxy proxy;
    proxy.setSourceModel(&model);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.append({entry(0, QtDebugMsg, QStringLiteral("icp.console")), entry(1, QtInfoMsg, QStringLiteral("icp.engine")),
                  entry(2, QtWarningMsg, QStringLiteral("icp.console")),
                  entry(3, QtCriticalMsg, QStringLiteral("icp.engine"))});
    proxy.setMinimumLevelRank(minRank);
    proxy.setCategory(category);
    QStringList shown;
    for (int r = 0; r < proxy.rowCount(); ++r)
        shown << proxy.index(r, LogModel::MessageColumn).data().toString();
    QCOMPARE(shown, expected);
    QCOMPARE(model.categories(), (QStringList{QStringLiteral("icp.console"), QStringLiteral("icp.engine")}));
}

void TestLogDock::captureHopsToTheGuiThread()
{
    LogCapture capture;
    capture.install();
    QVERIFY(capture.isInstalled());
    QList<LogEntry> got;
    QList<QThread *> threads;
    connect(&capture, &LogCapture::messageLogged, this, [&](const LogEntry &e) {
        if (e.category == QLatin1String("icp.test.worker")) {
            got << e;
            threads << QThread::currentThread();
        }
    });
    QThread *worker = QThread::create([]() { qCWarning(lcTestWorker) << "from the worker"; });
    worker->start();
    QVERIFY(worker->wait(5000));
    delete worker;
    QTRY_COMPARE(got.size(), 1);
    QCOMPARE(got.first().type, QtWarningMsg);
    QVERIFY(got.first().message.contains(QStringLiteral("from the worker")));
    QCOMPARE(threads.first(), QThread::currentThread());

    capture.uninstall();
    QVERIFY(!capture.isInstalled());
    qCWarning(lcTestWorker) << "after uninstall";
    QTest::qWait(50);
    QCOMPARE(got.size(), 1);
}

void TestLogDock::dockAddsGatheredMessagesInOneBatch()
{
    LogDock dock;
    QSignalSpy inserted(dock.model(), &QAbstractItemModel::rowsInserted);
    for (int i = 0; i < 3; ++i)
        dock.addEntry(entry(i, QtWarningMsg));
    QCOMPARE(dock.model()->rowCount(), 0); // gathered, not yet added
    QTRY_COMPARE(dock.model()->rowCount(), 3);
    QCOMPARE(inserted.count(), 1);
    // The level box drives the filter: "Critical only" hides the warnings.
    dock.levelBox()->setCurrentIndex(3);
    QCOMPARE(dock.filter()->rowCount(), 0);
    dock.levelBox()->setCurrentIndex(0);
    QCOMPARE(dock.filter()->rowCount(), 3);
}

QTEST_MAIN(TestLogDock)
#include "tst_logdock.moc"
