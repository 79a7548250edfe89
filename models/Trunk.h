#pragma once
#include "JsonCodec.h"

#include <QList>
#include <QMetaType>

namespace icp {

struct ErrorInfo
{
    QString text;
    QString code;
    QString details;

    static ErrorInfo fromJson(JsonIn &in);
    Json toJson() const;
    bool operator==(const ErrorInfo &) const = default;
};

// Genesys `registersStatus[]` entry: one SIP register proxy of a BYOC trunk.
struct RegisterStatus
{
    QString proxyAddress;
    bool registerState = false;
    qint64 registerStateTimeMs = 0;
    std::optional<ErrorInfo> errorInfo;

    static RegisterStatus fromJson(JsonIn &in);
    Json toJson() const;
    bool operator==(const RegisterStatus &) const = default;
};

// Genesys `optionsStatus[]` entry: SIP OPTIONS keep-alive towards one proxy.
struct OptionStatus
{
    QString proxyAddress;
    bool optionState = false;
    qint64 optionStateTimeMs = 0;
    std::optional<ErrorInfo> errorInfo;

    static OptionStatus fromJson(JsonIn &in);
    Json toJson() const;
    bool operator==(const OptionStatus &) const = default;
};

enum class TrunkState : quint8 { Active, Inactive, Deleted };

// A BYOC (trunkType EXTERNAL) trunk in the Genesys shape, plus the console's derived fields.
struct Trunk
{
    QString id;
    QString name;
    TrunkState state = TrunkState::Active;
    bool inService = false;
    bool enabled = false;
    bool connected = false;
    qint64 connectedStateTimeMs = 0;
    QList<RegisterStatus> registersStatus;
    QList<OptionStatus> optionsStatus;
    qint64 version = 1;

    // Console-derived (not Genesys fields; optional on the wire).
    QString region;
    QString skillGroupId;
    int maxConcurrentCalls = 0;

    // In service, connected, and every register proxy registered.
    bool isRegistered() const;
    int registeredProxyCount() const;

    static Trunk fromJson(JsonIn &in);
    Json toJson() const;
    bool operator==(const Trunk &) const = default;
};

// Genesys `/trunks/metrics` entry.
struct TrunkMetrics
{
    QString trunkId;
    qint64 eventTimeMs = 0;
    int inboundCallCount = 0;
    int outboundCallCount = 0;
    int qosMismatchCount = 0;

    static TrunkMetrics fromJson(JsonIn &in);
    Json toJson() const;
    bool operator==(const TrunkMetrics &) const = default;
};

// A Genesys paged listing `{entities, pageSize, pageNumber, total, pageCount}`.
struct TrunkPage
{
    QList<Trunk> entities;
    int pageSize = 25;
    int pageNumber = 1;
    int total = 0;
    int pageCount = 0;

    static TrunkPage fromJson(JsonIn &in);
    Json toJson() const;
};

// Genesys `/trunks/metrics` answer: `{entities: [TrunkMetrics]}`.
struct TrunkMetricsList
{
    QList<TrunkMetrics> entities;
    static TrunkMetricsList fromJson(JsonIn &in);
};

} // namespace icp

Q_DECLARE_METATYPE(icp::Trunk)
Q_DECLARE_METATYPE(icp::TrunkMetrics)
