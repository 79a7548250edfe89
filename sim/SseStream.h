#pragma once
// One open Server-Sent Events stream of /api/v1/icp/events. A child of its socket: when the client goes away
// and QHttpServer deletes the socket, the stream, its heartbeat timer and its subscription go with it.

#include <QObject>
#include <QSet>
#include <QStringList>

#include <memory>

class QHttpServerResponder;
class QTcpSocket;
class QTimer;

namespace icp::sim {

class SimCore;
struct SimEvent;

class SseStream final : public QObject
{
    Q_OBJECT
public:
    static QStringList knownTopics();

    // Writes nothing yet; open() sends the head, the replay after lastEventId and then live events.
    SseStream(QTcpSocket *socket, std::shared_ptr<QHttpServerResponder> responder, SimCore &core,
              QString regionId, QSet<QString> topics, int heartbeatMs);

    void open(const QList<std::pair<QByteArray, QByteArray>> &headers, qint64 lastEventId);

    // "id: 7\nevent: skillgroups\ndata: {...}\n\n"; multi-line data becomes several data: lines.
    static QByteArray format(const SimEvent &event);

private:
    void onEvent(const QString &regionId, const SimEvent &event);
    void write(const QByteArray &data);
    bool alive() const;

    QTcpSocket *m_socket;
    std::shared_ptr<QHttpServerResponder> m_responder;
    SimCore &m_core;
    QString m_regionId;
    QSet<QString> m_topics;
    qint64 m_lastSentId = 0;
    QTimer *m_heartbeat;
};

} // namespace icp::sim
