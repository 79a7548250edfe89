#include "SyncBench.h"

#include "HeadlessRun.h"
#include "JsonCodec.h"
#include "Scenario.h"
#include "Spread.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QMap>
#include <QProcess>
#include <QTemporaryDir>
#include <QTimer>

#include <cmath>
#include <cstdio>
#include <limits>

namespace icp::bench {

namespace {

// The figures of the table, under the headless summary's field names; the derived ones are computed here.
struct Field
{
    const char *key;
    const char *header;
    int decimals;
    double scale; // shown value = value * scale
};

const Field kFields[] = {
    {"changes_ingested", "ingested", 0, 1},
    {"changes_applied", "applied", 0, 1},
    {"changes_lost", "lost", 0, 1},
    {"dead_letters", "dead", 0, 1},
    {"requests_total", "requests", 0, 1},
    {"writes", "writes", 0, 1},
    {"conflicts_409", "409", 0, 1},
    {"conflicts_409_share_of_writes", "409 % of writes", 1, 100},
    {"conflicts_409_per_applied", "409/applied", 3, 1},
    {"throttled_429", "429", 0, 1},
    {"staleness_ms_p50", "p50 s", 2, 0.001},
    {"staleness_ms_p99", "p99 s", 2, 0.001},
    {"staleness_ms_max", "max s", 1, 0.001},
    {"converge_after_last_change_ms", "converge s", 1, 0.001},
    {"requests_per_applied", "req/applied", 2, 1},
    {"agents_not_converged", "not conv.", 0, 1},
};

constexpr double kNotConverged = std::numeric_limits<double>::infinity();

using Samples = QMap<QString, QList<double>>; // field -> one value per seed

struct StrategyData
{
    Samples total;
    QMap<QString, Samples> perRegion;
    QList<double> durationS;
};

double num(const Json &j, const char *key)
{
    const auto it = j.find(key);
    return it != j.end() && it->is_number() ? it->get<double>() : 0.0;
}

void collect(const Json &j, Samples &out)
{
    for (const Field &f : kFields) {
        const QString key = QString::fromLatin1(f.key);
        double v = num(j, f.key);
        if (key == QLatin1String("conflicts_409_share_of_writes"))
            v = num(j, "writes") > 0 ? num(j, "conflicts_409") / num(j, "writes") : 0;
        else if (key == QLatin1String("conflicts_409_per_applied"))
            v = num(j, "changes_applied") > 0 ? num(j, "conflicts_409") / num(j, "changes_applied") : 0;
        else if (key == QLatin1String("requests_per_applied"))
            v = num(j, "changes_applied") > 0 ? num(j, "requests_total") / num(j, "changes_applied") : 0;
        else if (key == QLatin1String("converge_after_last_change_ms") && v < 0)
            v = kNotConverged;
        out[key] << v;
    }
    for (const char *extra : {"reconciler_bumps", "skill_groups"})
        if (j.contains(extra))
            out[QString::fromLatin1(extra)] << num(j, extra);
}

Json spreadJson(const Spread &s)
{
    auto v = [](double x) { return std::isinf(x) ? Json(nullptr) : Json(x); };
    return Json{{"median", v(s.median)}, {"min", v(s.min)}, {"max", v(s.max)}};
}

Json samplesJson(const Samples &samples)
{
    Json out = Json::object();
    for (auto it = samples.cbegin(); it != samples.cend(); ++it)
        out[toStd(it.key())] = spreadJson(Spread::of(it.value()));
    return out;
}


void line(const QString &s)
{
    std::fputs(qPrintable(s + QLatin1Char('\n')), stdout);
    std::fflush(stdout);
}

QString verdict(bool holds)
{
    return holds ? QStringLiteral("**holds**") : QStringLiteral("**misses**");
}

} // namespace

bool parseSyncBenchArgs(const QStringList &args, SyncBenchOptions &o, QString *error)
{
    for (int i = 0; i < args.size(); ++i) {
        const QString a = args[i];
        if (i + 1 >= args.size()) {
            *error = QStringLiteral("%1 needs a value").arg(a);
            return false;
        }
        const QString v = args[++i];
        bool ok = true;
        if (a == QLatin1String("--scenario"))
            o.scenario = v;
        else if (a == QLatin1String("--seeds")) {
            o.seeds = v.toInt(&ok);
            ok = ok && o.seeds >= 1;
        } else if (a == QLatin1String("--strategies")) {
            o.strategies = v.split(QLatin1Char(','), Qt::SkipEmptyParts);
            for (const QString &s : std::as_const(o.strategies))
                if (!SyncBenchOptions{}.strategies.contains(s)) {
                    *error = QStringLiteral("--strategies: unknown strategy \"%1\"; known: seed, cxascode, jitter, engine").arg(s);
                    return false;
                }
            ok = !o.strategies.isEmpty();
        } else if (a == QLatin1String("--json"))
            o.jsonPath = v;
        else if (a == QLatin1String("--grace")) {
            o.graceS = v.toLongLong(&ok);
            ok = ok && o.graceS >= 0;
        } else if (a == QLatin1String("--progress-ms")) {
            o.progressMs = v.toInt(&ok);
            ok = ok && o.progressMs >= 10;
        } else {
            *error = QStringLiteral("sync: unknown option %1").arg(a);
            return false;
        }
        if (!ok) {
            *error = QStringLiteral("%1: invalid value \"%2\"").arg(a, v);
            return false;
        }
    }
    return true;
}

int runSyncBench(const SyncBenchOptions &o)
{
    QString error;
    const auto sc = Scenario::load(o.scenario, &error);
    if (!sc) {
        std::fprintf(stderr, "icp-bench: %s\n", qPrintable(error));
        return 2;
    }
    const QString self = QCoreApplication::applicationFilePath();
    QTemporaryDir dir;
    const qint64 runLimitS = sc->durationMs / 1000 + o.graceS;
    QMap<QString, StrategyData> data;
    line(QStringLiteral("scenario %1, seeds 1..%2, grace %3 s, over real loopback HTTP (HeadlessRun in a child process per run)")
             .arg(sc->name).arg(o.seeds).arg(o.graceS));
    for (const QString &strategy : o.strategies) {
        for (int seed = 1; seed <= o.seeds; ++seed) {
            const QString summaryPath = dir.filePath(QStringLiteral("%1-%2.json").arg(strategy).arg(seed));
            QProcess child;
            child.setStandardOutputFile(QProcess::nullDevice());
            child.setProcessChannelMode(QProcess::SeparateChannels);
            QElapsedTimer wall;
            wall.start();
            child.start(self, {QStringLiteral("headless-run"), o.scenario, strategy, QString::number(seed),
                               QString::number(qMax<qint64>(1, runLimitS)), QString::number(o.progressMs), summaryPath});
            if (!child.waitForStarted(10000)) {
                std::fprintf(stderr, "icp-bench: cannot start %s: %s\n", qPrintable(self), qPrintable(child.errorString()));
                return 2;
            }
            if (!child.waitForFinished(int((runLimitS + 120) * 1000))) {
                child.kill();
                child.waitForFinished(5000);
                std::fprintf(stderr, "icp-bench: %s seed %d did not finish within %lld s; killed\n", qPrintable(strategy),
                             seed, runLimitS + 120);
                return 2;
            }
            const QByteArray stderrText = child.readAllStandardError();
            QFile f(summaryPath);
            if (child.exitStatus() != QProcess::NormalExit || child.exitCode() == 2 || !f.open(QIODevice::ReadOnly)) {
                std::fprintf(stderr, "icp-bench: %s seed %d failed (exit %d) without a summary:\n%s\n", qPrintable(strategy),
                             seed, child.exitCode(), stderrText.constData());
                return 2;
            }
            DecodeError derr;
            const auto summary = parseJson(f.readAll(), derr);
            if (!summary || !summary->is_object()) {
                std::fprintf(stderr, "icp-bench: %s: not a JSON summary\n", qPrintable(summaryPath));
                return 2;
            }
            StrategyData &d = data[strategy];
            collect(*summary, d.total);
            d.durationS << num(*summary, "duration_s");
            for (const auto &r : sc->regions)
                collect((*summary)["per_region"].value(toStd(r.id), Json::object()), d.perRegion[r.id]);
            std::fprintf(stderr, "  %s seed %d: %.0f s wall, exit %d\n", qPrintable(strategy), seed,
                         double(wall.elapsed()) / 1000.0, child.exitCode());
        }
    }

    // The table: median (min–max) over seeds, per region and in total.
    QString header = QStringLiteral("| strategy | region |");
    QString rule = QStringLiteral("|---|---|");
    for (const Field &f : kFields) {
        header += QLatin1Char(' ') + QString::fromLatin1(f.header) + QStringLiteral(" |");
        rule += QStringLiteral("---|");
    }
    line(QString());
    line(QStringLiteral("### %1: median (min–max) over seeds 1..%2").arg(sc->name).arg(o.seeds));
    line(QString());
    line(header);
    line(rule);
    auto row = [&](const QString &strategy, const QString &scope, const Samples &s) {
        QString out = QStringLiteral("| %1 | %2 |").arg(strategy, scope);
        for (const Field &f : kFields) {
            QList<double> v = s.value(QString::fromLatin1(f.key));
            for (double &x : v)
                x *= f.scale;
            out += QLatin1Char(' ') + Spread::of(v).cell(f.decimals) + QStringLiteral(" |");
        }
        line(out);
    };
    for (const QString &strategy : o.strategies) {
        const StrategyData &d = data[strategy];
        for (const auto &r : sc->regions)
            row(strategy, r.id, d.perRegion.value(r.id));
        row(strategy, QStringLiteral("**total**"), d.total);
    }

    auto med = [&](const QString &strategy, const QString &region, const char *key) {
        const StrategyData &d = data[strategy];
        const Samples &s = region.isEmpty() ? d.total : d.perRegion[region];
        return Spread::of(s.value(QString::fromLatin1(key))).median;
    };
    auto mx = [&](const QString &strategy, const QString &region, const char *key) {
        const StrategyData &d = data[strategy];
        const Samples &s = region.isEmpty() ? d.total : d.perRegion[region];
        return Spread::of(s.value(QString::fromLatin1(key))).max;
    };

    // The floor: the reconciler's bump rate per group over the engine's run and the conflict probability of a
    // write sent with the version known as it leaves, 1 - e^(-rate x one leg).
    Json floorJson = Json::object();
    const QString floorStrategy = data.contains(QStringLiteral("engine")) ? QStringLiteral("engine") : o.strategies.value(0);
    line(QString());
    line(QStringLiteral("### Conflict floor (%1 runs): bump rate per group over the run, P(409) = 1 - e^(-rate x one-way latency)")
             .arg(floorStrategy));
    line(QString());
    line(QStringLiteral("| region | reconciler | bumps/s per group | one-way latency ms | floor P(409) | %1 409 share of writes | %1 409/applied |")
             .arg(floorStrategy));
    line(QStringLiteral("|---|---|---|---|---|---|---|"));
    const double runS = Spread::of(data[floorStrategy].durationS).median;
    for (const auto &r : sc->regions) {
        const double groups = qMax(1.0, med(floorStrategy, r.id, "skill_groups"));
        const double rate = runS > 0 ? med(floorStrategy, r.id, "reconciler_bumps") / groups / runS : 0;
        const double p = 1 - std::exp(-rate * r.latencyMeanMs / 1000.0);
        const bool async = r.reconciler.mode == ReconcilerSpec::Mode::Async;
        line(QStringLiteral("| %1 | %2 | %3 | %4 | %5 | %6% | %7 |")
                 .arg(r.id, async ? QStringLiteral("async") : QStringLiteral("sync"), QString::number(rate, 'f', 2))
                 .arg(r.latencyMeanMs)
                 .arg(QString::number(p, 'f', 3), QString::number(100 * med(floorStrategy, r.id, "conflicts_409_share_of_writes"), 'f', 1),
                      QString::number(med(floorStrategy, r.id, "conflicts_409_per_applied"), 'f', 3)));
        floorJson[toStd(r.id)] = Json{{"bumps_per_s_per_group", rate}, {"one_way_latency_ms", r.latencyMeanMs},
                                      {"floor_p409", p}, {"run_s", runS}};
    }

    // The targets, for the engine against the others (medians over seeds unless said otherwise).
    Json targets = Json::array();
    if (data.contains(QStringLiteral("engine"))) {
        const QString e = QStringLiteral("engine");
        line(QString());
        line(QStringLiteral("### Targets (engine; medians over seeds unless said)"));
        line(QString());
        auto target = [&](const QString &what, const QString &measured, bool holds) {
            line(QStringLiteral("- %1: %2 — %3").arg(what, measured, verdict(holds)));
            targets.push_back(Json{{"target", toStd(what)}, {"measured", toStd(measured)}, {"holds", holds}});
        };
        const double lostMax = mx(e, {}, "changes_lost");
        const double deadMax = mx(e, {}, "dead_letters");
        const double ncMax = mx(e, {}, "agents_not_converged");
        target(QStringLiteral("0 lost, 0 dead letters, converged, every seed"),
               QStringLiteral("lost max %1, dead letters max %2, agents not converged max %3")
                   .arg(lostMax).arg(deadMax).arg(ncMax),
               lostMax == 0 && deadMax == 0 && ncMax == 0);
        for (const auto &r : sc->regions) {
            const double p99 = med(e, r.id, "staleness_ms_p99");
            target(QStringLiteral("%1 p99 staleness < 2 s").arg(r.id),
                   QStringLiteral("%1 s (worst seed %2 s)").arg(p99 / 1000, 0, 'f', 2).arg(mx(e, r.id, "staleness_ms_p99") / 1000, 0, 'f', 2),
                   p99 < 2000);
            for (const QString &other : o.strategies) {
                if (other == e)
                    continue;
                const double theirs = med(other, r.id, "staleness_ms_p99");
                const double ratio = theirs > 0 ? p99 / theirs : 0;
                target(QStringLiteral("%1 p99 <= 1/10 of %2's").arg(r.id, other),
                       QStringLiteral("%1 s vs %2 s = %3").arg(p99 / 1000, 0, 'f', 2).arg(theirs / 1000, 0, 'f', 2).arg(ratio, 0, 'f', 3),
                       ratio <= 0.1);
            }
            if (r.reconciler.mode != ReconcilerSpec::Mode::Async)
                continue;
            const double mine = med(e, r.id, "conflicts_409_per_applied");
            target(QStringLiteral("%1 409/applied < 0.08").arg(r.id),
                   QStringLiteral("%1 (409 share of writes %2%)").arg(mine, 0, 'f', 3)
                       .arg(100 * med(e, r.id, "conflicts_409_share_of_writes"), 0, 'f', 1),
                   mine < 0.08);
            const QList<QPair<QString, double>> refs{{QStringLiteral("seed"), 0.25}, {QStringLiteral("jitter"), 0.1}};
            for (const auto &[other, limit] : refs) {
                if (!data.contains(other))
                    continue;
                const double theirs = med(other, r.id, "conflicts_409_per_applied");
                const double ratio = theirs > 0 ? mine / theirs : 0;
                target(QStringLiteral("%1 409/applied <= %2 of %3's").arg(r.id, limit == 0.25 ? QStringLiteral("1/4") : QStringLiteral("1/10"), other),
                       QStringLiteral("%1 vs %2 = %3").arg(mine, 0, 'f', 3).arg(theirs, 0, 'f', 3).arg(ratio, 0, 'f', 3),
                       ratio <= limit);
            }
        }
        const double t429 = mx(e, {}, "throttled_429");
        target(QStringLiteral("no 429s"), QStringLiteral("max %1").arg(t429), t429 == 0);
        if (data.contains(QStringLiteral("jitter"))) {
            const double mine = med(e, {}, "requests_total");
            const double theirs = med(QStringLiteral("jitter"), {}, "requests_total");
            const double ratio = theirs > 0 ? mine / theirs : 0;
            target(QStringLiteral("requests <= 1/3 of jitter's (429s counted)"),
                   QStringLiteral("%1 vs %2 = %3").arg(mine).arg(theirs).arg(ratio, 0, 'f', 3), ratio <= 1.0 / 3);
        }
    }

    if (!o.jsonPath.isEmpty()) {
        Json strategies = Json::object();
        for (auto it = data.cbegin(); it != data.cend(); ++it) {
            Json perRegion = Json::object();
            for (auto r = it->perRegion.cbegin(); r != it->perRegion.cend(); ++r)
                perRegion[toStd(r.key())] = samplesJson(r.value());
            strategies[toStd(it.key())] = Json{{"total", samplesJson(it->total)}, {"per_region", std::move(perRegion)},
                                               {"duration_s", spreadJson(Spread::of(it->durationS))}};
        }
        const Json out{{"scenario", toStd(sc->name)}, {"seeds", o.seeds}, {"grace_s", o.graceS},
                       {"strategies", std::move(strategies)}, {"floor", std::move(floorJson)}, {"targets", std::move(targets)}};
        QFile f(o.jsonPath);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(QByteArray::fromStdString(out.dump(2)) + '\n') < 0) {
            std::fprintf(stderr, "icp-bench: cannot write %s: %s\n", qPrintable(o.jsonPath), qPrintable(f.errorString()));
            return 2;
        }
    }
    return 0;
}

int runHeadlessChild(const QStringList &args)
{
    // headless-run SCENARIO STRATEGY SEED DURATION_S PROGRESS_MS SUMMARY_JSON
    if (args.size() != 6) {
        std::fprintf(stderr, "icp-bench: headless-run expects SCENARIO STRATEGY SEED DURATION_S PROGRESS_MS SUMMARY_JSON\n");
        return 2;
    }
    QString error;
    auto sc = Scenario::load(args[0], &error);
    if (!sc) {
        std::fprintf(stderr, "icp-bench: %s\n", qPrintable(error));
        return 2;
    }
    HeadlessOptions options;
    options.strategy = args[1];
    options.seed = args[2].toULongLong();
    options.durationS = args[3].toLongLong();
    options.progressMs = qMax(10, args[4].toInt());
    options.summaryJsonPath = args[5];
    HeadlessRun run(*sc, options);
    int exitCode = 2;
    QObject::connect(&run, &HeadlessRun::finished, QCoreApplication::instance(), [&exitCode](int code) {
        exitCode = code;
        QCoreApplication::exit(code);
    });
    QTimer::singleShot(0, &run, &HeadlessRun::start);
    QCoreApplication::exec();
    return exitCode;
}

} // namespace icp::bench
