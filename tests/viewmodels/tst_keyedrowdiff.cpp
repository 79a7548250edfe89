// The keyed diff: the fewest row operations between two keyed lists, kept rows in place.
#include "KeyedRowDiff.h"

#include <QTest>

using namespace icp;

using Ranges = QList<std::pair<int, int>>;
using Ints = QList<int>;
Q_DECLARE_METATYPE(Ranges)

class TestKeyedRowDiff : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void compute_data();
    void compute();
    void replayingTheDiffGivesTheNewKeys_data();
    void replayingTheDiffGivesTheNewKeys();
    void runs();
};

static QStringList keys(const char *s)
{
    return QString::fromLatin1(s).split(QLatin1Char(','), Qt::SkipEmptyParts);
}

void TestKeyedRowDiff::compute_data()
{
    QTest::addColumn<QStringList>("before");
    QTest::addColumn<QStringList>("after");
    QTest::addColumn<Ranges>("removals");
    QTest::addColumn<Ints>("kept");
    QTest::addColumn<Ints>("added");
    QTest::addRow("empty to empty") << keys("") << keys("") << Ranges{} << Ints{} << Ints{};
    QTest::addRow("first rows") << keys("") << keys("a,b") << Ranges{} << Ints{} << Ints{0, 1};
    QTest::addRow("all gone") << keys("a,b,c") << keys("") << Ranges{{0, 2}} << Ints{} << Ints{};
    QTest::addRow("same") << keys("a,b,c") << keys("a,b,c") << Ranges{} << Ints{0, 1, 2} << Ints{};
    QTest::addRow("reordered: nothing moves") << keys("a,b,c") << keys("c,a,b") << Ranges{} << Ints{1, 2, 0} << Ints{};
    QTest::addRow("two removal runs, last first")
        << keys("a,b,c,d,e,f") << keys("a,d,f") << Ranges{{4, 4}, {1, 2}} << Ints{0, 1, 2} << Ints{};
    QTest::addRow("add in the middle goes to the end") << keys("a,c") << keys("a,b,c") << Ranges{} << Ints{0, 2} << Ints{1};
    QTest::addRow("add, change, remove") << keys("a,b,c") << keys("d,b,a") << Ranges{{2, 2}} << Ints{2, 1} << Ints{0};
    QTest::addRow("duplicate new key counted once") << keys("a") << keys("a,b,b") << Ranges{} << Ints{0} << Ints{1};
    QTest::addRow("duplicate old key loses its second row") << keys("a,a,b") << keys("a,b") << Ranges{{1, 1}} << Ints{0, 1}
                                                           << Ints{};
}

void TestKeyedRowDiff::compute()
{
    QFETCH(QStringList, before);
    QFETCH(QStringList, after);
    QFETCH(Ranges, removals);
    QFETCH(Ints, kept);
    QFETCH(Ints, added);
    const KeyedRowDiff d = KeyedRowDiff::compute(before, after);
    QCOMPARE(d.removals, removals);
    QCOMPARE(d.kept, kept);
    QCOMPARE(d.added, added);
}

void TestKeyedRowDiff::replayingTheDiffGivesTheNewKeys_data()
{
    QTest::addColumn<QStringList>("before");
    QTest::addColumn<QStringList>("after");
    QTest::addRow("shuffle with churn") << keys("k1,k2,k3,k4,k5,k6,k7") << keys("k9,k7,k2,k8,k5,k1");
    QTest::addRow("disjoint") << keys("a,b,c") << keys("x,y");
    QTest::addRow("grow") << keys("a") << keys("a,b,c,d,e");
}

void TestKeyedRowDiff::replayingTheDiffGivesTheNewKeys()
{
    QFETCH(QStringList, before);
    QFETCH(QStringList, after);
    const KeyedRowDiff d = KeyedRowDiff::compute(before, after);
    QStringList rows = before;
    for (const auto &[first, last] : d.removals)
        rows.remove(first, last - first + 1);
    QCOMPARE(rows.size(), d.kept.size());
    for (int i = 0; i < rows.size(); ++i)
        QCOMPARE(rows[i], after[d.kept[i]]); // each kept row is the same key as its new counterpart
    for (int i : d.added)
        rows << after[i];
    QStringList sortedRows = rows;
    QStringList sortedAfter = after;
    sortedRows.sort();
    sortedAfter.sort();
    QCOMPARE(sortedRows, sortedAfter);
}

void TestKeyedRowDiff::runs()
{
    QCOMPARE(KeyedRowDiff::runs({}), Ranges{});
    QCOMPARE(KeyedRowDiff::runs({3}), (Ranges{{3, 3}}));
    QCOMPARE(KeyedRowDiff::runs({0, 1, 2, 5, 7, 8}), (Ranges{{0, 2}, {5, 5}, {7, 8}}));
}

QTEST_GUILESS_MAIN(TestKeyedRowDiff)
#include "tst_keyedrowdiff.moc"
