#include "EngineSnapshot.h"

namespace icp {

QString outboxStateName(OutboxState s)
{
    switch (s) {
    case OutboxState::Pending: return QStringLiteral("pending");
    case OutboxState::InFlight: return QStringLiteral("in_flight");
    case OutboxState::Applied: return QStringLiteral("applied");
    case OutboxState::DeadLettered: return QStringLiteral("dead");
    }
    return QStringLiteral("pending");
}

QString writerStateName(WriterState s)
{
    switch (s) {
    case WriterState::Idle: return QStringLiteral("idle");
    case WriterState::Gathering: return QStringLiteral("gathering");
    case WriterState::Settling: return QStringLiteral("waiting to settle");
    case WriterState::WaitingForSlot: return QStringLiteral("queued");
    case WriterState::InFlight: return QStringLiteral("in flight");
    case WriterState::ReReading: return QStringLiteral("re-reading");
    case WriterState::BackingOff: return QStringLiteral("backing off");
    case WriterState::Throttled: return QStringLiteral("throttled");
    case WriterState::Blocked: return QStringLiteral("blocked");
    }
    return QStringLiteral("idle");
}

QString regionSyncStateName(RegionSyncState s)
{
    switch (s) {
    case RegionSyncState::Running: return QStringLiteral("running");
    case RegionSyncState::Paused: return QStringLiteral("paused");
    case RegionSyncState::Throttled: return QStringLiteral("throttled");
    case RegionSyncState::CircuitOpen: return QStringLiteral("circuit open");
    case RegionSyncState::Resyncing: return QStringLiteral("resyncing");
    case RegionSyncState::Blocked: return QStringLiteral("blocked");
    }
    return QStringLiteral("running");
}

} // namespace icp
