// Tray notifications: a breaker that opens, dead letters that appear; nothing for what was already so.
#include "TrayNotifier.h"

#include <QTest>

using namespace icp;

namespace {
EngineSnapshot snapshot(const QString &apse1Breaker, qint64 deadLetters)
{
    EngineSnapshot s;
    RegionStatus a;
    a.region = QStringLiteral("ap-southeast-1");
    a.breakerState = apse1Breaker;
    a.lastError = QStringLiteral("ap-southeast-1: 503 Service Unavailable");
    RegionStatus u;
    u.region = QStringLiteral("us-east-1");
    u.breakerState = QStringLiteral("closed");
    s.regions << a << u;
    s.outbox.deadLettersOpen = deadLetters;
    return s;
}
} // namespace

class TestTrayNotifier : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void notifiesOnTransitionsOnly();
    void emitsWithOrWithoutATray();
};

void TestTrayNotifier::notifiesOnTransitionsOnly()
{
    const EngineSnapshot closed = snapshot(QStringLiteral("closed"), 0);
    const EngineSnapshot open = snapshot(QStringLiteral("open"), 0);
    const EngineSnapshot openWithDead = snapshot(QStringLiteral("open"), 3);
    QVERIFY(TrayNotifier::notificationsFor(nullptr, closed).isEmpty());
    QVERIFY(TrayNotifier::notificationsFor(&closed, closed).isEmpty());

    auto n = TrayNotifier::notificationsFor(&closed, open);
    QCOMPARE(n.size(), 1);
    QVERIFY(n.first().critical);
    QCOMPARE(n.first().title, QStringLiteral("ap-southeast-1: circuit breaker open"));
    QVERIFY(n.first().text.contains(QStringLiteral("503")));
    QVERIFY(TrayNotifier::notificationsFor(&open, open).isEmpty()); // still open: said already

    n = TrayNotifier::notificationsFor(&open, openWithDead);
    QCOMPARE(n.size(), 1);
    QCOMPARE(n.first().title, QStringLiteral("Dead letters: 3 open"));
    QVERIFY(TrayNotifier::notificationsFor(&openWithDead, snapshot(QStringLiteral("open"), 2)).isEmpty());
    QCOMPARE(TrayNotifier::notificationsFor(nullptr, openWithDead).size(), 2); // first snapshot: both are news
}

void TestTrayNotifier::emitsWithOrWithoutATray()
{
    TrayNotifier notifier(QIcon{});
    QList<TrayNotification> seen;
    connect(&notifier, &TrayNotifier::notified, this, [&seen](const TrayNotification &n) { seen << n; });
    notifier.applySnapshot(snapshot(QStringLiteral("closed"), 0));
    notifier.applySnapshot(snapshot(QStringLiteral("half_open"), 0));
    QVERIFY(seen.isEmpty());
    notifier.applySnapshot(snapshot(QStringLiteral("open"), 1));
    QCOMPARE(seen.size(), 2);
}

QTEST_MAIN(TestTrayNotifier)
#include "tst_traynotifier.moc"
