#pragma once
// Where the headless run's simulated WFM feed stands, kept in a small file (--feed-state FILE) so that a console
// restarted after a crash continues the scenario's timeline instead of replaying it: the feed's time origin
// (epoch) and the index of the next change to deliver. It plays the part of a real WFM system, which remembers
// which changes the console acknowledged. The cursor moves only after ingest() returned (the change is in the
// outbox), so a crash in between delivers that change again, which the outbox counts as a duplicate.

#include <QFile>
#include <QString>

namespace icp {

class FeedCursor
{
public:
    explicit FeedCursor(QString path);

    // Loads the file, or creates it with epoch = nowMs and next = 0. A file written for another scenario or seed
    // is refused (its timeline would not match).
    bool open(const QString &scenario, quint64 seed, qint64 nowMs, QString *error);
    qint64 epochMs() const { return m_epochMs; }
    qint64 next() const { return m_next; }
    bool isResumed() const { return m_resumed; }
    // Records that every change before `next` was ingested.
    bool advance(qint64 next, QString *error);

private:
    bool write(QString *error);

    QString m_path;
    QFile m_file;
    QString m_scenario;
    quint64 m_seed = 0;
    qint64 m_epochMs = 0;
    qint64 m_next = 0;
    bool m_resumed = false;
};

} // namespace icp
