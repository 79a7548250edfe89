#pragma once
// Helpers for the tests that run the real programs: icp-sim as a separate process (the simulator outlives the
// console runs), synchronous reads of its state and of an outbox file, and the scenario's expected end state.
#include "JsonCodec.h"
#include "Scenario.h"
#include "ScenarioTimeline.h"

#include <QDeadlineTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTest>

#include <memory>

namespace icp::reliability {

inline QString dataFile(const QString &name)
{
    return QStringLiteral(ICP_RELIABILITY_DATA_DIR "/") + name;
}

// icp-sim in its own process; stopped with SIGTERM when destroyed.
class SimProcess
{
public:
    bool start(const QString &scenarioPath, quint64 seed, QString *error)
    {
        m_process.setProgram(QStringLiteral(ICP_SIM_BINARY));
        m_process.setArguments({QStringLiteral("--scenario"), scenarioPath, QStringLiteral("--seed"), QString::number(seed)});
        m_process.start();
        if (!m_process.waitForStarted(10000)) {
            *error = QStringLiteral("icp-sim did not start: ") + m_process.errorString();
            return false;
        }
        const auto scenario = Scenario::load(scenarioPath, error);
        if (!scenario)
            return false;
        QDeadlineTimer deadline(20000);
        while (m_urls.size() < scenario->regions.size() && !deadline.hasExpired()) {
            if (!m_process.canReadLine() && !m_process.waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime()))))
                break;
            while (m_process.canReadLine()) {
                const QList<QByteArray> parts = m_process.readLine().trimmed().split(' ');
                if (parts.size() == 2)
                    m_urls.insert(QString::fromUtf8(parts[0]), QUrl(QString::fromUtf8(parts[1])));
            }
        }
        if (m_urls.size() < scenario->regions.size()) {
            *error = QStringLiteral("icp-sim printed no URLs: ") + QString::fromUtf8(m_process.readAllStandardError());
            return false;
        }
        return true;
    }
    ~SimProcess()
    {
        if (m_process.state() == QProcess::Running) {
            m_process.terminate();
            if (!m_process.waitForFinished(10000))
                m_process.kill();
            m_process.waitForFinished(5000);
        }
    }
    const QMap<QString, QUrl> &urls() const { return m_urls; }
    QStringList regionUrlArguments() const
    {
        QStringList args;
        for (auto it = m_urls.cbegin(); it != m_urls.cend(); ++it)
            args << QStringLiteral("--region-url") << it.key() + QLatin1Char('=') + it.value().toString();
        return args;
    }

private:
    QProcess m_process;
    QMap<QString, QUrl> m_urls;
};

// One HTTP exchange, waited for (tests only).
inline QByteArray httpGet(const QUrl &url, int *status = nullptr)
{
    QNetworkAccessManager nam;
    std::unique_ptr<QNetworkReply> reply(nam.get(QNetworkRequest(url)));
    QSignalSpy finished(reply.get(), &QNetworkReply::finished);
    if (!finished.wait(10000))
        return {};
    if (status)
        *status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    return reply->readAll();
}

inline QJsonObject simRegionState(const QUrl &base)
{
    QUrl u = base;
    u.setPath(QStringLiteral("/sim/v1/state"));
    return QJsonDocument::fromJson(httpGet(u)).object(); // one region's state: groups, counters, effects
}

// The newest change of every agent the timeline touches, with source timestamps on a run that started at epochMs.
inline QHash<QString, TimelineEvent> expectedEndState(const Scenario &scenario, quint64 seed, qint64 epochMs)
{
    QHash<QString, TimelineEvent> newest;
    for (TimelineEvent e : expandTimeline(scenario, seed)) {
        if (e.kind != TimelineEvent::Kind::AgentChange)
            continue;
        e.change.sourceTimestampMs = e.change.sourceTimestampMs - scenario.startTimeMs + epochMs;
        auto it = newest.find(e.change.agentId);
        if (it == newest.end() || it->change.sourceTimestampMs < e.change.sourceTimestampMs)
            newest.insert(e.change.agentId, e);
    }
    return newest;
}

// Runs read-only queries on an outbox file no process holds (the console was killed or has exited).
class OutboxFile
{
public:
    explicit OutboxFile(const QString &path)
        : m_name(QStringLiteral("reliability-%1").arg(++counter()))
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
        db.setDatabaseName(path);
        m_ok = db.open();
    }
    ~OutboxFile()
    {
        {
            QSqlDatabase db = QSqlDatabase::database(m_name, false);
            db.close();
        }
        QSqlDatabase::removeDatabase(m_name);
    }
    bool ok() const { return m_ok; }
    QList<QStringList> rows(const QString &sql) const
    {
        QList<QStringList> out;
        QSqlQuery q(QSqlDatabase::database(m_name, false));
        if (!q.exec(sql))
            return out;
        while (q.next()) {
            QStringList row;
            for (int i = 0; i < q.record().count(); ++i)
                row << q.value(i).toString();
            out << row;
        }
        return out;
    }
    qint64 count(const QString &sql) const
    {
        const auto r = rows(sql);
        return r.isEmpty() ? -1 : r.first().value(0).toLongLong();
    }

private:
    static int &counter()
    {
        static int n = 0;
        return n;
    }
    QString m_name;
    bool m_ok = false;
};

} // namespace icp::reliability
