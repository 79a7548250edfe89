#pragma once
// Roles and status levels shared by the console's table models.
#include <Qt>
#include <QtGlobal>

namespace icp {

enum ViewRole : int {
    SortRole = Qt::UserRole + 1, // the raw value a column sorts by (DisplayRole is formatted text)
    KeyRole,                     // the row's identity (trunk id, "region/group", conflict or dead-letter id)
    SeverityRole,                // int(Severity) of the cell or row; views may add their own emphasis
    FlashRole,                   // bool: the row changed a moment ago
};

enum class Severity : quint8 { None, Ok, Warning, Error };

} // namespace icp
