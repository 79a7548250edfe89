#include "SkillGroup.h"

namespace icp {

SkillGroup SkillGroup::fromJson(JsonIn &in)
{
    SkillGroup g;
    if (!in.expectObject())
        return g;
    g.id = in.string("id");
    g.name = in.string("name");
    g.region = in.string("region");
    g.trunkIds = in.stringList("trunkIds");
    g.version = in.integer("version", 0, std::numeric_limits<qint64>::max());
    g.modifiedBy = in.optString("modifiedBy");
    g.modifiedAtMs = in.optTimestamp("modifiedAt").value_or(0);
    g.memberCount = int(in.optInteger("memberCount", 0, 10000000, 0));
    g.hasMembers = in.has("members");
    if (g.hasMembers)
        g.members = in.array<SkillGroupMember>("members", SkillGroupMember::fromJson);
    return g;
}

Json SkillGroup::toJson(bool withMembers) const
{
    Json trunks = Json::array();
    for (const auto &t : trunkIds)
        trunks.push_back(toStd(t));
    Json j{{"id", toStd(id)},
           {"name", toStd(name)},
           {"region", toStd(region)},
           {"trunkIds", std::move(trunks)},
           {"version", version},
           {"modifiedBy", toStd(modifiedBy)},
           {"modifiedAt", toStd(formatTimestamp(modifiedAtMs))},
           {"memberCount", memberCount}};
    if (withMembers) {
        Json m = Json::array();
        for (const auto &member : members)
            m.push_back(member.toJson());
        j["members"] = std::move(m);
    }
    return j;
}

SkillGroupList SkillGroupList::fromJson(JsonIn &in)
{
    SkillGroupList l;
    if (!in.expectObject())
        return l;
    l.entities = in.array<SkillGroup>("entities", SkillGroup::fromJson);
    return l;
}

Json SkillGroupList::toJson() const
{
    Json e = Json::array();
    for (const auto &g : entities)
        e.push_back(g.toJson(false));
    return Json{{"entities", std::move(e)}};
}

} // namespace icp
