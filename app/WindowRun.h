#pragma once
// The windowed console: the embedded simulator and engine (ConsoleRuntime) behind a MainWindow. With
// --screenshot it renders the window at 1280x800 once the scenario has run --after-ms, saves a PNG and finishes,
// which works on the offscreen platform too (README images, checks).
#include "Scenario.h"
#include "WfmIngestServer.h"

#include <QObject>
#include <QTemporaryDir>

#include <memory>

class QCommandLineParser;

namespace icp {

class ConsoleRuntime;
class MainWindow;

struct WindowOptions
{
    quint64 seed = 1;
    QString dbPath;
    QString theme;          // empty: the saved setting
    QString screenshotPath; // empty: interactive
    QString tab;            // trunks | capacity | queue | conflicts | deadletters | campaigns
    int afterMs = 25000;
    bool allowInsecureTls = false; // --allow-insecure-tls: labs only, shown as a red banner
    std::optional<WfmIngestOptions> ingest; // --ingest-port: a WFM system is the source instead of the scenario
};

class WindowRun final : public QObject
{
    Q_OBJECT
public:
    WindowRun(Scenario scenario, WindowOptions options, QObject *parent = nullptr);
    ~WindowRun() override;

    static void addOptions(QCommandLineParser &parser);
    // Reads the window's options (seed and db are the caller's); false with a usage error.
    static bool apply(const QCommandLineParser &parser, WindowOptions &options, QString *error);

    void start();

Q_SIGNALS:
    // Only in screenshot mode, or when the engine cannot start: the process should exit with `code`.
    void finished(int code);

private:
    void onReady();
    void takeScreenshot();

    Scenario m_scenario;
    WindowOptions m_options;
    QTemporaryDir m_settingsDir; // screenshot mode: the user's saved settings do not leak into the picture
    std::unique_ptr<ConsoleRuntime> m_runtime;
    std::unique_ptr<MainWindow> m_window;
};

} // namespace icp
