#pragma once
// Median and range of one figure over seeds, for the benchmark tables.

#include <QList>
#include <QString>

#include <algorithm>
#include <cmath>
#include <limits>

namespace icp::bench {

struct Spread
{
    double median = 0;
    double min = 0;
    double max = 0;
    int samples = 0;

    // Infinity stands for "did not happen by the end of the run" (a convergence time).
    static Spread of(QList<double> v)
    {
        Spread s;
        s.samples = int(v.size());
        if (v.isEmpty())
            return s;
        std::sort(v.begin(), v.end());
        const qsizetype n = v.size();
        s.median = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
        s.min = v.front();
        s.max = v.back();
        return s;
    }

    static QString number(double x, int decimals)
    {
        if (std::isinf(x))
            return QStringLiteral("n/c");
        return QString::number(x, 'f', decimals);
    }

    // "median (min–max)", or just the median when every seed agrees.
    QString cell(int decimals = 0) const
    {
        if (samples == 0)
            return QStringLiteral("–");
        const QString m = number(median, decimals);
        if (min == max)
            return m;
        return m + QStringLiteral(" (") + number(min, decimals) + QStringLiteral("–") + number(max, decimals)
             + QLatin1Char(')');
    }
};

} // namespace icp::bench
