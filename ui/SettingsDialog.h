#pragma once
// Settings: per region the ICP base URL, the Genesys API and login base URLs and the client id (the secret goes
// to the system keychain through SecretStore, never to QSettings); the engine's batch, gather, retry, budget,
// breaker and settle knobs; the capacity chart window and the palette. Shown with open(), never exec().
#include "ConsoleSettings.h"

#include <QDialog>
#include <QHash>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace icp {

class SecretStore;

class SettingsDialog final : public QDialog
{
    Q_OBJECT
public:
    SettingsDialog(const ConsoleSettings &settings, SecretStore *secrets, QWidget *parent = nullptr);

    ConsoleSettings settings() const; // what the fields say now
    // Secrets typed in this dialog, per region id (empty values were left unchanged).
    QHash<QString, QString> enteredSecrets() const { return m_secrets; }

    void accept() override; // stores typed secrets in the keychain, then closes

private:
    QWidget *buildRegionsPage();
    QWidget *buildEnginePage();
    QWidget *buildViewPage();
    void showRegion(int index);
    void storeRegionFields();
    QSpinBox *spin(int min, int max, int value, const QString &suffix, const QString &accessible,
                   const QString &tip);

    ConsoleSettings m_settings;
    SecretStore *m_secretStore;
    QHash<QString, QString> m_secrets;
    int m_regionIndex = -1;

    QComboBox *m_region = nullptr;
    QLineEdit *m_icpUrl = nullptr;
    QLineEdit *m_apiUrl = nullptr;
    QLineEdit *m_loginUrl = nullptr;
    QLineEdit *m_clientId = nullptr;
    QLineEdit *m_secret = nullptr;
    QLabel *m_secretStatus = nullptr;

    QSpinBox *m_batchMax = nullptr;
    QSpinBox *m_quietGather = nullptr;
    QSpinBox *m_churnGather = nullptr;
    QSpinBox *m_maxAttempts = nullptr;
    QSpinBox *m_backoffBase = nullptr;
    QSpinBox *m_backoffCap = nullptr;
    QSpinBox *m_conflictBase = nullptr;
    QSpinBox *m_conflictCap = nullptr;
    QSpinBox *m_budgetCapacity = nullptr;
    QSpinBox *m_retryCost = nullptr;
    QSpinBox *m_retryShare = nullptr;
    QSpinBox *m_breakerFailures = nullptr;
    QSpinBox *m_breakerCoolDown = nullptr;
    QComboBox *m_settleMode = nullptr;
    QSpinBox *m_settleHold = nullptr;

    QSpinBox *m_chartWindow = nullptr;
    QComboBox *m_theme = nullptr;
};

} // namespace icp
