#include "ViewFormat.h"

#include <QDateTime>

namespace icp::ViewFormat {

QString duration(qint64 ms)
{
    ms = qMax<qint64>(0, ms);
    if (ms < 1000)
        return QStringLiteral("%1 ms").arg(ms);
    if (ms < 10000)
        return QStringLiteral("%1 s").arg(double(ms) / 1000.0, 0, 'f', 1);
    const qint64 s = ms / 1000;
    if (s < 60)
        return QStringLiteral("%1 s").arg(s);
    if (s < 3600)
        return QStringLiteral("%1 min %2 s").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1 h %2 min").arg(s / 3600).arg((s % 3600) / 60, 2, 10, QLatin1Char('0'));
}

QString clockTime(qint64 epochMs)
{
    if (epochMs <= 0)
        return QStringLiteral("—");
    return QDateTime::fromMSecsSinceEpoch(epochMs).toString(QStringLiteral("HH:mm:ss.zzz"));
}

QString dateTime(qint64 epochMs)
{
    if (epochMs <= 0)
        return QStringLiteral("—");
    return QDateTime::fromMSecsSinceEpoch(epochMs).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
}

QString oneLine(const QString &text, int maxChars)
{
    QString line = text.section(QLatin1Char('\n'), 0, 0).trimmed();
    if (line.size() > maxChars)
        line = line.left(maxChars - 1) + QStringLiteral("…");
    return line;
}

} // namespace icp::ViewFormat
