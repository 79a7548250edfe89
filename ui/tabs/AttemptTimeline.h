#pragma once
// A small painted timeline of one conflict's cycle: every 409 and rebase of the writer's cycle and the final
// outcome, as markers whose shape tells the outcome, the backoff waits written over the line, and the inspected
// 409 ringed.
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
        qint64 backoffMs = 0; // the wait after this mark before the next send
        QString label;
        Severity severity = Severity::None;
        bool current = false; // the 409 being inspected
    };
    QList<Mark> m_marks;
    StatusIcons m_icons;
};

} // namespace icp
