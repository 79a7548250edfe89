#pragma once
// What the console persists with QSettings: region endpoints (never secrets: those go to the system keychain),
// the engine's knobs, and view preferences. Loading clamps every number into its sane range.
#include "Theme.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <QUrl>

class QSettings;

namespace icp {

struct EngineConfig;

struct RegionSettings
{
    QString id;
    QUrl icpBaseUrl;
    QUrl apiBaseUrl;
    QUrl loginBaseUrl;
    QString clientId;
    bool operator==(const RegionSettings &) const = default;
};

struct ConsoleSettings
{
    QList<RegionSettings> regions;
    // Engine knobs (EngineConfig's defaults unless changed).
    int batchMax = 100;
    int quietGatherMs = 100;
    int churnGatherMs = 750;
    int maxAttempts = 20;
    int backoffBaseMs = 100;
    int backoffCapMs = 5000;
    int conflictBackoffBaseMs = 50;
    int conflictBackoffCapMs = 400;
    int retryBudgetCapacity = 500;
    int retryCost = 5;
    int maxRetrySharePercent = 20;
    int breakerFailureThreshold = 5;
    int breakerCoolDownMs = 15000;
    bool settleLearned = true;    // false: no settle hold at all
    int settleMaxHoldMs = 1250;
    // View.
    int chartWindowMinutes = 10;
    Theme theme = Theme::System;

    static ConsoleSettings fromEngineConfig(const EngineConfig &config); // knobs from config, nothing else
    static ConsoleSettings load(QSettings &settings, const ConsoleSettings &defaults);
    void save(QSettings &settings) const;
    void applyTo(EngineConfig &config) const;
    const RegionSettings *region(const QString &id) const;
    // The names of the settings that differ from `before` ("batchMax", "region ap-southeast-1"), for the audit
    // trail. Names only: a value could be sensitive.
    QStringList differencesFrom(const ConsoleSettings &before) const;
    bool operator==(const ConsoleSettings &) const = default;
};

// The keychain entry name of a region's client secret.
QString secretKeyFor(const QString &regionId);

} // namespace icp
