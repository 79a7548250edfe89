#pragma once
// One headless run: the embedded simulator over real loopback HTTP, the scenario's WFM feed, a sync strategy
// (the engine or a comparison client), a progress line a second and a summary at the end. The window uses the
// same wiring.

#include "Scenario.h"
#include "WfmSources.h"

#include <QHash>
#include <QMap>
#include <QObject>
#include <QString>
#include <QUrl>

#include <memory>

namespace icp {

struct HeadlessOptions
{
    QString strategy = QStringLiteral("engine"); // engine | seed | jitter | cxascode
    quint64 seed = 1;
    qint64 durationS = 0; // 0: until the timeline is over and the strategy is idle, or the grace period ends
    qint64 graceS = 60;
    QString dbPath;       // the engine's outbox; empty: a fresh temporary file
    QString summaryJsonPath;
    int progressMs = 1000; // one progress line per interval
    // Region id -> base URL of an already running simulator (icp-sim) or region. Empty: the embedded simulator.
    // Either every region of the scenario has one, or none.
    QMap<QString, QUrl> regionUrls;
    // Region id -> client secret, overriding the scenario's (see ClientSecrets). Never printed.
    QHash<QString, QString> clientSecrets;
    bool allowInsecureTls = false; // labs only: accept any TLS certificate (warned on every start)
    QString feedStatePath; // the WFM feed's position survives a restart (see FeedCursor); empty: replay from t = 0
    // A replayed file and/or the WFM ingest endpoint instead of the scenario's WFM timeline (engine only).
    WfmSourceOptions sources;
};

class HeadlessRun final : public QObject
{
    Q_OBJECT
public:
    HeadlessRun(Scenario scenario, HeadlessOptions options, QObject *parent = nullptr);
    ~HeadlessRun() override;

    static QStringList strategies();

    // Starts the run; emits finished(exitCode): 0 converged with nothing lost, 3 finished but not converged or
    // something lost or dead-lettered, 2 configuration error.
    void start();

Q_SIGNALS:
    void finished(int exitCode);

private:
    void tick();
    void finishRun();
    void writeSummary();
    void fail(const QString &message);

    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace icp
