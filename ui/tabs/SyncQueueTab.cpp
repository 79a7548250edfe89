#include "SyncQueueTab.h"

namespace icp {

SyncQueueTab::SyncQueueTab(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("queue"));
}

void SyncQueueTab::applySnapshot(const icp::EngineSnapshot &snapshot)
{
    Q_UNUSED(snapshot);
}

void SyncQueueTab::setRegionFilter(const QString &region)
{
    Q_UNUSED(region);
}

} // namespace icp
