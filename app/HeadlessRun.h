#pragma once
// One headless run: the embedded simulator over real loopback HTTP, the scenario's WFM feed, a sync strategy,
// a progress line a second and a summary at the end. The same wiring the window will use.

#include "Scenario.h"

#include <QObject>
#include <QString>

#include <memory>

namespace icp {

struct HeadlessOptions
{
    QString scenario = QStringLiteral("seed-peak");
    quint64 seed = 1;
    QString strategy = QStringLiteral("seed");
    qint64 durationS = 0; // 0: until the timeline is over and the queue is empty (plus a grace period)
    qint64 graceS = 60;
    QString summaryJsonPath;
};

class HeadlessRun final : public QObject
{
    Q_OBJECT
public:
    HeadlessRun(Scenario scenario, HeadlessOptions options, QObject *parent = nullptr);
    ~HeadlessRun() override;

    // Starts the run; emits finished(exitCode) when done. Exit codes: 0 converged with nothing lost, 3 finished
    // but not converged or something lost, 2 configuration error.
    void start();

Q_SIGNALS:
    void finished(int exitCode);

private:
    void finishRun();
    void writeSummary();

    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace icp
