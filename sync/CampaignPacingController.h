#pragma once
// Campaign pacing on the engine's thread: lists each region's outbound campaigns (through the region lane), keeps
// one CampaignPacer and one CampaignWriter per campaign, and re-evaluates the recommendations within
// campaignEvaluateMs of any capacity change the fleet view reports (trunk registration and calls from the event
// stream and the trunk metrics, agents from the WFM feed). Recommends for every campaign; writes only for those
// with auto-pacing switched on (off by default), or once on Apply now.

#include "CampaignPacer.h"
#include "Clock.h"
#include "EngineSnapshot.h"
#include "EventSource.h"

#include <QHash>
#include <QObject>

#include <functional>
#include <memory>

namespace icp {

class CampaignWriter;
class WriterHost;

class CampaignPacingController final : public QObject
{
    Q_OBJECT
public:
    using CapacitySource = std::function<CampaignCapacity(const QString &region, const QStringList &skillGroupIds)>;

    CampaignPacingController(WriterHost &host, QStringList regions, CapacitySource capacity, QObject *parent = nullptr);
    ~CampaignPacingController() override;

    // Lists the campaigns of every region.
    void start();
    void attachEventSource(EventSource *source);
    // Something that feeds the capacity changed: evaluate soon (coalesced).
    void capacityChanged();
    void evaluateNow();

    bool setAutoPacing(const QString &campaignId, bool on);
    // Writes the current recommendation at once; false (with the reason) when there is none or the id is unknown.
    bool applyNow(const QString &campaignId, QString *why = nullptr);
    void kick(const QString &region);

    void fill(EngineSnapshot &snapshot) const;
    QStringList campaignIds() const { return m_order; }

private:
    struct Entry
    {
        QString id;
        QString region;
        QString name;
        QStringList skillGroupIds;
        std::shared_ptr<CampaignPacer> pacer;
        CampaignWriter *writer = nullptr;
        bool autoPacing = false;
    };
    void listRegion(const QString &region, int attempt);
    void addCampaign(const QString &region, Campaign campaign);
    void evaluate(Entry &e, qint64 nowMs);

    WriterHost &m_host;
    QStringList m_regions;
    CapacitySource m_capacity;
    QStringList m_order;
    QHash<QString, Entry> m_entries;
    TimerId m_evaluateTimer = 0;
    TimerId m_raiseTimer = 0;
    qint64 m_raiseTimerAtMs = 0;
};

} // namespace icp
