#pragma once
// Where client secrets live: never in QSettings. Asynchronous by contract (a keychain may prompt the user or
// talk over D-Bus), so the GUI thread never waits; the outcome arrives as a signal.
#include <QObject>

namespace icp {

class SecretStore : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;

    virtual void writeSecret(const QString &key, const QString &secret) = 0;
    virtual void readSecret(const QString &key) = 0;
    virtual void deleteSecret(const QString &key) = 0;

Q_SIGNALS:
    void secretWritten(const QString &key, const QString &error); // error empty: stored
    void secretRead(const QString &key, const QString &secret, const QString &error);
    void secretDeleted(const QString &key, const QString &error);
};

} // namespace icp
