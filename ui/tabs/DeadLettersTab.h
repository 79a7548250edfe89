#pragma once
#include "EngineSnapshot.h"

#include <QWidget>

namespace icp {

class DeadLettersTab : public QWidget
{
    Q_OBJECT
public:
    explicit DeadLettersTab(QWidget *parent = nullptr);

    void applySnapshot(const icp::EngineSnapshot &snapshot);
    void setRegionFilter(const QString &region); // empty: all regions

Q_SIGNALS:
    void retryRequested(const QList<qint64> &ids);
    void discardRequested(const QList<qint64> &ids);
};

} // namespace icp
