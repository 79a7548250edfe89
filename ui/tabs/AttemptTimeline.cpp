#include "AttemptTimeline.h"

#include "ViewFormat.h"

#include <QPainter>

namespace icp {

AttemptTimeline::AttemptTimeline(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("attemptTimeline"));
    setAccessibleName(tr("Attempt timeline"));
    setToolTip(tr("The 409 and each later attempt; the numbers over the line are the backoff waits between them"));
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
}

Severity AttemptTimeline::outcomeSeverity(const QString &outcome)
{
    const QString o = outcome.toLower();
    if (o.contains(QLatin1String("409")) || o.contains(QLatin1String("conflict")))
        return Severity::Warning;
    if (o.contains(QLatin1String("applied")) || o.contains(QLatin1String("ok")) || o.startsWith(QLatin1Char('2')))
        return Severity::Ok;
    if (o.contains(QLatin1String("dead")) || o.contains(QLatin1String("fail")) || o.contains(QLatin1String("error"))
        || o.contains(QLatin1String("5")))
        return Severity::Error;
    return Severity::None;
}

void AttemptTimeline::setConflict(qint64 conflictAtMs, const QList<ConflictAttempt> &attempts)
{
    m_marks.clear();
    m_marks.append(Mark{conflictAtMs, 0, tr("409"), Severity::Warning});
    for (const ConflictAttempt &a : attempts) {
        // The first recorded attempt may be the 409 itself.
        if (m_marks.size() == 1 && a.atMs == conflictAtMs && a.delayMs == 0) {
            m_marks[0].label = a.outcome.isEmpty() ? tr("409") : a.outcome;
            continue;
        }
        m_marks.append(Mark{a.atMs, a.delayMs, a.outcome.isEmpty() ? tr("attempt") : a.outcome, outcomeSeverity(a.outcome)});
    }
    QStringList words;
    for (const Mark &m : std::as_const(m_marks))
        words << (m.gapMs > 0 ? tr("after %1: %2").arg(ViewFormat::duration(m.gapMs), m.label) : m.label);
    setAccessibleDescription(words.join(QStringLiteral("; ")));
    update();
}

void AttemptTimeline::clear()
{
    m_marks.clear();
    setAccessibleDescription({});
    update();
}

QSize AttemptTimeline::sizeHint() const
{
    return {420, fontMetrics().height() * 3 + 28};
}

QSize AttemptTimeline::minimumSizeHint() const
{
    return {160, sizeHint().height()};
}

void AttemptTimeline::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QPalette pal = palette();
    const QFontMetrics fm = fontMetrics();
    if (m_marks.isEmpty()) {
        p.setPen(pal.color(QPalette::PlaceholderText));
        p.drawText(rect(), Qt::AlignCenter, tr("no attempts recorded"));
        return;
    }
    const int margin = 40;
    const int lineY = fm.height() + 12;
    const int left = margin;
    const int right = qMax(left + 1, width() - margin);
    const qint64 t0 = m_marks.first().atMs;
    const qint64 span = qMax<qint64>(1, m_marks.last().atMs - t0);
    // Proportional positions show the gaps' sizes; when marks would crowd, space them evenly instead.
    QList<qreal> xs;
    bool crowded = false;
    for (int i = 0; i < m_marks.size(); ++i) {
        const qreal x = m_marks.size() == 1 ? (left + right) / 2.0 : left + qreal(right - left) * qreal(m_marks[i].atMs - t0) / qreal(span);
        if (i > 0 && x - xs.last() < 70)
            crowded = true;
        xs << x;
    }
    if (crowded && m_marks.size() > 1) {
        for (int i = 0; i < xs.size(); ++i)
            xs[i] = left + qreal(right - left) * i / qreal(xs.size() - 1);
    }

    p.setPen(QPen(pal.color(QPalette::Mid), 2));
    p.drawLine(QPointF(xs.first(), lineY), QPointF(xs.last(), lineY));
    const int icon = 16;
    for (int i = 0; i < m_marks.size(); ++i) {
        const Mark &m = m_marks[i];
        if (i > 0 && m.gapMs > 0) {
            const QString gap = ViewFormat::duration(m.gapMs);
            const qreal mid = (xs[i - 1] + xs[i]) / 2;
            p.setPen(pal.color(QPalette::Text));
            p.drawText(QRectF(mid - 60, 2, 120, fm.height()), Qt::AlignCenter, gap);
        }
        p.drawPixmap(QPointF(xs[i] - icon / 2.0, lineY - icon / 2.0), m_icons.icon(m.severity).pixmap(icon, icon));
        const QString label = fm.elidedText(m.label, Qt::ElideRight, 110);
        p.setPen(pal.color(QPalette::Text));
        p.drawText(QRectF(xs[i] - 60, lineY + icon / 2.0 + 2, 120, fm.height()), Qt::AlignCenter, label);
        p.setPen(pal.color(QPalette::PlaceholderText));
        p.drawText(QRectF(xs[i] - 60, lineY + icon / 2.0 + 2 + fm.height(), 120, fm.height()), Qt::AlignCenter,
                   i == 0 ? ViewFormat::clockTime(m.atMs).right(9) : QStringLiteral("+") + ViewFormat::duration(m.atMs - t0));
    }
}

} // namespace icp
