#include "MetaTypes.h"

#include "Agent.h"
#include "ApiError.h"
#include "Campaign.h"
#include "EngineSnapshot.h"
#include "EventSource.h"
#include "CapacityUpdate.h"
#include "Region.h"
#include "SkillGroup.h"
#include "Trunk.h"

#include <QMetaType>

namespace icp {

void registerMetaTypes()
{
    qRegisterMetaType<Agent>();
    qRegisterMetaType<AgentAvailability>();
    qRegisterMetaType<QList<AgentAvailability>>();
    qRegisterMetaType<ApiError>();
    qRegisterMetaType<Campaign>();
    qRegisterMetaType<BulkCapacityRequest>();
    qRegisterMetaType<BulkCapacityResponse>();
    qRegisterMetaType<Region>();
    qRegisterMetaType<SkillGroup>();
    qRegisterMetaType<Trunk>();
    qRegisterMetaType<QList<Trunk>>();
    qRegisterMetaType<TrunkMetrics>();
    qRegisterMetaType<GroupVersionEvent>();
    qRegisterMetaType<EngineSnapshot>();
    qRegisterMetaType<OutboxEntry>();
    qRegisterMetaType<DeadLetter>();
    qRegisterMetaType<QList<DeadLetter>>();
    qRegisterMetaType<StoredConflict>();
    qRegisterMetaType<OutboxCounters>();
}

} // namespace icp
