#pragma once
// A small painted timeline of one conflict: the 409, then each later attempt as a marker whose shape tells its
// outcome, with the backoff gap before it written over the line.
#include "EngineSnapshot.h"
#include "StatusIcons.h"

#include <QWidget>

namespace icp {

class AttemptTimeline : public QWidget
{
    Q_OBJECT
public:
    explicit AttemptTimeline(QWidget *parent = nullptr);

    void setConflict(qint64 conflictAtMs, const QList<ConflictAttempt> &attempts);
    void clear();
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

    static Severity outcomeSeverity(const QString &outcome);

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    struct Mark
    {
        qint64 atMs = 0;
        qint64 gapMs = 0; // backoff before this mark (0 for the first)
        QString label;
        Severity severity = Severity::None;
    };
    QList<Mark> m_marks;
    StatusIcons m_icons;
};

} // namespace icp
