#pragma once
// Short human forms of durations and instants for the console's tables.
#include <QString>

namespace icp::ViewFormat {

// "850 ms", "4.2 s", "3 min 04 s", "2 h 05 min"; negative durations read as 0.
QString duration(qint64 ms);
// Wall-clock time of an epoch instant, local time, "HH:mm:ss.zzz"; "—" for 0.
QString clockTime(qint64 epochMs);
// Date and time of an epoch instant, local time, ISO-like.
QString dateTime(qint64 epochMs);
// The first line of a text, trimmed, at most maxChars (an ellipsis marks a cut).
QString oneLine(const QString &text, int maxChars = 160);

} // namespace icp::ViewFormat
