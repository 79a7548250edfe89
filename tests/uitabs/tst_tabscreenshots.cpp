// Screenshots of each tab at 1280x700 from real seed-peak snapshots, in the default palette and a dark one, so a
// person can look at them. Written to $ICP_SHOT_DIR when set (e.g. /work/notes/shots), else to a temporary dir.
#include "ConflictInspector.h"
#include "ConflictTableModel.h"
#include "ConflictsTab.h"
#include "DeadLetterRig.h"
#include "DeadLettersTab.h"
#include "SyncQueueModel.h"
#include "SyncQueueTab.h"
#include "TrunksTab.h"

#include <QApplication>
#include <QDir>
#include <QImage>
#include <QPixmap>
#include <QTableView>
#include <QTest>

using namespace icp;
using namespace Qt::StringLiterals;

namespace {

QPalette darkPalette()
{
    QPalette p;
    const QColor window(0x2b, 0x2d, 0x30), base(0x1e, 0x1f, 0x22), text(0xdf, 0xe1, 0xe5);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, QColor(0x26, 0x28, 0x2b));
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, window);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::ToolTipBase, base);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, QColor(0x8c, 0x8f, 0x94));
    p.setColor(QPalette::Highlight, QColor(0x35, 0x74, 0xf0));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Mid, QColor(0x55, 0x58, 0x5c));
    p.setColor(QPalette::Light, QColor(0x45, 0x48, 0x4c));
    p.setColor(QPalette::Dark, QColor(0x18, 0x19, 0x1b));
    p.setColor(QPalette::Disabled, QPalette::Text, QColor(0x70, 0x73, 0x78));
    p.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0x70, 0x73, 0x78));
    return p;
}

// How much of the retry status a queue snapshot shows: backoffs after 409s first, then any countdown.
int queueInterest(const EngineSnapshot &s)
{
    int n = 0;
    for (const BatchStatus &b : s.batches) {
        n += b.nextAttemptAtMs > s.atMs ? 10 : 0;
        n += b.state == WriterState::BackingOff ? 100 : 0;
        n += b.attempt > 1 ? 5 : 0;
        n += 1;
    }
    return n;
}

} // namespace

class TestTabScreenshots : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void seedPeakTabs();
    void deadLetters();

private:
    // Grabs the widget in the light and the dark palette; checks the picture is not blank.
    void shoot(QWidget &w, const QString &name)
    {
        for (const bool dark : {false, true}) {
            w.setPalette(dark ? darkPalette() : QApplication::palette());
            w.resize(1280, 700);
            w.show();
            QCoreApplication::sendPostedEvents(); // pending layout and polish requests
            const QImage img = w.grab().toImage();
            QCOMPARE(img.size(), QSize(1280, 700));
            QSet<QRgb> colours;
            for (int y = 0; y < img.height(); y += 7)
                for (int x = 0; x < img.width(); x += 7)
                    colours.insert(img.pixel(x, y));
            QVERIFY2(colours.size() > 8, qPrintable(name + u" looks blank"_s));
            const QString path = m_dir.filePath(name + (dark ? u"-dark.png"_s : u".png"_s));
            QVERIFY2(img.save(path), qPrintable(path));
            qInfo("%s", qPrintable(path));
        }
    }

    QDir m_dir;
    QTemporaryDir m_tmp;
};

void TestTabScreenshots::initTestCase()
{
    const QString dir = qEnvironmentVariable("ICP_SHOT_DIR");
    m_dir = QDir(dir.isEmpty() ? m_tmp.path() : dir);
    QVERIFY(m_dir.mkpath(u"."_s));
}

void TestTabScreenshots::seedPeakTabs()
{
    SeedPeakRig run(1);
    TrunksTab trunks;
    ConflictsTab conflicts;
    EngineSnapshot busiest;
    for (qint64 t = 0; t <= 47000; t += 50) {
        run.advanceTo(t);
        const EngineSnapshot s = run.snapshot();
        if (t % 250 == 0) {
            trunks.applySnapshot(s);
            conflicts.applySnapshot(s);
        }
        if (t >= 20000 && queueInterest(s) > queueInterest(busiest))
            busiest = s;
    }
    QVERIFY(!busiest.batches.isEmpty());
    qInfo("queue shot at %.2f s: %lld batches, interest %d", double(busiest.atMs - run.startMs()) / 1000.0,
          qlonglong(busiest.batches.size()), queueInterest(busiest));

    SyncQueueTab queue;
    queue.applySnapshot(busiest);
    shoot(queue, u"queue"_s);
    shoot(trunks, u"trunks"_s);

    // Inspect the conflict with the most attempts and differences.
    int best = 0;
    int bestScore = -1;
    for (int r = 0; r < conflicts.view()->model()->rowCount(); ++r) {
        const ConflictRecord *c = conflicts.model()->record(conflicts.view()->model()->index(r, 0).data(KeyRole).toLongLong());
        const int score = int(c->attempts.size()) * 10 + ConflictInspector::differenceCount(*c);
        if (score > bestScore) {
            bestScore = score;
            best = r;
        }
    }
    conflicts.view()->selectRow(best);
    if (qEnvironmentVariableIsSet("ICP_SHOT_DEBUG")) {
        const ConflictRecord *c = conflicts.model()->record(conflicts.view()->model()->index(best, 0).data(KeyRole).toLongLong());
        qInfo("conflict %lld at %lld", c->id, c->atMs);
        for (const ConflictAttempt &a : c->attempts)
            qInfo("  %lld +%lld delay %lld %s", a.atMs, a.atMs - c->atMs, a.delayMs, qPrintable(a.outcome));
    }
    QVERIFY(conflicts.inspector()->recordId());
    shoot(conflicts, u"conflicts"_s);
}

void TestTabScreenshots::deadLetters()
{
    DeadLetterRig run;
    QVERIFY(run.runUntilDead());
    DeadLettersTab tab;
    tab.applySnapshot(run.snapshot());
    tab.view()->selectRow(0);
    shoot(tab, u"deadletters"_s);
}

QTEST_MAIN(TestTabScreenshots)
#include "tst_tabscreenshots.moc"
