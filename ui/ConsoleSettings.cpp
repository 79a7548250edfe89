#include "ConsoleSettings.h"

#include "EngineConfig.h"

#include <QSettings>

namespace icp {

QString secretKeyFor(const QString &regionId)
{
    return QStringLiteral("client-secret/") + regionId;
}

ConsoleSettings ConsoleSettings::fromEngineConfig(const EngineConfig &c)
{
    ConsoleSettings s;
    s.batchMax = c.batchMax;
    s.quietGatherMs = c.quietGatherMs;
    s.churnGatherMs = c.churnGatherMs;
    s.maxAttempts = c.maxAttempts;
    s.backoffBaseMs = int(c.backoff.baseMs);
    s.backoffCapMs = int(c.backoff.capMs);
    s.conflictBackoffBaseMs = int(c.conflictBackoff.baseMs);
    s.conflictBackoffCapMs = int(c.conflictBackoff.capMs);
    s.retryBudgetCapacity = c.retryBudget.capacity;
    s.retryCost = c.retryBudget.retryCost;
    s.maxRetrySharePercent = int(c.retryBudget.maxRetryShare * 100 + 0.5);
    s.breakerFailureThreshold = c.breaker.failureThreshold;
    s.breakerCoolDownMs = int(c.breaker.coolDownMs);
    s.settleLearned = c.settleLearning;
    s.settleMaxHoldMs = c.settleMaxHoldMs;
    return s;
}

ConsoleSettings ConsoleSettings::load(QSettings &q, const ConsoleSettings &d)
{
    ConsoleSettings s = d;
    const int n = q.beginReadArray(QStringLiteral("regions"));
    if (n > 0)
        s.regions.clear();
    for (int i = 0; i < n; ++i) {
        q.setArrayIndex(i);
        RegionSettings r;
        r.id = q.value(QStringLiteral("id")).toString();
        r.icpBaseUrl = QUrl(q.value(QStringLiteral("icpBaseUrl")).toString());
        r.apiBaseUrl = QUrl(q.value(QStringLiteral("apiBaseUrl")).toString());
        r.loginBaseUrl = QUrl(q.value(QStringLiteral("loginBaseUrl")).toString());
        r.clientId = q.value(QStringLiteral("clientId")).toString();
        if (!r.id.isEmpty())
            s.regions << r;
    }
    q.endArray();

    auto number = [&q](const char *key, int fallback, int lo, int hi) {
        bool ok = false;
        const int v = q.value(QLatin1String(key), fallback).toInt(&ok);
        return ok ? qBound(lo, v, hi) : fallback;
    };
    q.beginGroup(QStringLiteral("engine"));
    s.batchMax = number("batchMax", d.batchMax, 1, 100);
    s.quietGatherMs = number("quietGatherMs", d.quietGatherMs, 0, 10000);
    s.churnGatherMs = number("churnGatherMs", d.churnGatherMs, 0, 10000);
    s.maxAttempts = number("maxAttempts", d.maxAttempts, 1, 1000);
    s.backoffBaseMs = number("backoffBaseMs", d.backoffBaseMs, 1, 60000);
    s.backoffCapMs = number("backoffCapMs", d.backoffCapMs, s.backoffBaseMs, 600000);
    s.conflictBackoffBaseMs = number("conflictBackoffBaseMs", d.conflictBackoffBaseMs, 1, 60000);
    s.conflictBackoffCapMs = number("conflictBackoffCapMs", d.conflictBackoffCapMs, s.conflictBackoffBaseMs, 600000);
    s.retryBudgetCapacity = number("retryBudgetCapacity", d.retryBudgetCapacity, 1, 100000);
    s.retryCost = number("retryCost", d.retryCost, 1, 1000);
    s.maxRetrySharePercent = number("maxRetrySharePercent", d.maxRetrySharePercent, 0, 100);
    s.breakerFailureThreshold = number("breakerFailureThreshold", d.breakerFailureThreshold, 1, 1000);
    s.breakerCoolDownMs = number("breakerCoolDownMs", d.breakerCoolDownMs, 100, 3600000);
    s.settleLearned = q.value(QStringLiteral("settle"), d.settleLearned ? QStringLiteral("learned") : QStringLiteral("off"))
                          .toString() != QLatin1String("off");
    s.settleMaxHoldMs = number("settleMaxHoldMs", d.settleMaxHoldMs, 0, 60000);
    q.endGroup();

    q.beginGroup(QStringLiteral("view"));
    s.chartWindowMinutes = number("chartWindowMinutes", d.chartWindowMinutes, 1, 120);
    s.theme = themeFromName(q.value(QStringLiteral("theme"), themeName(d.theme)).toString());
    q.endGroup();
    return s;
}

void ConsoleSettings::save(QSettings &q) const
{
    q.remove(QStringLiteral("regions"));
    q.beginWriteArray(QStringLiteral("regions"), int(regions.size()));
    for (int i = 0; i < regions.size(); ++i) {
        const RegionSettings &r = regions.at(i);
        q.setArrayIndex(i);
        q.setValue(QStringLiteral("id"), r.id);
        q.setValue(QStringLiteral("icpBaseUrl"), r.icpBaseUrl.toString());
        q.setValue(QStringLiteral("apiBaseUrl"), r.apiBaseUrl.toString());
        q.setValue(QStringLiteral("loginBaseUrl"), r.loginBaseUrl.toString());
        q.setValue(QStringLiteral("clientId"), r.clientId);
    }
    q.endArray();

    q.beginGroup(QStringLiteral("engine"));
    q.setValue(QStringLiteral("batchMax"), batchMax);
    q.setValue(QStringLiteral("quietGatherMs"), quietGatherMs);
    q.setValue(QStringLiteral("churnGatherMs"), churnGatherMs);
    q.setValue(QStringLiteral("maxAttempts"), maxAttempts);
    q.setValue(QStringLiteral("backoffBaseMs"), backoffBaseMs);
    q.setValue(QStringLiteral("backoffCapMs"), backoffCapMs);
    q.setValue(QStringLiteral("conflictBackoffBaseMs"), conflictBackoffBaseMs);
    q.setValue(QStringLiteral("conflictBackoffCapMs"), conflictBackoffCapMs);
    q.setValue(QStringLiteral("retryBudgetCapacity"), retryBudgetCapacity);
    q.setValue(QStringLiteral("retryCost"), retryCost);
    q.setValue(QStringLiteral("maxRetrySharePercent"), maxRetrySharePercent);
    q.setValue(QStringLiteral("breakerFailureThreshold"), breakerFailureThreshold);
    q.setValue(QStringLiteral("breakerCoolDownMs"), breakerCoolDownMs);
    q.setValue(QStringLiteral("settle"), settleLearned ? QStringLiteral("learned") : QStringLiteral("off"));
    q.setValue(QStringLiteral("settleMaxHoldMs"), settleMaxHoldMs);
    q.endGroup();

    q.beginGroup(QStringLiteral("view"));
    q.setValue(QStringLiteral("chartWindowMinutes"), chartWindowMinutes);
    q.setValue(QStringLiteral("theme"), themeName(theme));
    q.endGroup();
}

void ConsoleSettings::applyTo(EngineConfig &c) const
{
    c.batchMax = batchMax;
    c.quietGatherMs = quietGatherMs;
    c.churnGatherMs = churnGatherMs;
    c.maxAttempts = maxAttempts;
    c.backoff = BackoffPolicy{backoffBaseMs, backoffCapMs};
    c.conflictBackoff = BackoffPolicy{conflictBackoffBaseMs, conflictBackoffCapMs};
    c.retryBudget.capacity = retryBudgetCapacity;
    c.retryBudget.retryCost = retryCost;
    c.retryBudget.maxRetryShare = maxRetrySharePercent / 100.0;
    c.breaker.failureThreshold = breakerFailureThreshold;
    c.breaker.coolDownMs = breakerCoolDownMs;
    c.settleLearning = settleLearned;
    c.settleMaxHoldMs = settleMaxHoldMs;
}

const RegionSettings *ConsoleSettings::region(const QString &id) const
{
    for (const auto &r : regions) {
        if (r.id == id)
            return &r;
    }
    return nullptr;
}

QStringList ConsoleSettings::differencesFrom(const ConsoleSettings &before) const
{
    QStringList names;
    auto check = [&names](const char *name, bool differs) {
        if (differs)
            names << QString::fromLatin1(name);
    };
    check("batchMax", batchMax != before.batchMax);
    check("quietGatherMs", quietGatherMs != before.quietGatherMs);
    check("churnGatherMs", churnGatherMs != before.churnGatherMs);
    check("maxAttempts", maxAttempts != before.maxAttempts);
    check("backoffBaseMs", backoffBaseMs != before.backoffBaseMs);
    check("backoffCapMs", backoffCapMs != before.backoffCapMs);
    check("conflictBackoffBaseMs", conflictBackoffBaseMs != before.conflictBackoffBaseMs);
    check("conflictBackoffCapMs", conflictBackoffCapMs != before.conflictBackoffCapMs);
    check("retryBudgetCapacity", retryBudgetCapacity != before.retryBudgetCapacity);
    check("retryCost", retryCost != before.retryCost);
    check("maxRetrySharePercent", maxRetrySharePercent != before.maxRetrySharePercent);
    check("breakerFailureThreshold", breakerFailureThreshold != before.breakerFailureThreshold);
    check("breakerCoolDownMs", breakerCoolDownMs != before.breakerCoolDownMs);
    check("settleLearned", settleLearned != before.settleLearned);
    check("settleMaxHoldMs", settleMaxHoldMs != before.settleMaxHoldMs);
    check("chartWindowMinutes", chartWindowMinutes != before.chartWindowMinutes);
    check("theme", theme != before.theme);
    for (const RegionSettings &r : regions) {
        const RegionSettings *old = before.region(r.id);
        if (!old || !(*old == r))
            names << QStringLiteral("region ") + r.id;
    }
    for (const RegionSettings &r : before.regions) {
        if (!region(r.id))
            names << QStringLiteral("region ") + r.id + QStringLiteral(" removed");
    }
    return names;
}

} // namespace icp
