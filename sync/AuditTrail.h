#pragma once
// The audit trail of supervisor actions: who (the OS user running the console) did what (start, pause, resume,
// resync, retry or discard dead letters, change settings), to which region, and when. Part of the outbox's
// database (table audit_log, schema version 2), so it survives restarts with the data it explains; entries are
// never trimmed or edited. Reach it through Outbox::audit().

#include <QList>
#include <QMetaType>
#include <QString>

#include <optional>

namespace icp {

class OutboxDatabase;

struct AuditEntry
{
    qint64 id = 0;     // set when stored; higher is newer
    qint64 atMs = 0;   // wall clock, epoch ms
    QString osUser;    // the account the console runs under
    QString action;    // start, pause, resume, resync, retry-dead-letters, discard-dead-letters, settings, ...
    QString region;    // empty: every region / not region-specific
    QString detail;    // plain words: ids, changed setting names (never secret values)

    // One line for the log: "2026-11-28 13:20:01 UTC alice pause ap-southeast-1".
    QString describe() const;
    bool operator==(const AuditEntry &) const = default;
};

class AuditTrail
{
public:
    explicit AuditTrail(OutboxDatabase &database);

    // Stores the entry (one commit) and returns it with its id; nullopt with the database's error otherwise.
    std::optional<AuditEntry> record(AuditEntry entry);
    QList<AuditEntry> recent(int limit = 100); // newest first

    // The OS account of this process (getpwuid of the effective uid; $USER when that fails; "unknown").
    static QString currentOsUser();

private:
    OutboxDatabase &m_database;
};

} // namespace icp

Q_DECLARE_METATYPE(icp::AuditEntry)
