#pragma once
#include "EngineSnapshot.h"

#include <QWidget>

namespace icp {

class ConflictsTab : public QWidget
{
    Q_OBJECT
public:
    explicit ConflictsTab(QWidget *parent = nullptr);

    void applySnapshot(const icp::EngineSnapshot &snapshot);
    void setRegionFilter(const QString &region); // empty: all regions
};

} // namespace icp
