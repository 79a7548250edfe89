#include "UiBench.h"

#include "ConsoleRuntime.h"
#include "EngineHost.h"
#include "ScenarioFeed.h"
#include "SimHost.h"
#include "MainWindow.h"
#include "ScaleBench.h"
#include "Spread.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEvent>
#include <QSettings>
#include <QTemporaryDir>
#include <QTimer>

#include <sys/resource.h>

#include <algorithm>
#include <cstdio>

namespace icp::bench {

namespace {

// Notes when any widget first receives a paint event.
class FirstPaint final : public QObject
{
public:
    explicit FirstPaint(const QElapsedTimer &clock) : m_clock(clock) {}
    qint64 atMs = -1;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (atMs < 0 && event->type() == QEvent::Paint)
            atMs = m_clock.elapsed();
        return QObject::eventFilter(watched, event);
    }

private:
    const QElapsedTimer &m_clock;
};

double pct(QList<double> v, double p)
{
    if (v.isEmpty())
        return 0;
    std::sort(v.begin(), v.end());
    return v[qBound<qsizetype>(0, qsizetype(p * double(v.size() - 1) + 0.5), v.size() - 1)];
}

QString verdict(bool holds)
{
    return holds ? QStringLiteral("**holds**") : QStringLiteral("**misses**");
}

} // namespace

