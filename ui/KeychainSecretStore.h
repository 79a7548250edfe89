#pragma once
// SecretStore over the system keychain (QtKeychain: Secret Service / KWallet on Linux).
#include "SecretStore.h"

namespace icp {

class KeychainSecretStore final : public SecretStore
{
    Q_OBJECT
public:
    explicit KeychainSecretStore(const QString &service = QStringLiteral("icp-sync-console"), QObject *parent = nullptr);

    void writeSecret(const QString &key, const QString &secret) override;
    void readSecret(const QString &key) override;
    void deleteSecret(const QString &key) override;

private:
    QString m_service;
};

} // namespace icp
