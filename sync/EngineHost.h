#pragma once
// Runs the sync engine on its own worker QThread for the window. The GUI thread owns this object and only ever
// sees value copies: commands go to the worker as queued calls, snapshots come back as queued signals (at most
// 10 a second), so nothing the window does can block on the network or the database.
//
// On the worker thread the host builds a NetworkTransport, a SystemClock, the SyncEngine with its outbox, one
// SseEventSource per region and a FleetMonitor (trunks, skill groups, agents), and then calls the feed starter,
// which connects an availability source (the embedded scenario feed, WFM ingest, a replay) to the engine.

#include "AuditTrail.h"
#include "EngineConfig.h"
#include "EngineSnapshot.h"
#include "SyncEngine.h"

#include <QObject>

#include <functional>

class QThread;

namespace icp {

class Clock;
class EngineWorker;

// Commits availability changes to the engine's outbox (on the worker thread); what is taken survives a crash.
using IngestSink = std::function<AcceptResult(const QList<OutboxChange> &changes)>;

struct EngineHostOptions
{
    QList<EngineRegion> regions;
    EngineConfig config;
    QString outboxPath;          // the durable outbox; required
    quint64 seed = 1;
    bool eventStreams = true;    // one SSE event source per region
    bool monitorFleet = true;    // trunk, group and agent listings for the region cards and the Trunks tab
    bool startPaused = false;    // start with every region paused (Start sync resumes)
    bool allowInsecureTls = false; // labs only (--allow-insecure-tls): accept any certificate; the window warns
    // Runs on the worker thread once the engine is open: connects an availability source to `ingest`.
    // `context` lives on the worker thread and is destroyed before the engine; parent what the starter creates
    // to it (or capture it in the sink's owner) so it never outlives the engine.
    std::function<void(IngestSink ingest, Clock &clock, QObject *context)> startFeed;
};

class EngineHost final : public QObject
{
    Q_OBJECT
public:
    explicit EngineHost(EngineHostOptions options, QObject *parent = nullptr);
    ~EngineHost() override; // stops the engine and joins its thread

    // Starts the worker thread and the engine there; emits started() or failed(error). Never waits.
    void start();
    bool isStarted() const { return m_started; }
    // The newest snapshot received (a copy; empty before the first one).
    EngineSnapshot lastSnapshot() const { return m_last; }
    QStringList regionIds() const;
    bool allowsInsecureTls() const { return m_options.allowInsecureTls; }

    // Supervisor commands, queued to the worker; an empty region means all regions. Each is first written to
    // the audit trail (Outbox::audit()) with the OS user and the time, then carried out; audited() follows.
    void startSync();            // resumes every region (audited as "start")
    void pause(const QString &region = {});
    void resume(const QString &region = {});
    void resync(const QString &region = {});
    void retryDeadLetters(const QList<qint64> &ids);
    void discardDeadLetters(const QList<qint64> &ids);
    // Campaign pacing: auto-pacing of one campaign (off by default), and one write of its recommendation now.
    void setAutoPacing(const QString &campaignId, bool on);
    void applyPacingNow(const QString &campaignId);
    // A supervisor action that is not an engine command (e.g. "settings" with the names of what changed).
    void recordAudit(const QString &action, const QString &region, const QString &detail);
    QString osUser() const { return m_osUser; }

Q_SIGNALS:
    void started();
    void failed(const QString &error);
    void snapshotReady(const icp::EngineSnapshot &snapshot);
    // A line for the log: engine messages per region (region may be empty).
    void message(const QString &region, const QString &text);
    // The outcome of a retry or discard, in plain words ("3 requeued, 1 already superseded").
    void deadLetterActionDone(const QString &summary);
    // An audit entry was committed (or, with a non-empty error, could not be: the action still ran).
    void audited(const icp::AuditEntry &entry, const QString &error);

private:
    void onSnapshot(const icp::EngineSnapshot &snapshot);
    AuditEntry auditEntry(const QString &action, const QString &region, const QString &detail) const;
    // A supervisor command: its audit entry, then `run` on the worker (null: the entry only), both queued.
    void command(const QString &action, const QString &region, const QString &detail,
                 std::function<void(EngineWorker *)> run);

    EngineHostOptions m_options;
    QThread *m_thread = nullptr;
    EngineWorker *m_worker = nullptr; // lives on m_thread
    EngineSnapshot m_last;
    bool m_started = false;
    QString m_osUser;
};

} // namespace icp
