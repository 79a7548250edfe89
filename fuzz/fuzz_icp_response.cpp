// libFuzzer target: the ICP answers the client decodes (GET skillgroups, GET skillgroups/{id}, the 200 of
// capacity:bulk). Every input goes through each decoder; accepted values must round-trip.
#include "FuzzSupport.h"

#include "CapacityUpdate.h"
#include "SkillGroup.h"

using namespace icp;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray text = fuzz::input(data, size);

    fuzz::roundTrip<SkillGroup>(
        text, [](const SkillGroup &v) { return v.toJson(v.hasMembers); },
        [](const SkillGroup &a, const SkillGroup &b) { return a == b; });

    fuzz::roundTrip<SkillGroupList>(
        text, [](const SkillGroupList &v) { return v.toJson(); },
        [](const SkillGroupList &a, const SkillGroupList &b) {
            // The listing carries no members: compare without them.
            if (a.entities.size() != b.entities.size())
                return false;
            for (qsizetype i = 0; i < a.entities.size(); ++i) {
                SkillGroup x = a.entities[i], y = b.entities[i];
                x.members.clear();
                x.hasMembers = y.hasMembers = false;
                if (!(x == y))
                    return false;
            }
            return true;
        });

    fuzz::roundTrip<BulkCapacityResponse>(text);
    return 0;
}
