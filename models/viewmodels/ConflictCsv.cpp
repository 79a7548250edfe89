#include "ConflictCsv.h"

#include <QDateTime>

namespace icp::ConflictCsv {

namespace {

QString text(const QString &value)
{
    if (!value.isEmpty() && QStringLiteral("=+-@").contains(value.front()))
        return field(QLatin1Char('\'') + value);
    return field(value);
}

QString isoUtc(qint64 ms)
{
    return ms > 0 ? QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs) : QString();
}

} // namespace

QString field(const QString &value)
{
    if (!value.contains(QLatin1Char(',')) && !value.contains(QLatin1Char('"')) && !value.contains(QLatin1Char('\n'))
        && !value.contains(QLatin1Char('\r')))
        return value;
    QString quoted = value;
    quoted.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

QByteArray write(const QList<ConflictRecord> &records)
{
    QString out = QStringLiteral("id,time_utc,region,skill_group,expected_version,current_version,modified_by,modified_at_utc,"
                                 "since_our_last_write_ms,attempts,resolution,correlation_id\r\n");
    for (const ConflictRecord &r : records) {
        const QStringList fields{QString::number(r.id),
                                 isoUtc(r.atMs),
                                 text(r.region),
                                 text(r.skillGroupId),
                                 QString::number(r.expectedVersion),
                                 QString::number(r.currentVersion),
                                 text(r.modifiedBy),
                                 isoUtc(r.modifiedAtMs),
                                 r.sinceOurLastWriteMs >= 0 ? QString::number(r.sinceOurLastWriteMs) : QString(),
                                 QString::number(r.attempts.size()),
                                 text(r.resolution),
                                 text(r.correlationId)};
        out += fields.join(QLatin1Char(',')) + QStringLiteral("\r\n");
    }
    return out.toUtf8();
}

} // namespace icp::ConflictCsv
