#include "EventDecoder.h"

#include <limits>

namespace icp {

namespace {

GroupVersionEvent decodeGroupVersion(JsonIn &in, const QString &regionId)
{
    GroupVersionEvent g;
    if (!in.expectObject())
        return g;
    g.skillGroupId = in.string("id");
    g.region = in.string("region");
    g.version = in.integer("version", 1, std::numeric_limits<qint64>::max());
    g.modifiedBy = in.string("modifiedBy");
    g.modifiedAtMs = in.timestamp("modifiedAt");
    if (in.ok() && g.skillGroupId.isEmpty())
        in.fail(QStringLiteral("must not be empty"), "id");
    // A stream serves one region; an event naming another is a server fault, not something to apply here.
    if (in.ok() && g.region != regionId)
        in.fail(QStringLiteral("expected \"%1\", got \"%2\"").arg(regionId, g.region.left(64)), "region");
    return g;
}

TrunkMetrics decodeCalls(JsonIn &calls)
{
    TrunkMetrics m;
    m.inboundCallCount = int(calls.integer("inboundCallCount", 0, 1000000));
    m.outboundCallCount = int(calls.integer("outboundCallCount", 0, 1000000));
    return m;
}

} // namespace

EventDecoder::EventDecoder(QString regionId)
    : m_regionId(std::move(regionId))
{
}

std::optional<DecodedEvent> EventDecoder::decode(const QString &topic, const QByteArray &id, const QByteArray &data,
                                                 qint64 receivedAtMs, QString *error) const
{
    const QString idText = id.isEmpty() ? QStringLiteral("(no id)") : QString::fromUtf8(id.left(32));
    auto reject = [&](const QString &why) -> std::optional<DecodedEvent> {
        if (error)
            *error = QStringLiteral("%1: %2 event %3 skipped: %4").arg(m_regionId, topic.left(32), idText, why);
        return std::nullopt;
    };

    DecodedEvent out;
    if (topic == QLatin1String("skillgroups"))
        out.kind = DecodedEvent::Kind::GroupVersion;
    else if (topic == QLatin1String("trunks"))
        out.kind = DecodedEvent::Kind::Trunk; // or TrunkMetrics, by shape below
    else if (topic == QLatin1String("campaigns"))
        out.kind = DecodedEvent::Kind::Campaign;
    else
        return reject(QStringLiteral("unknown topic (expected trunks, skillgroups or campaigns)"));

    DecodeError err;
    const auto json = parseJson(data, err);
    if (!json)
        return reject(err.message());
    JsonIn in(*json, err);
    if (!in.expectObject())
        return reject(err.message());

    switch (out.kind) {
    case DecodedEvent::Kind::GroupVersion:
        out.groupVersion = decodeGroupVersion(in, m_regionId);
        out.groupVersion.receivedAtMs = receivedAtMs;
        break;
    case DecodedEvent::Kind::Trunk:
    case DecodedEvent::Kind::TrunkMetrics:
        // Two shapes share the topic: a whole trunk (state change) or a metrics sample (call counts).
        if (in.has("registersStatus")) {
            out.trunk = Trunk::fromJson(in);
            out.metrics = in.optObject<TrunkMetrics>("calls", decodeCalls);
            if (out.metrics) {
                out.metrics->trunkId = out.trunk.id;
                out.metrics->eventTimeMs = receivedAtMs;
            }
        } else if (in.has("trunk")) {
            out.kind = DecodedEvent::Kind::TrunkMetrics;
            out.metrics = TrunkMetrics::fromJson(in);
            if (in.ok() && out.metrics->eventTimeMs == 0)
                out.metrics->eventTimeMs = receivedAtMs;
        } else {
            return reject(QStringLiteral("neither a trunk (no \"registersStatus\") nor trunk metrics (no \"trunk\")"));
        }
        break;
    case DecodedEvent::Kind::Campaign:
        out.campaign = Campaign::fromJson(in);
        break;
    }
    if (!in.ok())
        return reject(err.message());
    return out;
}

void emitDecodedEvent(EventSource &source, const QString &regionId, const DecodedEvent &event)
{
    switch (event.kind) {
    case DecodedEvent::Kind::GroupVersion:
        Q_EMIT source.groupVersion(event.groupVersion);
        break;
    case DecodedEvent::Kind::Trunk:
        Q_EMIT source.trunkChanged(regionId, event.trunk);
        if (event.metrics)
            Q_EMIT source.trunkMetrics(regionId, *event.metrics);
        break;
    case DecodedEvent::Kind::TrunkMetrics:
        Q_EMIT source.trunkMetrics(regionId, *event.metrics);
        break;
    case DecodedEvent::Kind::Campaign:
        Q_EMIT source.campaignChanged(regionId, event.campaign);
        break;
    }
}

} // namespace icp
