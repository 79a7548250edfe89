#pragma once
// An incremental Server-Sent Events parser (the WHATWG "event stream interpretation"), free of any network
// code: feed it whatever chunks arrive and it returns the events completed so far. Lines may end in LF, CRLF or
// CR, also when a chunk boundary splits the CR from its LF.

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>
#include <utility>

namespace icp {

struct SseEvent
{
    QByteArray id;   // the stream's last event id when this event was dispatched (may be empty)
    QString event;   // the `event:` field; "message" when absent
    QByteArray data; // the `data:` lines joined with '\n'

    bool operator==(const SseEvent &) const = default;
};

class SseParser
{
public:
    static constexpr qsizetype kDefaultMaxEventBytes = 1024 * 1024;

    // An event over maxEventBytes (its lines, one byte per line break) is skipped up to the next blank line
    // and reported; a partial line never grows past the limit either.
    explicit SseParser(qsizetype maxEventBytes = kDefaultMaxEventBytes);

    QList<SseEvent> feed(QByteArrayView chunk);

    // Problems since the last call (oversized events), one readable sentence each.
    QStringList takeErrors() { return std::exchange(m_errors, {}); }

    // For Last-Event-ID on reconnect: the id in force at the last complete event (an `id:` line of an event
    // cut short by a broken connection does not count). Survives reset().
    const QByteArray &lastEventId() const { return m_lastEventId; }
    void setLastEventId(const QByteArray &id) { m_lastEventId = m_idBuffer = id; }
    // The server's `retry:` advice, if it gave one.
    std::optional<qint64> retryMs() const { return m_retryMs; }
    qint64 commentCount() const { return m_comments; }
    qint64 skippedEvents() const { return m_skipped; }

    // Drops a half-received event and line: call when a new connection starts.
    void reset();

private:
    void processLine(QByteArrayView line, QList<SseEvent> &out);
    void dispatch(QList<SseEvent> &out);
    void startSkipping();

    qsizetype m_maxEventBytes;
    QByteArray m_line;          // the current, unterminated line
    bool m_lineStarted = false; // m_line has content (or had, while skipping)
    bool m_afterCr = false;     // the previous chunk ended in CR: a leading LF belongs to it
    bool m_atStreamStart = true;
    bool m_skipping = false;    // inside an oversized event: drop lines up to the next blank one
    qsizetype m_eventBytes = 0;
    QByteArray m_data;
    QString m_eventType;
    QByteArray m_idBuffer;    // set by `id:`, committed to m_lastEventId at the end of the event
    QByteArray m_lastEventId;
    std::optional<qint64> m_retryMs;
    qint64 m_comments = 0;
    qint64 m_skipped = 0;
    QStringList m_errors;
};

} // namespace icp
