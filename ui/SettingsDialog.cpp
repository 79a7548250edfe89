#include "SettingsDialog.h"

#include "SecretStore.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QTabWidget>
#include <QVBoxLayout>

namespace icp {

SettingsDialog::SettingsDialog(const ConsoleSettings &settings, SecretStore *secrets, QWidget *parent)
    : QDialog(parent)
    , m_settings(settings)
    , m_secretStore(secrets)
{
    setObjectName(QStringLiteral("settingsDialog"));
    setWindowTitle(tr("Settings"));
    auto *tabs = new QTabWidget;
    tabs->addTab(buildRegionsPage(), tr("&Regions"));
    tabs->addTab(buildEnginePage(), tr("Sync &engine"));
    tabs->addTab(buildViewPage(), tr("&View"));
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    connect(buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(tabs);
    auto *note = new QLabel(tr("Engine settings take effect the next time the console starts."));
    note->setWordWrap(true);
    layout->addWidget(note);
    layout->addWidget(buttons);
    showRegion(0);
}

QSpinBox *SettingsDialog::spin(int min, int max, int value, const QString &suffix, const QString &accessible,
                               const QString &tip)
{
    auto *s = new QSpinBox;
    s->setRange(min, max);
    s->setValue(value);
    s->setSuffix(suffix);
    s->setAccessibleName(accessible);
    s->setToolTip(tip);
    return s;
}

QWidget *SettingsDialog::buildRegionsPage()
{
    auto *page = new QWidget;
    auto *form = new QFormLayout(page);
    m_region = new QComboBox;
    m_region->setAccessibleName(tr("Region to edit"));
    for (const auto &r : std::as_const(m_settings.regions))
        m_region->addItem(r.id);
    form->addRow(tr("Re&gion:"), m_region);
    auto line = [](const QString &accessible, const QString &tip, const QString &placeholder) {
        auto *e = new QLineEdit;
        e->setAccessibleName(accessible);
        e->setToolTip(tip);
        e->setPlaceholderText(placeholder);
        return e;
    };
    m_icpUrl = line(tr("ICP base URL"), tr("Base URL of the WFM Integration Connector API for this region"),
                    QStringLiteral("https://icp.example.com"));
    m_apiUrl = line(tr("Genesys API base URL"), tr("Genesys Cloud API base URL (trunks, skill groups)"),
                    QStringLiteral("https://api.mypurecloud.com.au"));
    m_loginUrl = line(tr("Genesys login base URL"), tr("OAuth token endpoint host"),
                      QStringLiteral("https://login.mypurecloud.com.au"));
    m_clientId = line(tr("Client id"), tr("OAuth client id (client credentials grant)"), QString());
    m_secret = line(tr("Client secret"),
                    tr("Stored in the system keychain, never in the settings file. Leave empty to keep the stored one."),
                    tr("unchanged"));
    m_secret->setEchoMode(QLineEdit::Password);
    m_secretStatus = new QLabel;
    m_secretStatus->setObjectName(QStringLiteral("secretStatus"));
    m_secretStatus->setWordWrap(true);
    form->addRow(tr("&ICP base URL:"), m_icpUrl);
    form->addRow(tr("Genesys &API base URL:"), m_apiUrl);
    form->addRow(tr("Genesys &login base URL:"), m_loginUrl);
    form->addRow(tr("Client &id:"), m_clientId);
    form->addRow(tr("Client &secret:"), m_secret);
    form->addRow(QString(), m_secretStatus);
    connect(m_region, &QComboBox::currentIndexChanged, this, &SettingsDialog::showRegion);
    if (m_secretStore) {
        connect(m_secretStore, &SecretStore::secretWritten, this, [this](const QString &key, const QString &error) {
            m_secretStatus->setText(error.isEmpty() ? tr("Stored %1 in the system keychain.").arg(key) : error);
        });
    }
    return page;
}

QWidget *SettingsDialog::buildEnginePage()
{
    const ConsoleSettings &s = m_settings;
    auto *page = new QWidget;
    auto *layout = new QVBoxLayout(page);

    auto *batching = new QGroupBox(tr("Batching"));
    auto *bf = new QFormLayout(batching);
    m_batchMax = spin(1, 100, s.batchMax, QString(), tr("Batch size"), tr("Agents per write (the API allows 100)"));
    m_quietGather = spin(0, 10000, s.quietGatherMs, tr(" ms"), tr("Gather window while quiet"),
                         tr("How long a writer gathers changes while its group is quiet"));
    m_churnGather = spin(0, 10000, s.churnGatherMs, tr(" ms"), tr("Gather window while churning"),
                         tr("How long a writer gathers while its group churns: fewer, bigger writes"));
    bf->addRow(tr("Batch si&ze:"), m_batchMax);
    bf->addRow(tr("Gather window, &quiet:"), m_quietGather);
    bf->addRow(tr("Gather window, &churning:"), m_churnGather);
    layout->addWidget(batching);

    auto *retry = new QGroupBox(tr("Retries and budget"));
    auto *rf = new QFormLayout(retry);
    m_maxAttempts = spin(1, 1000, s.maxAttempts, QString(), tr("Maximum attempts"),
                         tr("Sends of one change before it becomes a dead letter"));
    m_backoffBase = spin(1, 60000, s.backoffBaseMs, tr(" ms"), tr("Backoff base"), tr("First retry delay ceiling after a failure"));
    m_backoffCap = spin(1, 600000, s.backoffCapMs, tr(" ms"), tr("Backoff cap"), tr("No retry delay is drawn above this"));
    m_conflictBase = spin(1, 60000, s.conflictBackoffBaseMs, tr(" ms"), tr("Conflict backoff base"),
                          tr("Pause ceiling before the first rebase after a 409"));
    m_conflictCap = spin(1, 600000, s.conflictBackoffCapMs, tr(" ms"), tr("Conflict backoff cap"),
                         tr("Longest pause before a rebase after a 409"));
    m_budgetCapacity = spin(1, 100000, s.retryBudgetCapacity, QString(), tr("Retry budget capacity"),
                            tr("Tokens per region; each retry spends some, each success returns one"));
    m_retryCost = spin(1, 1000, s.retryCost, QString(), tr("Retry cost"), tr("Budget tokens one retry spends"));
    m_retryShare = spin(0, 100, s.maxRetrySharePercent, tr(" %"), tr("Maximum retry share"),
                        tr("Largest share of requests that may be retries (0 turns the limit off)"));
    m_breakerFailures = spin(1, 1000, s.breakerFailureThreshold, QString(), tr("Breaker threshold"),
                             tr("Consecutive failures that open a region's circuit"));
    m_breakerCoolDown = spin(100, 3600000, s.breakerCoolDownMs, tr(" ms"), tr("Breaker cool-down"),
                             tr("How long an open circuit waits before a probe"));
    rf->addRow(tr("Maximum &attempts:"), m_maxAttempts);
    rf->addRow(tr("&Backoff base / cap:"), m_backoffBase);
    rf->addRow(QString(), m_backoffCap);
    rf->addRow(tr("Co&nflict backoff base / cap:"), m_conflictBase);
    rf->addRow(QString(), m_conflictCap);
    rf->addRow(tr("Retry &budget capacity:"), m_budgetCapacity);
    rf->addRow(tr("Retry c&ost:"), m_retryCost);
    rf->addRow(tr("Maximum retry s&hare:"), m_retryShare);
    rf->addRow(tr("Breaker &threshold:"), m_breakerFailures);
    rf->addRow(tr("Breaker c&ool-down:"), m_breakerCoolDown);
    layout->addWidget(retry);

    auto *settle = new QGroupBox(tr("Settle window"));
    auto *sf = new QFormLayout(settle);
    m_settleMode = new QComboBox;
    m_settleMode->setAccessibleName(tr("Settle window mode"));
    m_settleMode->setToolTip(tr("Learned: hold a write while the group's recomputes are predictably outstanding. "
                                "Off: never hold."));
    m_settleMode->addItem(tr("Learned from the group's conflicts"), true);
    m_settleMode->addItem(tr("Off (send as soon as gathered)"), false);
    m_settleMode->setCurrentIndex(s.settleLearned ? 0 : 1);
    m_settleHold = spin(0, 60000, s.settleMaxHoldMs, tr(" ms"), tr("Longest settle hold"),
                        tr("A held write never waits longer than this after its oldest change"));
    connect(m_settleMode, &QComboBox::currentIndexChanged, this,
            [this](int index) { m_settleHold->setEnabled(index == 0); });
    m_settleHold->setEnabled(s.settleLearned);
    sf->addRow(tr("&Mode:"), m_settleMode);
    sf->addRow(tr("Longest ho&ld:"), m_settleHold);
    layout->addWidget(settle);
    layout->addStretch();
    return page;
}

QWidget *SettingsDialog::buildViewPage()
{
    auto *page = new QWidget;
    auto *form = new QFormLayout(page);
    m_chartWindow = spin(1, 120, m_settings.chartWindowMinutes, tr(" min"), tr("Capacity chart window"),
                         tr("How far back the capacity charts reach"));
    m_theme = new QComboBox;
    m_theme->setAccessibleName(tr("Palette"));
    m_theme->setToolTip(tr("The desktop's palette, or the console's own light or dark palette"));
    m_theme->addItem(tr("Desktop default"), themeName(Theme::System));
    m_theme->addItem(tr("Light"), themeName(Theme::Light));
    m_theme->addItem(tr("Dark"), themeName(Theme::Dark));
    m_theme->setCurrentIndex(m_theme->findData(themeName(m_settings.theme)));
    form->addRow(tr("Capacity chart &window:"), m_chartWindow);
    form->addRow(tr("&Palette:"), m_theme);
    return page;
}

void SettingsDialog::showRegion(int index)
{
    storeRegionFields();
    m_regionIndex = index;
    const bool valid = index >= 0 && index < m_settings.regions.size();
    for (QLineEdit *e : {m_icpUrl, m_apiUrl, m_loginUrl, m_clientId, m_secret})
        e->setEnabled(valid);
    if (!valid)
        return;
    const RegionSettings &r = m_settings.regions.at(index);
    m_icpUrl->setText(r.icpBaseUrl.toString());
    m_apiUrl->setText(r.apiBaseUrl.toString());
    m_loginUrl->setText(r.loginBaseUrl.toString());
    m_clientId->setText(r.clientId);
    m_secret->setText(m_secrets.value(r.id));
    m_secretStatus->setText(m_secretStore ? tr("The secret is kept in the system keychain.")
                                          : tr("No system keychain: secrets cannot be stored."));
}

void SettingsDialog::storeRegionFields()
{
    if (m_regionIndex < 0 || m_regionIndex >= m_settings.regions.size())
        return;
    RegionSettings &r = m_settings.regions[m_regionIndex];
    r.icpBaseUrl = QUrl(m_icpUrl->text().trimmed());
    r.apiBaseUrl = QUrl(m_apiUrl->text().trimmed());
    r.loginBaseUrl = QUrl(m_loginUrl->text().trimmed());
    r.clientId = m_clientId->text().trimmed();
    if (!m_secret->text().isEmpty())
        m_secrets.insert(r.id, m_secret->text());
}

ConsoleSettings SettingsDialog::settings() const
{
    ConsoleSettings s = m_settings;
    if (m_regionIndex >= 0 && m_regionIndex < s.regions.size()) { // the region on screen, as typed
        RegionSettings &r = s.regions[m_regionIndex];
        r.icpBaseUrl = QUrl(m_icpUrl->text().trimmed());
        r.apiBaseUrl = QUrl(m_apiUrl->text().trimmed());
        r.loginBaseUrl = QUrl(m_loginUrl->text().trimmed());
        r.clientId = m_clientId->text().trimmed();
    }
    s.batchMax = m_batchMax->value();
    s.quietGatherMs = m_quietGather->value();
    s.churnGatherMs = m_churnGather->value();
    s.maxAttempts = m_maxAttempts->value();
    s.backoffBaseMs = m_backoffBase->value();
    s.backoffCapMs = qMax(m_backoffCap->value(), s.backoffBaseMs);
    s.conflictBackoffBaseMs = m_conflictBase->value();
    s.conflictBackoffCapMs = qMax(m_conflictCap->value(), s.conflictBackoffBaseMs);
    s.retryBudgetCapacity = m_budgetCapacity->value();
    s.retryCost = m_retryCost->value();
    s.maxRetrySharePercent = m_retryShare->value();
    s.breakerFailureThreshold = m_breakerFailures->value();
    s.breakerCoolDownMs = m_breakerCoolDown->value();
    s.settleLearned = m_settleMode->currentData().toBool();
    s.settleMaxHoldMs = m_settleHold->value();
    s.chartWindowMinutes = m_chartWindow->value();
    s.theme = themeFromName(m_theme->currentData().toString());
    return s;
}

void SettingsDialog::accept()
{
    storeRegionFields();
    if (m_secretStore) {
        for (auto it = m_secrets.cbegin(); it != m_secrets.cend(); ++it)
            m_secretStore->writeSecret(secretKeyFor(it.key()), it.value());
    }
    m_secret->clear();
    QDialog::accept();
}

} // namespace icp
