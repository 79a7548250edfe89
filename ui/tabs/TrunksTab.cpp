#include "TrunksTab.h"

namespace icp {

TrunksTab::TrunksTab(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("trunks"));
}

void TrunksTab::applySnapshot(const icp::EngineSnapshot &snapshot)
{
    Q_UNUSED(snapshot);
}

void TrunksTab::setRegionFilter(const QString &region)
{
    Q_UNUSED(region);
}

} // namespace icp
