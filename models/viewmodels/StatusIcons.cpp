#include "StatusIcons.h"

#include <QPainter>
#include <QPainterPath>
#include <QPixmap>

namespace icp {

namespace {

QPixmap paint(Severity severity, int size)
{
    QPixmap pm(size, size);
    pm.fill(Qt::transparent);
    QPainter p(&pm);
    p.setRenderHint(QPainter::Antialiasing);
    const qreal s = size;
    const qreal pen = qMax<qreal>(1.5, s / 9.0);
    const QRectF box(pen / 2 + 0.5, pen / 2 + 0.5, s - pen - 1, s - pen - 1);
    QPen mark(Qt::white, pen, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin);
    switch (severity) {
    case Severity::Ok: {
        p.setPen(Qt::NoPen);
        p.setBrush(QColor(0x2e, 0x9d, 0x4f));
        p.drawEllipse(box);
        p.setPen(mark);
        QPainterPath check;
        check.moveTo(s * 0.28, s * 0.52);
        check.lineTo(s * 0.44, s * 0.68);
        check.lineTo(s * 0.73, s * 0.34);
        p.setBrush(Qt::NoBrush);
        p.drawPath(check);
        break;
    }
    case Severity::Warning: {
        QPainterPath tri;
        tri.moveTo(s / 2, box.top());
        tri.lineTo(box.right(), box.bottom());
        tri.lineTo(box.left(), box.bottom());
        tri.closeSubpath();
        p.setPen(Qt::NoPen);
        p.setBrush(QColor(0xe0, 0x9b, 0x12));
        p.drawPath(tri);
        mark.setColor(QColor(0x20, 0x20, 0x20));
        p.setPen(mark);
        p.drawLine(QPointF(s / 2, s * 0.38), QPointF(s / 2, s * 0.64));
        p.drawPoint(QPointF(s / 2, s * 0.80));
        break;
    }
    case Severity::Error: {
        p.setPen(Qt::NoPen);
        p.setBrush(QColor(0xd0, 0x32, 0x32));
        p.drawRoundedRect(box, s / 8, s / 8);
        p.setPen(mark);
        p.drawLine(QPointF(s * 0.32, s * 0.32), QPointF(s * 0.68, s * 0.68));
        p.drawLine(QPointF(s * 0.68, s * 0.32), QPointF(s * 0.32, s * 0.68));
        break;
    }
    case Severity::None:
        p.setPen(QPen(QColor(0x8a, 0x8a, 0x8a), pen));
        p.setBrush(Qt::NoBrush);
        p.drawEllipse(box.adjusted(pen / 2, pen / 2, -pen / 2, -pen / 2));
        break;
    }
    return pm;
}

} // namespace

QIcon StatusIcons::icon(Severity severity) const
{
    QIcon &icon = m_icons[size_t(severity)];
    if (icon.isNull()) {
        for (int size : {16, 24, 32})
            icon.addPixmap(paint(severity, size));
    }
    return icon;
}

} // namespace icp
