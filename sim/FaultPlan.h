#pragma once
#include "JsonCodec.h"

#include <QList>
#include <QRegularExpression>

namespace icp::sim {

// Faults injected through POST /sim/v1/faults. Per-request faults match a method and a path pattern (glob) and
// apply to the next `count` matching requests; the others act once, when posted.
struct Fault
{
    enum class Action : quint8 {
        Status,       // answer `status` (with Retry-After for 429/503 when retryAfterS is set)
        Reset,        // reset the connection instead of answering
        Truncate,     // send fewer bytes than Content-Length
        Stall,        // never answer
        Malformed,    // 200 with a body that is not JSON
        Oversized,    // 200 with a 9 MiB body
        WrongShape,   // 200 with valid JSON of the wrong shape
        Latency,      // add latencyMs to the answer
        Down,         // (once) stop listening for forMs: connection refused
        RevokeTokens, // (once) revoke every token; the next `count` token requests are refused
        ExpireTokens, // (once) expire every token; new ones are issued normally
    };
    Action action = Action::Status;
    QRegularExpression pathPattern;
    QString pathGlob;
    QByteArray method; // empty: any
    int remaining = 1;
    int status = 503;
    int retryAfterS = -1;
    int latencyMs = 0;
    qint64 forMs = 0;

    bool isImmediate() const
    {
        return action == Action::Down || action == Action::RevokeTokens || action == Action::ExpireTokens;
    }
    static Fault fromJson(JsonIn &in);
    Json toJson() const;
};

class FaultPlan
{
public:
    void add(const Fault &f) { m_faults.push_back(f); }
    void clear() { m_faults.clear(); }
    // The first fault matching the request, its count decremented (removed at zero).
    std::optional<Fault> take(const QByteArray &method, const QString &path);
    const QList<Fault> &faults() const { return m_faults; }

private:
    QList<Fault> m_faults;
};

} // namespace icp::sim
