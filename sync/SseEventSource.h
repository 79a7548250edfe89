#pragma once
// The ICP event stream of one region over Server-Sent Events (GET /api/v1/icp/events), read incrementally
// from a streaming QNetworkReply. Resumes with Last-Event-ID after any break, reconnects with exponential
// backoff on the injected clock, treats a silent stream (no byte for three heartbeats) as dead, and on 401
// asks its token provider for a new token once before reporting.

#include "Clock.h"
#include "EventDecoder.h"
#include "EventSource.h"
#include "SseParser.h"

#include <QPointer>
#include <QStringList>
#include <QUrl>

#include <functional>

class QNetworkAccessManager;
class QNetworkReply;

namespace icp {

struct SseEventSourceOptions
{
    QStringList topics{QStringLiteral("trunks"), QStringLiteral("skillgroups"), QStringLiteral("campaigns")};
    qint64 firstRetryMs = 500;    // then doubled per failed attempt in a row ...
    qint64 maxRetryMs = 15000;    // ... up to this; a server's Retry-After is a floor
    qint64 deadStreamMs = 45000;  // no byte for this long (three 15 s heartbeats): reconnect
    qsizetype maxEventBytes = SseParser::kDefaultMaxEventBytes;
};

class SseEventSource final : public EventSource
{
    Q_OBJECT
public:
    using TokenCallback = std::function<void(const QString &token, const QString &error)>;
    // Gives a bearer token (or an error) through done, now or later. rejectedToken is empty, or the token the
    // stream was just refused with (401): the provider must not hand it out again. IcpClient::fetchToken fits.
    using TokenProvider = std::function<void(const QString &rejectedToken, TokenCallback done)>;

    // icpBaseUrl: the region's ICP base URL. The source owns its QNetworkAccessManager so that the long-lived
    // stream does not hold one of the six connections the writers share.
    SseEventSource(QString regionId, QUrl icpBaseUrl, TokenProvider tokens, Clock &clock,
                   SseEventSourceOptions options = {}, QObject *parent = nullptr);
    ~SseEventSource() override;

    void start() override;
    void stop() override; // keeps the resume point: start() continues after the last event received
    bool isConnected() const override { return m_state == State::Streaming; }
    bool isRunning() const { return m_state != State::Stopped; }

    const QString &regionId() const { return m_regionId; }
    QUrl streamUrl() const;
    const QByteArray &lastEventId() const { return m_lastEventId; }
    // A resume point kept from an earlier run; takes effect on the next connection.
    void setLastEventId(const QByteArray &id) { m_lastEventId = id; }
    // Labs only (--allow-insecure-tls): accept any TLS certificate. Otherwise a certificate error fails the
    // connection with Qt's reason, like NetworkTransport.
    void setAllowInsecureTls(bool allow) { m_allowInsecureTls = allow; }

    qint64 eventsReceived() const { return m_eventsReceived; }
    qint64 eventsRejected() const { return m_eventsRejected; }
    int connectionsOpened() const { return m_connectionsOpened; }
    int failuresInARow() const { return m_failures; }
    qint64 nextAttemptAtMs() const { return m_retryTimer ? m_nextAttemptAtMs : 0; }
    qint64 lastDataAtMs() const { return m_lastDataAtMs; } // clock time of the last byte (or of the request)
    QString lastError() const { return m_lastError; }

private:
    enum class State : quint8 { Stopped, FetchingToken, Connecting, Streaming, Waiting };

    void connectNow();
    void open(const QString &token);
    void onHead();
    void onReadyRead();
    void onFinished();
    void checkLiveness();
    void scheduleLivenessCheck();
    void dropReply();
    // Closes the attempt, reports reason and schedules the next one (retryAfterS is a floor).
    void retryLater(const QString &cause, std::optional<int> retryAfterS = std::nullopt);
    void giveUp(const QString &reason);
    void setConnected(bool connected, const QString &reason);

    QString m_regionId;
    QUrl m_baseUrl;
    TokenProvider m_tokens;
    Clock &m_clock;
    SseEventSourceOptions m_options;
    QNetworkAccessManager *m_nam;
    SseParser m_parser;
    EventDecoder m_decoder;

    State m_state = State::Stopped;
    bool m_reportedConnected = false;
    quint64 m_generation = 0; // bumped per attempt and by stop(): late callbacks of older ones are ignored
    QPointer<QNetworkReply> m_reply;
    QByteArray m_lastEventId;    // sent as Last-Event-ID
    bool m_allowInsecureTls = false;
    QString m_token;
    QString m_rejectedToken;     // handed to the provider once after a 401
    bool m_renewedAfter401 = false;
    int m_failures = 0;          // failed attempts since data last flowed
    TimerId m_retryTimer = 0;
    qint64 m_nextAttemptAtMs = 0;
    TimerId m_livenessTimer = 0;
    qint64 m_lastDataAtMs = 0;
    QString m_lastError;
    qint64 m_eventsReceived = 0;
    qint64 m_eventsRejected = 0;
    int m_connectionsOpened = 0;
};

} // namespace icp
