#include "SseEventSource.h"

#include "ApiError.h"

#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

namespace icp {

Q_LOGGING_CATEGORY(lcEvents, "icp.events", QtInfoMsg)

namespace {

QString seconds(qint64 ms)
{
    return QString::number(double(ms) / 1000.0, 'f', 1) + QStringLiteral(" s");
}

} // namespace

SseEventSource::SseEventSource(QString regionId, QUrl icpBaseUrl, TokenProvider tokens, Clock &clock,
                               SseEventSourceOptions options, QObject *parent)
    : EventSource(parent)
    , m_regionId(std::move(regionId))
    , m_baseUrl(std::move(icpBaseUrl))
    , m_tokens(std::move(tokens))
    , m_clock(clock)
    , m_options(std::move(options))
    , m_nam(new QNetworkAccessManager(this))
    , m_parser(m_options.maxEventBytes)
    , m_decoder(m_regionId)
{
}

SseEventSource::~SseEventSource()
{
    ++m_generation;
    if (m_retryTimer)
        m_clock.cancel(m_retryTimer);
    if (m_livenessTimer)
        m_clock.cancel(m_livenessTimer);
    dropReply();
}

QUrl SseEventSource::streamUrl() const
{
    QUrl url = m_baseUrl;
    QString path = url.path();
    if (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    url.setPath(path + QStringLiteral("/api/v1/icp/events"));
    url.setQuery(QStringLiteral("topics=") + m_options.topics.join(QLatin1Char(',')));
    return url;
}

void SseEventSource::start()
{
    if (m_state != State::Stopped)
        return;
    m_failures = 0;
    m_renewedAfter401 = false;
    connectNow();
}

void SseEventSource::stop()
{
    if (m_state == State::Stopped)
        return;
    ++m_generation;
    if (m_retryTimer)
        m_clock.cancel(std::exchange(m_retryTimer, 0));
    if (m_livenessTimer)
        m_clock.cancel(std::exchange(m_livenessTimer, 0));
    dropReply();
    m_state = State::Stopped;
    if (m_reportedConnected)
        setConnected(false, QStringLiteral("%1: event stream stopped").arg(m_regionId));
}

void SseEventSource::connectNow()
{
    const quint64 generation = ++m_generation;
    m_state = State::FetchingToken;
    const QString rejected = std::exchange(m_rejectedToken, {});
    const QPointer<SseEventSource> self(this);
    // The provider may answer at once (a cached token) or later (a token request).
    m_tokens(rejected, [self, generation](const QString &token, const QString &error) {
        if (!self || self->m_generation != generation || self->m_state != State::FetchingToken)
            return;
        if (token.isEmpty()) {
            QString why = error.isEmpty() ? QStringLiteral("no token") : error;
            if (why.startsWith(self->m_regionId + QStringLiteral(": ")))
                why = why.mid(self->m_regionId.size() + 2);
            self->retryLater(QStringLiteral("has no token (%1)").arg(why));
            return;
        }
        self->open(token);
    });
}

void SseEventSource::open(const QString &token)
{
    m_token = token;
    m_state = State::Connecting;
    m_parser.reset();
    m_parser.setLastEventId(m_lastEventId);

    QNetworkRequest request(streamUrl());
    request.setRawHeader("Authorization", "Bearer " + token.toUtf8());
    request.setRawHeader("Accept", "text/event-stream");
    request.setRawHeader("Cache-Control", "no-cache");
    if (!m_lastEventId.isEmpty())
        request.setRawHeader("Last-Event-ID", m_lastEventId);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    // A stream idles between heartbeats: its liveness is checked here, not by the transfer timeout.
    request.setTransferTimeout(0);

    QNetworkReply *reply = m_nam->get(request);
    m_reply = reply;
    if (m_allowInsecureTls)
        connect(reply, &QNetworkReply::sslErrors, reply, [reply]() { reply->ignoreSslErrors(); });
    connect(reply, &QNetworkReply::metaDataChanged, this, &SseEventSource::onHead);
    connect(reply, &QIODevice::readyRead, this, &SseEventSource::onReadyRead);
    connect(reply, &QNetworkReply::finished, this, &SseEventSource::onFinished);
    m_lastDataAtMs = m_clock.nowMs();
    scheduleLivenessCheck();
}

void SseEventSource::onHead()
{
    if (m_state != State::Connecting || !m_reply)
        return;
    const int status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status != 200)
        return; // an error answer: read whole in onFinished
    const QByteArray type = m_reply->rawHeader("Content-Type");
    if (!type.trimmed().toLower().startsWith("text/event-stream")) {
        retryLater(QStringLiteral("got Content-Type \"%1\" instead of text/event-stream")
                       .arg(QString::fromLatin1(type.left(64))));
        return;
    }
    m_state = State::Streaming;
    ++m_connectionsOpened;
    m_renewedAfter401 = false;
    m_lastError.clear();
    setConnected(true, m_lastEventId.isEmpty()
                           ? QStringLiteral("%1: event stream connected").arg(m_regionId)
                           : QStringLiteral("%1: event stream resumed after event %2")
                                 .arg(m_regionId, QString::fromUtf8(m_lastEventId.left(32))));
}

void SseEventSource::onReadyRead()
{
    if (!m_reply)
        return;
    if (m_state == State::Connecting)
        onHead();
    if (m_state != State::Streaming || !m_reply)
        return;
    const QByteArray chunk = m_reply->readAll();
    if (chunk.isEmpty())
        return;
    m_lastDataAtMs = m_clock.nowMs();
    m_failures = 0; // data flows: the next break starts the backoff afresh

    const quint64 generation = m_generation;
    const QList<SseEvent> events = m_parser.feed(chunk);
    const QStringList errors = m_parser.takeErrors();
    for (const QString &error : errors) {
        ++m_eventsRejected;
        qCWarning(lcEvents).noquote() << m_regionId + QStringLiteral(": ") + error;
        Q_EMIT eventRejected(m_regionId, m_regionId + QStringLiteral(": ") + error);
        if (generation != m_generation)
            return;
    }
    for (const SseEvent &event : events) {
        ++m_eventsReceived;
        // Advanced per event: a receiver that stops the source mid-chunk resumes right after what it saw.
        m_lastEventId = event.id;
        QString error;
        const auto decoded = m_decoder.decode(event.event, event.id, event.data, m_clock.nowMs(), &error);
        if (decoded) {
            emitDecodedEvent(*this, m_regionId, *decoded);
        } else {
            ++m_eventsRejected;
            qCWarning(lcEvents).noquote() << error;
            Q_EMIT eventRejected(m_regionId, error);
        }
        if (generation != m_generation)
            return; // a receiver stopped or restarted the source
    }
    m_lastEventId = m_parser.lastEventId(); // also covers skipped events and id-only blocks
}

void SseEventSource::onFinished()
{
    QNetworkReply *reply = m_reply;
    if (!reply)
        return;
    if (m_state == State::Streaming && reply->bytesAvailable() > 0)
        onReadyRead();
    if (m_reply != reply)
        return; // a receiver stopped or restarted the source
    m_reply = nullptr;
    reply->disconnect(this);
    reply->deleteLater();
    if (m_livenessTimer)
        m_clock.cancel(std::exchange(m_livenessTimer, 0));

    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (m_state == State::Streaming) {
        retryLater(reply->error() == QNetworkReply::NoError
                       ? QStringLiteral("was closed by the server")
                       : QStringLiteral("broke (%1)").arg(reply->errorString()));
        return;
    }
    if (m_state != State::Connecting)
        return;
    if (status == 0) {
        retryLater(QStringLiteral("failed (%1)").arg(reply->errorString()));
        return;
    }

    HttpResponse response;
    response.status = status;
    for (const auto &h : reply->rawHeaderPairs())
        response.headers.push_back(h);
    response.body = reply->readAll();
    const ApiError error = ApiError::fromResponse(response);
    if (status == 401) {
        // Expired or revoked: one new token at once; a second refusal in a row waits for the backoff.
        m_rejectedToken = m_token;
        if (!m_renewedAfter401) {
            m_renewedAfter401 = true;
            connectNow();
            return;
        }
        retryLater(QStringLiteral("token rejected (401) again with a new token; check the client secret in "
                                  "Settings > Regions"));
        return;
    }
    if (status == 403) {
        const QString scope =
            error.missingScope.isEmpty() ? QString() : QStringLiteral(", missing scope ") + error.missingScope;
        giveUp(QStringLiteral("%1: event stream forbidden (403%2); grant the scope to this client, then restart "
                              "the stream")
                   .arg(m_regionId, scope));
        return;
    }
    if (status == 408 || status == 429 || status >= 500) {
        retryLater(QStringLiteral("unavailable (%1)").arg(error.summary()), error.retryAfterS);
        return;
    }
    if (status == 200) {
        retryLater(QStringLiteral("ended before it began"));
        return;
    }
    // 400 (unknown topic), 404 (no event stream at this URL) ...: retrying would not change the answer.
    giveUp(QStringLiteral("%1: event stream refused (%2); not retrying: check the region's ICP URL")
               .arg(m_regionId, error.summary()));
}

void SseEventSource::scheduleLivenessCheck()
{
    if (m_livenessTimer)
        return;
    const quint64 generation = m_generation;
    m_livenessTimer = m_clock.callAt(m_lastDataAtMs + m_options.deadStreamMs, this, [this, generation]() {
        m_livenessTimer = 0;
        if (generation == m_generation)
            checkLiveness();
    });
}

void SseEventSource::checkLiveness()
{
    if (m_state != State::Connecting && m_state != State::Streaming)
        return;
    // One timer per stream, re-armed from the last byte seen, rather than one per chunk.
    if (m_clock.nowMs() - m_lastDataAtMs < m_options.deadStreamMs) {
        scheduleLivenessCheck();
        return;
    }
    retryLater(m_state == State::Streaming
                   ? QStringLiteral("was silent for %1 (missed heartbeats)").arg(seconds(m_options.deadStreamMs))
                   : QStringLiteral("got no answer in %1").arg(seconds(m_options.deadStreamMs)));
}

void SseEventSource::dropReply()
{
    if (!m_reply)
        return;
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    reply->disconnect(this);
    reply->abort();
    reply->deleteLater();
}

void SseEventSource::retryLater(const QString &cause, std::optional<int> retryAfterS)
{
    dropReply();
    if (m_livenessTimer)
        m_clock.cancel(std::exchange(m_livenessTimer, 0));
    if (m_retryTimer)
        m_clock.cancel(std::exchange(m_retryTimer, 0));
    ++m_failures;
    qint64 delay = qMax<qint64>(1, m_options.firstRetryMs);
    for (int i = 1; i < m_failures && delay < m_options.maxRetryMs; ++i)
        delay *= 2;
    delay = qMin(delay, m_options.maxRetryMs);
    if (retryAfterS && *retryAfterS >= 0)
        delay = qMax<qint64>(delay, qint64(*retryAfterS) * 1000);

    const quint64 generation = ++m_generation;
    m_state = State::Waiting;
    m_nextAttemptAtMs = m_clock.nowMs() + delay;
    m_lastError = QStringLiteral("%1: event stream %2; reconnecting in %3").arg(m_regionId, cause, seconds(delay));
    qCInfo(lcEvents).noquote() << m_lastError;
    m_retryTimer = m_clock.callAt(m_nextAttemptAtMs, this, [this, generation]() {
        m_retryTimer = 0;
        if (generation == m_generation)
            connectNow();
    });
    setConnected(false, m_lastError);
}

void SseEventSource::giveUp(const QString &reason)
{
    ++m_generation;
    dropReply();
    if (m_livenessTimer)
        m_clock.cancel(std::exchange(m_livenessTimer, 0));
    if (m_retryTimer)
        m_clock.cancel(std::exchange(m_retryTimer, 0));
    m_state = State::Stopped;
    m_lastError = reason;
    qCWarning(lcEvents).noquote() << reason;
    setConnected(false, reason);
}

void SseEventSource::setConnected(bool connected, const QString &reason)
{
    // Every failed attempt is reported, not only the first: the reason and the next attempt change.
    if (connected == m_reportedConnected && connected)
        return;
    m_reportedConnected = connected;
    Q_EMIT connectionChanged(m_regionId, connected, reason);
}

} // namespace icp
