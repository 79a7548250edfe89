// Settings persist through QSettings, clamp what they load, reach the engine's config, and keep secrets out of
// the settings file (they go to the SecretStore).
#include "ConsoleSettings.h"
#include "EngineConfig.h"
#include "MemorySecretStore.h"
#include "SettingsDialog.h"

#include <QComboBox>
#include <QFile>
#include <QLineEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>

using namespace icp;

namespace {
ConsoleSettings sample()
{
    ConsoleSettings s = ConsoleSettings::fromEngineConfig(EngineConfig{});
    s.regions << RegionSettings{QStringLiteral("ap-southeast-1"), QUrl(QStringLiteral("https://icp.apse1.example")),
                                QUrl(QStringLiteral("https://api.mypurecloud.com.au")),
                                QUrl(QStringLiteral("https://login.mypurecloud.com.au")), QStringLiteral("client-apse1")};
    s.regions << RegionSettings{QStringLiteral("us-east-1"), {}, {}, {}, QStringLiteral("client-use1")};
    s.batchMax = 50;
    s.churnGatherMs = 900;
    s.maxAttempts = 7;
    s.backoffBaseMs = 200;
    s.backoffCapMs = 8000;
    s.retryBudgetCapacity = 250;
    s.maxRetrySharePercent = 30;
    s.breakerCoolDownMs = 20000;
    s.settleLearned = false;
    s.settleMaxHoldMs = 900;
    s.chartWindowMinutes = 15;
    s.theme = Theme::Dark;
    return s;
}

QLineEdit *lineNamed(QWidget &w, const QString &accessible)
{
    const auto edits = w.findChildren<QLineEdit *>();
    for (QLineEdit *e : edits) {
        if (e->accessibleName() == accessible)
            return e;
    }
    return nullptr;
}
} // namespace

class TestConsoleSettings : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void roundTrip();
    void loadClampsAndFallsBack();
    void appliesToTheEngineConfig();
    void dialogKeepsSecretsOutOfTheSettingsFile();
    void dialogReturnsEditedKnobs();

private:
    QTemporaryDir m_dir;
};

void TestConsoleSettings::roundTrip()
{
    const QString path = m_dir.filePath(QStringLiteral("roundtrip.ini"));
    const ConsoleSettings s = sample();
    {
        QSettings q(path, QSettings::IniFormat);
        s.save(q);
    }
    QSettings q(path, QSettings::IniFormat);
    const ConsoleSettings back = ConsoleSettings::load(q, ConsoleSettings{});
    QCOMPARE(back.regions, s.regions);
    QVERIFY(back == s);
}

void TestConsoleSettings::loadClampsAndFallsBack()
{
    const QString path = m_dir.filePath(QStringLiteral("clamp.ini"));
    {
        QSettings q(path, QSettings::IniFormat);
        q.setValue(QStringLiteral("engine/batchMax"), 500);          // the API allows 100
        q.setValue(QStringLiteral("engine/maxAttempts"), QStringLiteral("many"));
        q.setValue(QStringLiteral("engine/backoffBaseMs"), 3000);
        q.setValue(QStringLiteral("engine/backoffCapMs"), 10);        // below the base
        q.setValue(QStringLiteral("view/theme"), QStringLiteral("neon"));
    }
    QSettings q(path, QSettings::IniFormat);
    ConsoleSettings defaults;
    defaults.regions << RegionSettings{QStringLiteral("us-east-1"), {}, {}, {}, {}};
    const ConsoleSettings s = ConsoleSettings::load(q, defaults);
    QCOMPARE(s.batchMax, 100);
    QCOMPARE(s.maxAttempts, defaults.maxAttempts);
    QCOMPARE(s.backoffCapMs, 3000);
    QCOMPARE(s.theme, Theme::System);
    QCOMPARE(s.regions, defaults.regions); // none stored: the defaults' regions stay
}

void TestConsoleSettings::appliesToTheEngineConfig()
{
    EngineConfig c;
    sample().applyTo(c);
    QCOMPARE(c.batchMax, 50);
    QCOMPARE(c.churnGatherMs, 900);
    QCOMPARE(c.maxAttempts, 7);
    QCOMPARE(c.backoff.baseMs, qint64(200));
    QCOMPARE(c.backoff.capMs, qint64(8000));
    QCOMPARE(c.retryBudget.capacity, 250);
    QCOMPARE(c.retryBudget.maxRetryShare, 0.3);
    QCOMPARE(c.breaker.coolDownMs, qint64(20000));
    QCOMPARE(c.settleLearning, false);
    QCOMPARE(c.settleMaxHoldMs, 900);
    // And back: the defaults describe the engine's own defaults.
    QCOMPARE(ConsoleSettings::fromEngineConfig(EngineConfig{}).batchMax, EngineConfig{}.batchMax);
}

void TestConsoleSettings::dialogKeepsSecretsOutOfTheSettingsFile()
{
    MemorySecretStore store;
    QSignalSpy written(&store, &SecretStore::secretWritten);
    SettingsDialog dialog(sample(), &store);
    QLineEdit *secret = lineNamed(dialog, QStringLiteral("Client secret"));
    QLineEdit *clientId = lineNamed(dialog, QStringLiteral("Client id"));
    QVERIFY(secret && clientId);
    QCOMPARE(secret->echoMode(), QLineEdit::Password);
    QCOMPARE(clientId->text(), QStringLiteral("client-apse1"));
    clientId->setText(QStringLiteral("client-apse1-new"));
    secret->setText(QStringLiteral("s3cret-do-not-store"));
    dialog.accept();

    QTRY_COMPARE(written.count(), 1);
    QCOMPARE(written.first().at(0).toString(), secretKeyFor(QStringLiteral("ap-southeast-1")));
    QCOMPARE(store.secrets.value(secretKeyFor(QStringLiteral("ap-southeast-1"))), QStringLiteral("s3cret-do-not-store"));

    const ConsoleSettings s = dialog.settings();
    QCOMPARE(s.region(QStringLiteral("ap-southeast-1"))->clientId, QStringLiteral("client-apse1-new"));
    const QString path = m_dir.filePath(QStringLiteral("nosecret.ini"));
    {
        QSettings q(path, QSettings::IniFormat);
        s.save(q);
    }
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray content = f.readAll();
    QVERIFY(content.contains("client-apse1-new"));
    QVERIFY(!content.contains("s3cret"));
}

void TestConsoleSettings::dialogReturnsEditedKnobs()
{
    SettingsDialog dialog(sample(), nullptr);
    const auto spins = dialog.findChildren<QSpinBox *>();
    QSpinBox *batch = nullptr;
    for (QSpinBox *s : spins) {
        QVERIFY2(!s->accessibleName().isEmpty(), "every control has an accessible name");
        QVERIFY2(!s->toolTip().isEmpty(), "every control has a tooltip");
        if (s->accessibleName() == QLatin1String("Batch size"))
            batch = s;
    }
    QVERIFY(batch);
    QCOMPARE(batch->value(), 50);
    batch->setValue(25);
    auto *theme = dialog.findChild<QComboBox *>();
    QVERIFY(theme);
    QCOMPARE(dialog.settings().batchMax, 25);
    QCOMPARE(dialog.settings().theme, Theme::Dark);
    QCOMPARE(dialog.settings().regions.size(), 2);
}

QTEST_MAIN(TestConsoleSettings)
#include "tst_consolesettings.moc"
