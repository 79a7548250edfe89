#pragma once
// Turns one event of the ICP event stream (topic, id, JSON data) into typed values with the strict codecs.
// Shared by the SSE client (sync/SseEventSource) and the in-process source (sim/InProcessEventSource), so both
// accept and reject exactly the same payloads.

#include "Campaign.h"
#include "EventSource.h"
#include "Trunk.h"

#include <QByteArray>
#include <QString>

#include <optional>

namespace icp {

struct DecodedEvent
{
    enum class Kind : quint8 { GroupVersion, Trunk, TrunkMetrics, Campaign };
    Kind kind = Kind::GroupVersion;
    GroupVersionEvent groupVersion;      // Kind::GroupVersion
    Trunk trunk;                         // Kind::Trunk
    std::optional<TrunkMetrics> metrics; // Kind::TrunkMetrics; with Kind::Trunk, the call counts it carried
    Campaign campaign;                   // Kind::Campaign
};

class EventDecoder
{
public:
    explicit EventDecoder(QString regionId);
    const QString &regionId() const { return m_regionId; }

    // topic is the SSE `event:` ("skillgroups", "trunks", "campaigns"); id only names the event in errors.
    // On a bad payload returns nullopt and sets error to one sentence naming the region, topic, event id and
    // field path, e.g. `us-east-1: skillgroups event 12 skipped: version: expected integer, got string`.
    std::optional<DecodedEvent> decode(const QString &topic, const QByteArray &id, const QByteArray &data,
                                       qint64 receivedAtMs, QString *error) const;

private:
    QString m_regionId;
};

// Emits the source's signals for a decoded event: groupVersion, trunkChanged (then trunkMetrics with the
// calls a trunk carried), trunkMetrics or campaignChanged.
void emitDecodedEvent(EventSource &source, const QString &regionId, const DecodedEvent &event);

} // namespace icp
