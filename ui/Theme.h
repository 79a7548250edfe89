#pragma once
// Light and dark palettes for the console (Fusion style), and colours for states that stay readable on both.
// Colour is never the only signal: every coloured state also has an icon and words.
#include "ViewRoles.h"

#include <QColor>
#include <QPalette>
#include <QString>

namespace icp {

enum class Theme : quint8 { System, Light, Dark };

QString themeName(Theme theme);                                 // "system", "light", "dark"
Theme themeFromName(const QString &name, bool *ok = nullptr);   // unknown names: System, ok = false
QPalette themePalette(Theme theme);                             // System: the style's standard palette
void applyTheme(Theme theme);                                   // needs a QApplication
bool isDark(const QPalette &palette);
// Text colour for a severity, with enough contrast against the palette's window colour.
QColor severityColor(Severity severity, const QPalette &palette);

} // namespace icp
