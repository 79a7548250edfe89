#include "SseParser.h"

namespace icp {

SseParser::SseParser(qsizetype maxEventBytes)
    : m_maxEventBytes(qMax<qsizetype>(1, maxEventBytes))
{
}

void SseParser::reset()
{
    m_line.clear();
    m_lineStarted = false;
    m_afterCr = false;
    m_atStreamStart = true;
    m_skipping = false;
    m_eventBytes = 0;
    m_data.clear();
    m_eventType.clear();
    m_idBuffer = m_lastEventId;
}

QList<SseEvent> SseParser::feed(QByteArrayView chunk)
{
    QList<SseEvent> out;
    const char *p = chunk.data();
    const qsizetype n = chunk.size();
    qsizetype i = 0;
    if (m_afterCr && n > 0) {
        // CR ended the previous chunk; an LF here completes the same line break, not a blank line.
        if (p[0] == '\n')
            i = 1;
        m_afterCr = false;
    }
    while (i < n) {
        qsizetype j = i;
        while (j < n && p[j] != '\n' && p[j] != '\r')
            ++j;
        if (j > i) {
            m_lineStarted = true;
            if (!m_skipping) {
                if (m_eventBytes + m_line.size() + (j - i) > m_maxEventBytes)
                    startSkipping();
                else
                    m_line.append(p + i, j - i);
            }
        }
        if (j == n)
            break; // the line goes on in the next chunk
        if (p[j] == '\r') {
            if (j + 1 < n) {
                if (p[j + 1] == '\n')
                    ++j;
            } else {
                m_afterCr = true;
            }
        }
        i = j + 1;

        const bool blank = !m_lineStarted;
        if (m_skipping) {
            if (blank) {
                // The skipped event is consumed: resuming must not ask for it again.
                m_lastEventId = m_idBuffer;
                m_skipping = false;
                m_eventBytes = 0;
            }
        } else if (!blank && m_eventBytes + m_line.size() + 1 > m_maxEventBytes) {
            startSkipping(); // the line break tips it over; the next blank line ends the skip
        } else {
            processLine(m_line, out);
        }
        m_line.clear();
        m_lineStarted = false;
    }
    return out;
}

void SseParser::processLine(QByteArrayView line, QList<SseEvent> &out)
{
    if (m_atStreamStart) {
        m_atStreamStart = false;
        if (line.startsWith("\xEF\xBB\xBF"))
            line = line.sliced(3);
    }
    if (line.isEmpty()) {
        dispatch(out);
        return;
    }
    m_eventBytes += line.size() + 1;
    if (line.front() == ':') {
        ++m_comments;
        return;
    }
    const qsizetype colon = line.indexOf(':');
    const QByteArrayView field = colon < 0 ? line : line.first(colon);
    QByteArrayView value = colon < 0 ? QByteArrayView() : line.sliced(colon + 1);
    if (value.startsWith(' '))
        value = value.sliced(1);

    if (field == "data") {
        m_data.append(value);
        m_data.append('\n');
    } else if (field == "event") {
        m_eventType = QString::fromUtf8(value);
    } else if (field == "id") {
        if (!value.contains('\0'))
            m_idBuffer = value.toByteArray();
    } else if (field == "retry") {
        bool digits = !value.isEmpty();
        for (char c : value)
            digits = digits && c >= '0' && c <= '9';
        if (digits && value.size() < 16)
            m_retryMs = value.toByteArray().toLongLong();
    }
    // Other fields are ignored, as the standard says.
}

void SseParser::dispatch(QList<SseEvent> &out)
{
    m_eventBytes = 0;
    m_lastEventId = m_idBuffer;
    if (m_data.isEmpty()) {
        m_eventType.clear();
        return;
    }
    m_data.chop(1); // the '\n' after the last data line
    SseEvent e;
    e.id = m_lastEventId;
    e.event = m_eventType.isEmpty() ? QStringLiteral("message") : std::exchange(m_eventType, {});
    e.data = std::exchange(m_data, {});
    out.push_back(std::move(e));
}

void SseParser::startSkipping()
{
    m_skipping = true;
    ++m_skipped;
    const QString seen = m_idBuffer.isEmpty() ? QStringLiteral("none") : QString::fromUtf8(m_idBuffer.left(32));
    m_errors.push_back(QStringLiteral("event stream: skipped an event over %1 bytes (the last id seen is %2); "
                                      "the stream continues with the next event")
                           .arg(m_maxEventBytes)
                           .arg(seen));
    m_line.clear();
    m_data.clear();
    m_eventType.clear();
    m_eventBytes = 0;
}

} // namespace icp
