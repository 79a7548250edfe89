// A region card shows a snapshot's numbers, states in words and icons as well as colour, readable on light and dark.
#include "RegionCard.h"
#include "Theme.h"

#include <QLabel>
#include <QTest>

#include <cmath>

using namespace icp;

namespace {
double luminance(const QColor &c)
{
    auto channel = [](double v) { return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF());
}

double contrast(const QColor &a, const QColor &b)
{
    const double la = luminance(a), lb = luminance(b);
    return (qMax(la, lb) + 0.05) / (qMin(la, lb) + 0.05);
}

RegionFleet fleet(int registered, int total)
{
    RegionFleet f;
    f.region = QStringLiteral("ap-southeast-1");
    f.displayName = QStringLiteral("Asia Pacific (Singapore)");
    f.trunksKnown = true;
    f.trunksTotal = total;
    f.trunksRegistered = registered;
    f.agentsLoggedIn = 312;
    f.agentsAvailable = 187;
    f.capacity = 420;
    f.effectiveCapacity = 365;
    return f;
}
} // namespace

class TestRegionCard : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void trunkHealth_data();
    void trunkHealth();
    void showsTheSnapshotNumbers();
    void lastMinuteCountsFromCumulativeCounters();
    void syncStatesInWords_data();
    void syncStatesInWords();
    void readableInLightAndDark_data();
    void readableInLightAndDark();
};

void TestRegionCard::trunkHealth_data()
{
    QTest::addColumn<bool>("known");
    QTest::addColumn<int>("registered");
    QTest::addColumn<int>("total");
    QTest::addColumn<int>("health");
    QTest::newRow("not listed yet") << false << 0 << 0 << int(RegionCard::TrunkHealth::Unknown);
    QTest::newRow("all registered") << true << 8 << 8 << int(RegionCard::TrunkHealth::AllRegistered);
    QTest::newRow("one down") << true << 7 << 8 << int(RegionCard::TrunkHealth::Degraded);
    QTest::newRow("all down") << true << 0 << 8 << int(RegionCard::TrunkHealth::Down);
    QTest::newRow("no trunks") << true << 0 << 0 << int(RegionCard::TrunkHealth::Unknown);
}

void TestRegionCard::trunkHealth()
{
    QFETCH(bool, known);
    QFETCH(int, registered);
    QFETCH(int, total);
    QFETCH(int, health);
    RegionFleet f = fleet(registered, total);
    f.trunksKnown = known;
    QCOMPARE(int(RegionCard::trunkHealth(f)), health);
}

void TestRegionCard::showsTheSnapshotNumbers()
{
    RegionCard card(QStringLiteral("ap-southeast-1"), QString());
    QVERIFY(card.trunksText().contains(QStringLiteral("not listed yet")));
    const RegionFleet f = fleet(7, 8);
    RegionStatus s;
    s.region = f.region;
    s.state = RegionSyncState::Throttled;
    s.pending = 40;
    s.inFlight = 2;
    s.conflictsLastMinute = 13;
    s.throttledLastMinute = 4;
    s.stalenessP99Ms = 2300;
    card.apply(&f, &s);
    QCOMPARE(card.trunksText(), QStringLiteral("Trunks 7/8 registered: degraded"));
    QCOMPARE(card.agentsText(), QStringLiteral("Agents 187 available / 312 logged in"));
    QCOMPARE(card.capacityText(), QStringLiteral("Effective capacity 365 (of 420)"));
    QCOMPARE(card.syncText(), QStringLiteral("Sync throttled, 42 pending"));
    QCOMPARE(card.errorsText(), QStringLiteral("409s 13, 429s 4 in the last minute"));
    QVERIFY2(card.stalenessText().startsWith(QStringLiteral("p99 staleness 2.3")), qPrintable(card.stalenessText()));
    QVERIFY(card.findChild<QLabel *>(QStringLiteral("title"))->text().contains(QStringLiteral("Singapore")));
    // The state is an icon and words too, and the whole card reads out for a screen reader.
    auto *icon = card.findChild<QLabel *>(QStringLiteral("trunksIcon"));
    QVERIFY(icon && !icon->pixmap().isNull());
    QCOMPARE(icon->accessibleName(), QStringLiteral("degraded"));
    QVERIFY(card.accessibleDescription().contains(QStringLiteral("7/8")));
    QVERIFY(!card.accessibleName().isEmpty());
}

