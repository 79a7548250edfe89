#include "WindowRun.h"

#include "ConsoleRuntime.h"
#include "ConsoleSettings.h"
#include "EngineConfig.h"
#include "EngineHost.h"
#include "LogDock.h"
#include "LogModel.h"
#include "MainWindow.h"
#include "Theme.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QSettings>
#include <QTimer>

#include <cstdio>

namespace icp {

namespace {
const QCommandLineOption &screenshotOption()
{
    static const QCommandLineOption o(QStringLiteral("screenshot"),
                                      QStringLiteral("Render the window at 1280x800 into FILE (PNG) and exit."),
                                      QStringLiteral("FILE"));
    return o;
}
const QCommandLineOption &tabOption()
{
    static const QCommandLineOption o(QStringLiteral("tab"),
                                      QStringLiteral("Tab shown: trunks, capacity, queue, conflicts, deadletters, campaigns."),
                                      QStringLiteral("NAME"));
    return o;
}
const QCommandLineOption &afterOption()
{
    static const QCommandLineOption o(QStringLiteral("after-ms"),
                                      QStringLiteral("With --screenshot: how long the scenario runs first (default 25000)."),
                                      QStringLiteral("N"), QStringLiteral("25000"));
    return o;
}
const QCommandLineOption &themeOption()
{
    static const QCommandLineOption o(QStringLiteral("theme"), QStringLiteral("Palette: system, light or dark."),
                                      QStringLiteral("NAME"));
    return o;
}
} // namespace

WindowRun::WindowRun(Scenario scenario, WindowOptions options, QObject *parent)
    : QObject(parent)
    , m_scenario(std::move(scenario))
    , m_options(std::move(options))
{
}

WindowRun::~WindowRun()
{
    m_window.reset(); // before the engine it watches
    m_runtime.reset();
}

void WindowRun::addOptions(QCommandLineParser &parser)
{
    parser.addOptions({screenshotOption(), tabOption(), afterOption(), themeOption()});
}

bool WindowRun::apply(const QCommandLineParser &p, WindowOptions &options, QString *error)
{
    options.screenshotPath = p.value(screenshotOption());
    options.tab = p.value(tabOption());
    if (!options.tab.isEmpty() && !MainWindow::tabNames().contains(options.tab)) {
        *error = QStringLiteral("--tab expects one of %1, got \"%2\"")
                     .arg(MainWindow::tabNames().join(QStringLiteral(", ")), options.tab);
        return false;
    }
    bool ok = false;
    options.afterMs = p.value(afterOption()).toInt(&ok);
    if (!ok || options.afterMs < 0) {
        *error = QStringLiteral("--after-ms expects a non-negative number of milliseconds, got \"%1\"")
                     .arg(p.value(afterOption()));
        return false;
    }
    options.theme = p.value(themeOption());
    if (!options.theme.isEmpty()) {
        themeFromName(options.theme, &ok);
        if (!ok) {
            *error = QStringLiteral("--theme expects system, light or dark, got \"%1\"").arg(options.theme);
            return false;
        }
    }
    return true;
}

void WindowRun::start()
{
    const bool screenshot = !m_options.screenshotPath.isEmpty();
    if (screenshot) {
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
    }
    ConsoleRuntimeOptions o;
    o.scenario = m_scenario;
    o.seed = m_options.seed;
    o.outboxPath = m_options.dbPath;
    o.ingest = m_options.ingest;
    o.allowInsecureTls = m_options.allowInsecureTls;
    // The engine's knobs as the supervisor saved them (defaults in screenshot mode).
    QSettings qs;
    ConsoleSettings settings = ConsoleSettings::load(qs, ConsoleSettings::fromEngineConfig(o.config));
    settings.applyTo(o.config);
    const Theme theme = m_options.theme.isEmpty() ? settings.theme : themeFromName(m_options.theme);
    applyTheme(screenshot && theme == Theme::System ? Theme::Light : theme);

    m_runtime = std::make_unique<ConsoleRuntime>(o);
    connect(m_runtime.get(), &ConsoleRuntime::ready, this, &WindowRun::onReady);
    connect(m_runtime.get(), &ConsoleRuntime::failed, this, [this](const QString &error) {
        std::fprintf(stderr, "icp-console: %s\n", qPrintable(error));
        Q_EMIT finished(1);
    });
    m_runtime->start();
}

void WindowRun::onReady()
{
    m_window = std::make_unique<MainWindow>(m_runtime->engine());
    if (!m_options.tab.isEmpty())
        m_window->showTab(m_options.tab);
    if (m_options.screenshotPath.isEmpty()) {
        m_window->show();
        return;
    }
    m_window->resize(1280, 800);
    m_window->show();
    if (QGuiApplication::platformName() == QLatin1String("offscreen")) {
        // The offscreen plugin warns that it cannot propagate size hints while the window first lays out; that
        // is about the platform, not the console, so it stays out of the picture's log.
        QTimer::singleShot(500, this, [this]() { m_window->logDock()->model()->clear(); });
    }
    if (m_options.tab == QLatin1String("conflicts")) {
        m_window->logDock()->hide(); // the inspector needs the height
        // Select a conflict a little before the picture so the inspector has filled.
        QTimer::singleShot(qMax(0, m_options.afterMs - 1500), this, [this]() { m_window->selectFirstConflict(); });
    }
    if (m_options.tab == QLatin1String("campaigns")) {
        // As a supervisor would: auto-pacing on for the first campaign a while before the picture, so the
        // table shows one campaign applied and the others recommended only.
        QTimer::singleShot(qMax(0, m_options.afterMs - 10000), this, [this]() { m_window->autoPaceFirstCampaign(); });
    }
    QTimer::singleShot(m_options.afterMs, this, &WindowRun::takeScreenshot);
}

void WindowRun::takeScreenshot()
{
    if (m_options.tab == QLatin1String("conflicts"))
        m_window->selectFirstConflict(); // no-op when one is selected; catches a late first conflict
    m_window->resize(1280, 800);
    const QPixmap picture = m_window->grab();
    if (picture.isNull() || !picture.save(m_options.screenshotPath, "PNG")) {
        std::fprintf(stderr, "icp-console: could not write the screenshot to %s\n", qPrintable(m_options.screenshotPath));
        Q_EMIT finished(1);
        return;
    }
    // What the picture shows, in one line, so a script can check it caught what it meant to.
    const EngineSnapshot s = m_runtime->engine()->lastSnapshot();
    int backingOff = 0, throttled = 0;
    for (const BatchStatus &b : s.batches) {
        backingOff += b.state == WriterState::BackingOff ? 1 : 0;
        throttled += b.state == WriterState::Throttled ? 1 : 0;
    }
    std::fprintf(stdout, "icp-console: wrote %s (%dx%d): tab %s, %lld batches (%d backing off, %d throttled), "
                         "%lld conflicts, %lld dead letters\n",
                 qPrintable(m_options.screenshotPath), picture.width(), picture.height(),
                 qPrintable(m_window->currentTabName()), qlonglong(s.batches.size()), backingOff, throttled,
                 qlonglong(s.recentConflicts.size()), qlonglong(s.outbox.deadLettersOpen));
    Q_EMIT finished(0);
}

} // namespace icp
