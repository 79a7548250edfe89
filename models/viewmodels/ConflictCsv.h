#pragma once
// Conflict records as CSV (RFC 4180: comma separated, CRLF line ends, quoted where needed), for "Export CSV".
#include "EngineSnapshot.h"

#include <QByteArray>

namespace icp::ConflictCsv {

// The header line and one line per record, in the given order, UTF-8. Times are UTC ISO 8601. A text field
// that a spreadsheet would read as a formula (=, +, -, @ first) is prefixed with an apostrophe.
QByteArray write(const QList<ConflictRecord> &records);
// One field, quoted when it holds a comma, a quote or a line break.
QString field(const QString &value);

} // namespace icp::ConflictCsv
