#include "KeychainSecretStore.h"

#include <qt6keychain/keychain.h>

namespace icp {

KeychainSecretStore::KeychainSecretStore(const QString &service, QObject *parent)
    : SecretStore(parent)
    , m_service(service)
{
}

void KeychainSecretStore::writeSecret(const QString &key, const QString &secret)
{
    auto *job = new QKeychain::WritePasswordJob(m_service, this);
    job->setAutoDelete(true);
    job->setInsecureFallback(false); // a plain-text fallback file would defeat the point
    job->setKey(key);
    job->setTextData(secret);
    connect(job, &QKeychain::Job::finished, this, [this, key](QKeychain::Job *j) {
        Q_EMIT secretWritten(key, j->error() == QKeychain::NoError
                                      ? QString()
                                      : tr("system keychain refused to store %1: %2").arg(key, j->errorString()));
    });
    job->start();
}

void KeychainSecretStore::readSecret(const QString &key)
{
    auto *job = new QKeychain::ReadPasswordJob(m_service, this);
    job->setAutoDelete(true);
    job->setKey(key);
    connect(job, &QKeychain::Job::finished, this, [this, key](QKeychain::Job *j) {
        auto *read = static_cast<QKeychain::ReadPasswordJob *>(j);
        if (read->error() == QKeychain::NoError)
            Q_EMIT secretRead(key, read->textData(), QString());
        else
            Q_EMIT secretRead(key, QString(), tr("system keychain could not read %1: %2").arg(key, read->errorString()));
    });
    job->start();
}

void KeychainSecretStore::deleteSecret(const QString &key)
{
    auto *job = new QKeychain::DeletePasswordJob(m_service, this);
    job->setAutoDelete(true);
    job->setKey(key);
    connect(job, &QKeychain::Job::finished, this, [this, key](QKeychain::Job *j) {
        Q_EMIT secretDeleted(key, j->error() == QKeychain::NoError
                                      ? QString()
                                      : tr("system keychain could not delete %1: %2").arg(key, j->errorString()));
    });
    job->start();
}

} // namespace icp
