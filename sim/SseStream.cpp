#include "SseStream.h"

#include "HttpServerCompat.h"
#include "SimCore.h"

#include <QTcpSocket>
#include <QTimer>

namespace icp::sim {

QStringList SseStream::knownTopics()
{
    return {QStringLiteral("trunks"), QStringLiteral("skillgroups"), QStringLiteral("campaigns")};
}

SseStream::SseStream(QTcpSocket *socket, std::shared_ptr<QHttpServerResponder> responder, SimCore &core,
                     QString regionId, QSet<QString> topics, int heartbeatMs)
    : QObject(socket)
    , m_socket(socket)
    , m_responder(std::move(responder))
    , m_core(core)
    , m_regionId(std::move(regionId))
    , m_topics(std::move(topics))
    , m_heartbeat(new QTimer(this))
{
    m_heartbeat->setInterval(heartbeatMs);
    connect(m_heartbeat, &QTimer::timeout, this, [this]() { write(QByteArrayLiteral(": heartbeat\n\n")); });
}

void SseStream::open(const QList<std::pair<QByteArray, QByteArray>> &headers, qint64 lastEventId)
{
    compat::beginChunked(*m_responder, 200, headers);
    m_lastSentId = lastEventId;
    // Subscribe before the replay: both run on this thread, and m_lastSentId drops any overlap.
    connect(&m_core, &SimCore::eventPublished, this, &SseStream::onEvent);
    const QList<SimEvent> missed = m_core.eventsSince(m_regionId, lastEventId);
    for (const SimEvent &e : missed)
        onEvent(m_regionId, e);
    // An opening comment lets clients see the stream is live before the first event.
    write(QByteArrayLiteral(": stream open\n\n"));
    m_heartbeat->start();
}

QByteArray SseStream::format(const SimEvent &event)
{
    QByteArray out = "id: " + QByteArray::number(event.id) + "\nevent: " + event.topic.toUtf8() + '\n';
    const QList<QByteArray> lines = event.data.split('\n');
    for (const QByteArray &line : lines)
        out += "data: " + line + '\n';
    return out + '\n';
}

void SseStream::onEvent(const QString &regionId, const SimEvent &event)
{
    if (regionId != m_regionId || event.id <= m_lastSentId || !m_topics.contains(event.topic))
        return;
    m_lastSentId = event.id;
    write(format(event));
}

bool SseStream::alive() const
{
    return m_socket->state() == QAbstractSocket::ConnectedState;
}

void SseStream::write(const QByteArray &data)
{
    if (!alive()) {
        // QHttpServer deletes the socket (and this) once it notices; until then write nothing.
        m_heartbeat->stop();
        disconnect(&m_core, nullptr, this, nullptr);
        return;
    }
    compat::writeChunk(*m_responder, data);
}

} // namespace icp::sim
