#pragma once
// Client secrets for headless runs, so that no secret has to live in a scenario file, a script or a command line:
// - a secrets file (--secrets-file FILE): lines "region-id=secret", '#' starts a comment line. The file must be a
//   regular file that only its owner may read or write (chmod 600); anything else is refused, with the fix;
// - environment variables ICP_CLIENT_SECRET_<REGION>: the region id upper-cased, '-' and '.' as '_'
//   (ap-southeast-1 -> ICP_CLIENT_SECRET_AP_SOUTHEAST_1).
// The file wins over the environment, and both win over the scenario's simulator secrets. Secrets are only held
// in memory and never appear in a message.

#include <QHash>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

#include <optional>

namespace icp {

class ClientSecrets
{
public:
    static QString environmentVariable(const QString &regionId);

    // region -> secret from FILE; nullopt with `error` naming the file, the problem and the fix.
    static std::optional<QHash<QString, QString>> readFile(const QString &path, const QStringList &knownRegions,
                                                           QString *error);

    // The secrets that override the scenario's, per region id (regions without one are absent).
    static std::optional<QHash<QString, QString>> resolve(const QStringList &regionIds,
                                                          const QProcessEnvironment &environment,
                                                          const QString &secretsFile, QString *error);
};

} // namespace icp