void TestRegionCard::lastMinuteCountsFromCumulativeCounters()
{
    RegionCard card(QStringLiteral("ap-southeast-1"), QString());
    RegionStatus s;
    s.region = QStringLiteral("ap-southeast-1");
    auto at = [&](qint64 atMs, qint64 conflicts, qint64 throttled) {
        s.conflicts409 = conflicts;
        s.throttled429 = throttled;
        card.apply(nullptr, &s, atMs);
        return card.errorsText();
    };
    QCOMPARE(at(100'000, 10, 1), QStringLiteral("409s 0, 429s 0 in the last minute"));
    QCOMPARE(at(130'000, 25, 3), QStringLiteral("409s 15, 429s 2 in the last minute"));
    QCOMPARE(at(160'000, 40, 3), QStringLiteral("409s 30, 429s 2 in the last minute"));
    // The sample at 100 s is now over a minute old: counted from 130 s on.
    QCOMPARE(at(170'000, 41, 3), QStringLiteral("409s 16, 429s 0 in the last minute"));
    // Counts the engine fills itself win when larger.
    s.conflictsLastMinute = 99;
    QCOMPARE(at(171'000, 41, 3), QStringLiteral("409s 99, 429s 0 in the last minute"));
}

void TestRegionCard::syncStatesInWords_data()
{
    QTest::addColumn<int>("state");
    QTest::addColumn<QString>("words");
    QTest::newRow("running") << int(RegionSyncState::Running) << QStringLiteral("running");
    QTest::newRow("paused") << int(RegionSyncState::Paused) << QStringLiteral("paused");
    QTest::newRow("throttled") << int(RegionSyncState::Throttled) << QStringLiteral("throttled");
    QTest::newRow("circuit open") << int(RegionSyncState::CircuitOpen) << QStringLiteral("circuit open");
    QTest::newRow("resyncing") << int(RegionSyncState::Resyncing) << QStringLiteral("resyncing 3/8");
    QTest::newRow("blocked") << int(RegionSyncState::Blocked) << QStringLiteral("blocked");
}

void TestRegionCard::syncStatesInWords()
{
    QFETCH(int, state);
    QFETCH(QString, words);
    RegionCard card(QStringLiteral("us-east-1"), QStringLiteral("US East"));
    RegionStatus s;
    s.region = QStringLiteral("us-east-1");
    s.state = RegionSyncState(state);
    s.resyncDone = 3;
    s.resyncTotal = 8;
    card.apply(nullptr, &s);
    QVERIFY2(card.syncText().startsWith(QStringLiteral("Sync ") + words), qPrintable(card.syncText()));
    QCOMPARE(card.findChild<QLabel *>(QStringLiteral("syncIcon"))->accessibleName(), words);
    QVERIFY(card.agentsText().contains(QStringLiteral("no data yet")));
}

void TestRegionCard::readableInLightAndDark_data()
{
    QTest::addColumn<int>("theme");
    QTest::addColumn<int>("registered");
    QTest::newRow("light, all registered") << int(Theme::Light) << 8;
    QTest::newRow("light, degraded") << int(Theme::Light) << 7;
    QTest::newRow("light, down") << int(Theme::Light) << 0;
    QTest::newRow("dark, all registered") << int(Theme::Dark) << 8;
    QTest::newRow("dark, degraded") << int(Theme::Dark) << 7;
    QTest::newRow("dark, down") << int(Theme::Dark) << 0;
}

void TestRegionCard::readableInLightAndDark()
{
    QFETCH(int, theme);
    QFETCH(int, registered);
    RegionCard card(QStringLiteral("ap-southeast-1"), QString());
    const RegionFleet f = fleet(registered, 8);
    card.apply(&f, nullptr);
    const QPalette pal = themePalette(Theme(theme));
    card.setPalette(pal); // the card re-derives its state colours for the new palette
    auto *label = card.findChild<QLabel *>(QStringLiteral("trunks"));
    const QColor text = label->palette().color(QPalette::WindowText);
    const QColor window = pal.color(QPalette::Window);
    QVERIFY2(contrast(text, window) >= 4.5,
             qPrintable(QStringLiteral("contrast %1 of %2 on %3").arg(contrast(text, window)).arg(text.name(), window.name())));
    // The state colour is not just the plain text colour: it carries the state (alongside icon and words).
    QVERIFY(text != pal.color(QPalette::WindowText));
}

QTEST_MAIN(TestRegionCard)
#include "tst_regioncard.moc"
