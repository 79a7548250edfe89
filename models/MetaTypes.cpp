#include "MetaTypes.h"

#include "Agent.h"
#include "ApiError.h"
#include "Campaign.h"
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
}

} // namespace icp