int runUiBench(int argc, char *argv[])
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QElapsedTimer processClock;
    processClock.start();
    QApplication app(argc, argv);
    const QStringList args = app.arguments().mid(2);
    ScalePoint point{10000, 200, 4, 0, 2000, 20};
    int ingestBatchMs = 100; // 0: the console's own feed (ConsoleRuntime), one change per outbox transaction
    for (int i = 0; i < args.size(); ++i) {
        bool ok = i + 1 < args.size();
        const QString a = args[i];
        const QString v = args.value(++i);
        int n = v.toInt(&ok);
        if (a == QLatin1String("--ingest-batch-ms")) {
            ingestBatchMs = n;
            ok = ok && n >= 0;
            continue;
        }
        if (a == QLatin1String("--agents")) point.agents = n;
        else if (a == QLatin1String("--trunks")) point.trunks = n;
        else if (a == QLatin1String("--regions")) point.regions = n;
        else if (a == QLatin1String("--rate")) point.churnPerS = n;
        else if (a == QLatin1String("--seconds")) point.durationS = n;
        else {
            std::fprintf(stderr, "icp-bench: ui: unknown option %s\n", qPrintable(a));
            return 2;
        }
        if (!ok || n <= 0) {
            std::fprintf(stderr, "icp-bench: %s: expected a positive integer, got \"%s\"\n", qPrintable(a), qPrintable(v));
            return 2;
        }
    }
    QString error;
    const auto sc = scaleScenario(point, &error);
    if (!sc) {
        std::fprintf(stderr, "icp-bench: %s\n", qPrintable(error));
        return 2;
    }
    // The user's saved settings stay out of the measurement.
    QTemporaryDir settingsDir;
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, settingsDir.path());

    // Either the console's own wiring, or the same simulator and engine host with a WFM feed that hands the
    // engine its changes in batches gathered for ingestBatchMs (one outbox transaction each).
    ConsoleRuntimeOptions options;
    options.scenario = *sc;
    ConsoleRuntime runtime(options);
    QTemporaryDir outboxDir;
    sim::SimHost simHost(*sc);
    std::unique_ptr<EngineHost> batchedHost;
    auto engine = [&]() { return ingestBatchMs > 0 ? batchedHost.get() : runtime.engine(); };
    FirstPaint firstPaint(processClock);
    app.installEventFilter(&firstPaint);
    std::unique_ptr<MainWindow> window;
    qint64 windowAtMs = -1, readyAtMs = -1;
    QList<double> lateness;
    QList<double> latenessAwayFromSwitch; // ticks more than 500 ms after a tab switch
    qint64 lastSwitchAtMs = -1;
    QElapsedTimer probeClock;
    QTimer probe;
    probe.setTimerType(Qt::PreciseTimer);
    probe.setInterval(5);
    QObject::connect(&probe, &QTimer::timeout, &app, [&]() {
        const double ms = double(probeClock.nsecsElapsed()) / 1e6;
        probeClock.restart();
        lateness << qMax(0.0, ms - 5.0);
        if (lastSwitchAtMs < 0 || processClock.elapsed() - lastSwitchAtMs > 500)
            latenessAwayFromSwitch << qMax(0.0, ms - 5.0);
    });
    int snapshots = 0, tabSwitches = 0;
    QElapsedTimer snapshotClock;
    QList<double> snapshotHandlingMs;
    QTimer tabs;
    tabs.setInterval(2000);
    QObject::connect(&tabs, &QTimer::timeout, &app, [&]() {
        const QStringList names = MainWindow::tabNames();
        window->showTab(names.value(++tabSwitches % names.size()));
        lastSwitchAtMs = processClock.elapsed();
    });
    QObject::connect(&runtime, &ConsoleRuntime::failed, &app, [&](const QString &e) {
        std::fprintf(stderr, "icp-bench: %s\n", qPrintable(e));
        app.exit(2);
    });
    auto onReady = [&]() {
        readyAtMs = processClock.elapsed();
        // Connected before and after the window's own slots: the time between them is the window's handling.
        QObject::connect(engine(), &EngineHost::snapshotReady, &app, [&]() {
            ++snapshots;
            snapshotClock.start();
        });
        windowAtMs = processClock.elapsed();
        window = std::make_unique<MainWindow>(engine());
        QObject::connect(engine(), &EngineHost::snapshotReady, &app, [&]() {
            snapshotHandlingMs << double(snapshotClock.nsecsElapsed()) / 1e6;
        });
        window->resize(1280, 800);
        window->show();
        probeClock.start();
        probe.start();
        tabs.start();
        QTimer::singleShot(point.durationS * 1000, &app, [&app]() { app.exit(0); });
    };
    QObject::connect(&runtime, &ConsoleRuntime::ready, &app, onReady);
    QObject::connect(&simHost, &sim::SimHost::failed, &app, [&](const QString &e) {
        std::fprintf(stderr, "icp-bench: embedded simulator failed to start: %s\n", qPrintable(e));
        app.exit(2);
    });
    QObject::connect(&simHost, &sim::SimHost::ready, &app, [&]() {
        EngineHostOptions o;
        o.outboxPath = outboxDir.filePath(QStringLiteral("outbox.db"));
        for (const auto &r : sc->regions) {
            const QUrl base = simHost.baseUrls().value(r.id);
            const OAuthClientSpec client = r.clients.value(0);
            o.regions << EngineRegion{Region{r.id, r.displayName, base, base, base},
                                      RegionCredentials{client.clientId, client.clientSecret}};
        }
        o.startFeed = [scenario = *sc, ingestBatchMs](IngestSink ingest, Clock &clock, QObject *context) {
            auto *feed = new sim::ScenarioFeed(scenario, 1, clock, context);
            auto gathered = std::make_shared<QList<OutboxChange>>();
            feed->start([ingest, gathered, &clock, context, ingestBatchMs](const TimelineEvent &ev) {
                if (gathered->isEmpty())
                    clock.callAfter(ingestBatchMs, context, [ingest, gathered]() { ingest(std::exchange(*gathered, {})); });
                *gathered << OutboxChange{ev.change, ev.region, ev.skillGroupId};
            });
        };
        batchedHost = std::make_unique<EngineHost>(o);
        QObject::connect(batchedHost.get(), &EngineHost::started, &app, onReady);
        QObject::connect(batchedHost.get(), &EngineHost::failed, &app, [&](const QString &e) {
            std::fprintf(stderr, "icp-bench: %s\n", qPrintable(e));
            app.exit(2);
        });
        batchedHost->start();
    });
    if (ingestBatchMs > 0)
        QTimer::singleShot(0, &simHost, &sim::SimHost::start);
    else
        QTimer::singleShot(0, &runtime, &ConsoleRuntime::start);
    const int code = app.exec();
    probe.stop();
    tabs.stop();
    if (code != 0)
        return code;
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    const double rssMb = double(u.ru_maxrss) / 1024.0;
    const EngineSnapshot snap = engine()->lastSnapshot();
    const double p50 = pct(lateness, 0.5), p99 = pct(lateness, 0.99), mx = pct(lateness, 1.0);
    const double paintMs = firstPaint.atMs >= windowAtMs && windowAtMs >= 0 ? double(firstPaint.atMs - windowAtMs) : -1;
    std::printf("window %dx%d on %s, %d agents, %d trunks, %d regions, %.0f changes/s for %d s over real loopback HTTP, "
                "WFM feed %s; the tab changes every 2 s\n\n",
                window->width(), window->height(), qPrintable(QGuiApplication::platformName()), point.agents, point.trunks,
                point.regions, point.churnPerS, point.durationS,
                ingestBatchMs > 0 ? qPrintable(QStringLiteral("in %1 ms batches").arg(ingestBatchMs))
                                  : "one change per transaction (ConsoleRuntime)");
    std::printf("| figure | measured | target | verdict |\n|---|---|---|---|\n");
    std::printf("| probe lateness p50 | %.2f ms | | |\n", p50);
    std::printf("| probe lateness p99 | %.2f ms | <= 16 ms | %s |\n", p99, qPrintable(verdict(p99 <= 16)));
    std::printf("| probe lateness max | %.2f ms | <= 50 ms | %s |\n", mx, qPrintable(verdict(mx <= 50)));
    std::printf("| probe lateness p99 / max, ticks more than 500 ms after a tab switch | %.2f / %.2f ms | | |\n",
                pct(latenessAwayFromSwitch, 0.99), pct(latenessAwayFromSwitch, 1.0));
    std::printf("| the window's handling of one snapshot (its slots, on the GUI thread): p50 / p99 / max | %.1f / %.1f / %.1f ms | | |\n",
                pct(snapshotHandlingMs, 0.5), pct(snapshotHandlingMs, 0.99), pct(snapshotHandlingMs, 1.0));
    std::printf("| time to first paint (window constructed -> first paint event) | %.0f ms | < 1000 ms | %s |\n", paintMs,
                qPrintable(verdict(paintMs >= 0 && paintMs < 1000)));
    std::printf("| process start -> first paint (simulator and engine start included) | %lld ms | | |\n",
                firstPaint.atMs);
    std::printf("| peak RSS (whole process: simulator, engine, window) | %.0f MB | < 300 MB | %s |\n", rssMb,
                qPrintable(verdict(rssMb < 300)));
    std::printf("| probe samples | %lld | | |\n", qlonglong(lateness.size()));
    std::printf("| snapshots received | %d | | |\n", snapshots);
    std::printf("| outbox: ingested / applied / pending at the end | %lld / %lld / %lld | | |\n", snap.outbox.ingested,
                snap.outbox.applied, snap.outbox.pending);
    std::fflush(stdout);
    window.reset(); // before the engine it watches
    batchedHost.reset(); // before the simulator it talks to
    return 0;
}

} // namespace icp::bench
