#pragma once
// A SecretStore in memory for tests: no D-Bus, no keychain prompt; answers asynchronously like the real one.
#include "SecretStore.h"

#include <QHash>
#include <QTimer>

class MemorySecretStore final : public icp::SecretStore
{
public:
    using icp::SecretStore::SecretStore;

    void writeSecret(const QString &key, const QString &secret) override
    {
        secrets.insert(key, secret);
        QTimer::singleShot(0, this, [this, key]() { Q_EMIT secretWritten(key, QString()); });
    }
    void readSecret(const QString &key) override
    {
        QTimer::singleShot(0, this, [this, key]() { Q_EMIT secretRead(key, secrets.value(key), QString()); });
    }
    void deleteSecret(const QString &key) override
    {
        secrets.remove(key);
        QTimer::singleShot(0, this, [this, key]() { Q_EMIT secretDeleted(key, QString()); });
    }

    QHash<QString, QString> secrets;
};
