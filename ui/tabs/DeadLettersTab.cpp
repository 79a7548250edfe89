#include "DeadLettersTab.h"

namespace icp {

DeadLettersTab::DeadLettersTab(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("deadletters"));
}

void DeadLettersTab::applySnapshot(const icp::EngineSnapshot &snapshot)
{
    Q_UNUSED(snapshot);
}

void DeadLettersTab::setRegionFilter(const QString &region)
{
    Q_UNUSED(region);
}

} // namespace icp
