#include "ConflictsTab.h"

namespace icp {

ConflictsTab::ConflictsTab(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("conflicts"));
}

void ConflictsTab::applySnapshot(const icp::EngineSnapshot &snapshot)
{
    Q_UNUSED(snapshot);
}

void ConflictsTab::setRegionFilter(const QString &region)
{
    Q_UNUSED(region);
}

} // namespace icp
