#include "FaultPlan.h"

namespace icp::sim {

static const std::pair<const char *, Fault::Action> kActions[] = {
    {"status", Fault::Action::Status},         {"reset", Fault::Action::Reset},
    {"truncate", Fault::Action::Truncate},     {"stall", Fault::Action::Stall},
    {"malformed", Fault::Action::Malformed},   {"oversized", Fault::Action::Oversized},
    {"wrongShape", Fault::Action::WrongShape}, {"latency", Fault::Action::Latency},
    {"down", Fault::Action::Down},             {"revokeTokens", Fault::Action::RevokeTokens},
    {"expireTokens", Fault::Action::ExpireTokens}};

Fault Fault::fromJson(JsonIn &in)
{
    Fault f;
    if (!in.expectObject())
        return f;
    f.action = in.enumeration("action", kActions);
    f.pathGlob = in.optString("path", QStringLiteral("*"));
    f.pathPattern = QRegularExpression(QRegularExpression::wildcardToRegularExpression(
        f.pathGlob, QRegularExpression::UnanchoredWildcardConversion));
    f.pathPattern.setPattern(QLatin1Char('^') + f.pathPattern.pattern() + QLatin1Char('$'));
    f.method = in.optString("method").toUpper().toLatin1();
    f.remaining = int(in.optInteger("count", 0, 1000000, f.action == Action::RevokeTokens ? 0 : 1));
    f.status = int(in.optInteger("status", 100, 599, 503));
    f.retryAfterS = int(in.optInteger("retryAfterS", 0, 3600, -1));
    f.latencyMs = int(in.optInteger("latencyMs", 0, 600000, 0));
    f.forMs = in.optInteger("forMs", 0, 3600000, 3000);
    return f;
}

Json Fault::toJson() const
{
    return Json{{"action", kActions[int(action)].first},
                {"path", toStd(pathGlob)},
                {"method", method.toStdString()},
                {"count", remaining},
                {"status", status},
                {"retryAfterS", retryAfterS},
                {"latencyMs", latencyMs}};
}

std::optional<Fault> FaultPlan::take(const QByteArray &method, const QString &path)
{
    for (auto it = m_faults.begin(); it != m_faults.end(); ++it) {
        if (it->isImmediate() || it->remaining <= 0)
            continue;
        if (!it->method.isEmpty() && it->method != method)
            continue;
        if (!it->pathPattern.match(path).hasMatch())
            continue;
        Fault f = *it;
        if (--it->remaining <= 0)
            m_faults.erase(it);
        return f;
    }
    return std::nullopt;
}

} // namespace icp::sim
