#pragma once
// Small painted status icons whose shape, not only their colour, tells the level: a check in a circle (ok), a
// triangle with "!" (warning), a cross in a square (error), a hollow circle (none). Needs a QGuiApplication.
#include "ViewRoles.h"

#include <QIcon>

#include <array>

namespace icp {

class StatusIcons
{
public:
    QIcon icon(Severity severity) const;

private:
    mutable std::array<QIcon, 4> m_icons;
};

} // namespace icp
