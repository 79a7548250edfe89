#include "AttemptTimeline.h"

#include "ViewFormat.h"

#include <QPainter>

#include <algorithm>

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
    if (o.contains(QLatin1String("applied")) || o == QLatin1String("ok") || o.startsWith(QLatin1Char('2')))
        return Severity::Ok;
    if (o.contains(QLatin1String("dead")) || o.contains(QLatin1String("fail")) || o.contains(QLatin1String("error"))
        || o.contains(QLatin1String("gave up")))
        return Severity::Error;
    return Severity::None;
}

void AttemptTimeline::setConflict(qint64 conflictAtMs, const QList<ConflictAttempt> &attempts)
{
    m_marks.clear();
    QList<ConflictAttempt> sorted = attempts;
    std::stable_sort(sorted.begin(), sorted.end(), [](const ConflictAttempt &x, const ConflictAttempt &y) { return x.atMs < y.atMs; });
    for (const ConflictAttempt &a : std::as_const(sorted)) {
        const QString outcome = a.outcome.isEmpty() ? tr("attempt") : a.outcome;
        // A rebase at the moment of its 409 belongs to that 409's marker: "409 → rebased", then the wait.
        if (!m_marks.isEmpty() && m_marks.last().atMs == a.atMs && outcome.startsWith(QLatin1String("rebased"))) {
            m_marks.last().label += QStringLiteral(" → ") + outcome;
            m_marks.last().backoffMs = a.delayMs;
            continue;
        }
        m_marks.append(Mark{a.atMs, a.delayMs, outcome, outcomeSeverity(outcome), false});
    }
    bool found = false;
    for (Mark &m : m_marks) {
        if (m.atMs == conflictAtMs && m.severity == Severity::Warning && !found)
            m.current = found = true;
    }
    if (!found) {
        Mark own{conflictAtMs, 0, tr("409"), Severity::Warning, true};
        const auto at = std::find_if(m_marks.begin(), m_marks.end(), [&](const Mark &m) { return m.atMs > conflictAtMs; });
        m_marks.insert(at, own);
    }
    QStringList words;
    for (const Mark &m : std::as_const(m_marks)) {
        QString w = ViewFormat::clockTime(m.atMs) + QStringLiteral("  ") + m.label;
        if (m.backoffMs > 0)
            w += tr(", then wait %1").arg(ViewFormat::duration(m.backoffMs));
        if (m.current)
            w += tr("  (this 409)");
        words << w;
    }
    setAccessibleDescription(words.join(QStringLiteral("; ")));
    setToolTip(tr("The writer's conflict cycle, oldest first:") + QLatin1Char('\n') + words.join(QLatin1Char('\n')));
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
    const int margin = 14;
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
    const qreal spacing = xs.size() > 1 ? (xs.last() - xs.first()) / qreal(xs.size() - 1) : qreal(width());
    // With many attempts only the first and last are labelled; the tooltip lists them all.
    const bool labelAll = spacing >= 110;
    for (int i = 0; i < m_marks.size(); ++i) {
        const Mark &m = m_marks[i];
        const qreal gapWidth = i > 0 ? xs[i] - xs[i - 1] : 0;
        if (i > 0 && m_marks[i - 1].backoffMs > 0) {
            const QString gap = ViewFormat::duration(m_marks[i - 1].backoffMs);
            if (fm.horizontalAdvance(gap) + 6 <= gapWidth) {
                const qreal mid = (xs[i - 1] + xs[i]) / 2;
                p.setPen(pal.color(QPalette::Text));
                p.drawText(QRectF(mid - gapWidth / 2, 2, gapWidth, fm.height()), Qt::AlignCenter, gap);
            }
        }
        p.drawPixmap(QPointF(xs[i] - icon / 2.0, lineY - icon / 2.0), m_icons.icon(m.severity).pixmap(icon, icon));
        if (m.current) {
            p.setPen(QPen(pal.color(QPalette::Highlight), 2));
            p.setBrush(Qt::NoBrush);
            p.drawEllipse(QPointF(xs[i], lineY), icon / 2.0 + 3, icon / 2.0 + 3);
        }
        const bool first = i == 0;
        const bool last = i == m_marks.size() - 1;
        if (!labelAll && !first && !last) {
            // The ring marks the inspected 409; the words only where the end labels leave room.
            if (m.current && xs[i] - xs.first() > 150 && xs.last() - xs[i] > 110) {
                p.setPen(pal.color(QPalette::Text));
                p.drawText(QRectF(xs[i] - 50, lineY + icon / 2.0 + 2, 100, fm.height()), Qt::AlignCenter, tr("this 409"));
            }
            continue;
        }
        const int labelWidth = labelAll ? int(spacing) - 4 : 200;
        const Qt::Alignment align = labelAll ? Qt::AlignHCenter : (first ? Qt::AlignLeft : Qt::AlignRight);
        const qreal lx = align == Qt::AlignLeft ? xs[i] - icon / 2.0 : (align == Qt::AlignRight ? xs[i] + icon / 2.0 - labelWidth : xs[i] - labelWidth / 2.0);
        const QRectF labelRect(lx, lineY + icon / 2.0 + 2, labelWidth, fm.height());
        p.setPen(pal.color(QPalette::Text));
        p.drawText(labelRect, int(align | Qt::AlignVCenter), fm.elidedText(m.label, Qt::ElideRight, labelWidth));
        p.setPen(pal.color(QPalette::PlaceholderText));
        QString when = first ? ViewFormat::clockTime(m.atMs) : QStringLiteral("+") + ViewFormat::duration(m.atMs - t0);
        if (!labelAll && last && m_marks.size() > 2)
            when = tr("%n step(s), ", nullptr, int(m_marks.size())) + when;
        p.drawText(labelRect.translated(0, fm.height()), int(align | Qt::AlignVCenter), when);
    }
}

} // namespace icp
