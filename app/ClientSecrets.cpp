#include "ClientSecrets.h"

#include <QFile>

#include <cerrno>
#include <cstring>
#include <sys/stat.h>
#include <unistd.h>

namespace icp {

namespace {
constexpr qint64 kMaxSecretsFileBytes = 64 * 1024;
}

QString ClientSecrets::environmentVariable(const QString &regionId)
{
    QString name = regionId.toUpper();
    for (QChar &c : name)
        if (!(c.isLetterOrNumber() && c.unicode() < 128))
            c = QLatin1Char('_');
    return QStringLiteral("ICP_CLIENT_SECRET_") + name;
}

std::optional<QHash<QString, QString>> ClientSecrets::readFile(const QString &path, const QStringList &knownRegions,
                                                               QString *error)
{
    const QByteArray native = QFile::encodeName(path);
    struct stat st = {};
    if (::stat(native.constData(), &st) != 0) {
        *error = QStringLiteral("secrets file %1: cannot be read (%2)").arg(path, QString::fromLocal8Bit(std::strerror(errno)));
        return std::nullopt;
    }
    if (!S_ISREG(st.st_mode)) {
        *error = QStringLiteral("secrets file %1: not a regular file").arg(path);
        return std::nullopt;
    }
    if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
        *error = QStringLiteral("secrets file %1: refused because group or other users may access it (mode %2); "
                                "make it readable by its owner only: chmod 600 %1")
                     .arg(path, QString::number(st.st_mode & 07777, 8).rightJustified(4, QLatin1Char('0')));
        return std::nullopt;
    }
    if (st.st_uid != ::geteuid()) {
        *error = QStringLiteral("secrets file %1: refused because it belongs to another user (uid %2); the user "
                                "running the console must own it")
                     .arg(path)
                     .arg(st.st_uid);
        return std::nullopt;
    }
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("secrets file %1: cannot be read (%2)").arg(path, f.errorString());
        return std::nullopt;
    }
    if (f.size() > kMaxSecretsFileBytes) {
        *error = QStringLiteral("secrets file %1: larger than %2 bytes; is it the right file?").arg(path).arg(kMaxSecretsFileBytes);
        return std::nullopt;
    }
    QHash<QString, QString> secrets;
    const QList<QByteArray> lines = f.readAll().split('\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QString line = QString::fromUtf8(lines[i]).trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1Char('#')))
            continue;
        const qsizetype eq = line.indexOf(QLatin1Char('='));
        // The line itself is never quoted: it holds a secret.
        if (eq <= 0) {
            *error = QStringLiteral("secrets file %1: line %2 is not \"region-id=secret\"").arg(path).arg(i + 1);
            return std::nullopt;
        }
        const QString region = line.left(eq).trimmed();
        if (!knownRegions.contains(region)) {
            *error = QStringLiteral("secrets file %1: line %2 names region \"%3\", which the scenario does not have (%4)")
                         .arg(path)
                         .arg(i + 1)
                         .arg(region, knownRegions.join(QStringLiteral(", ")));
            return std::nullopt;
        }
        const QString secret = line.mid(eq + 1).trimmed();
        if (secret.isEmpty()) {
            *error = QStringLiteral("secrets file %1: line %2 has an empty secret for %3").arg(path).arg(i + 1).arg(region);
            return std::nullopt;
        }
        secrets.insert(region, secret);
    }
    return secrets;
}

std::optional<QHash<QString, QString>> ClientSecrets::resolve(const QStringList &regionIds,
                                                              const QProcessEnvironment &environment,
                                                              const QString &secretsFile, QString *error)
{
    QHash<QString, QString> secrets;
    for (const QString &id : regionIds) {
        const QString value = environment.value(environmentVariable(id));
        if (!value.isEmpty())
            secrets.insert(id, value);
    }
    if (!secretsFile.isEmpty()) {
        const auto fromFile = readFile(secretsFile, regionIds, error);
        if (!fromFile)
            return std::nullopt;
        for (auto it = fromFile->cbegin(); it != fromFile->cend(); ++it)
            secrets.insert(it.key(), it.value());
    }
    return secrets;
}

} // namespace icp
