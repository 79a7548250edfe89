// Conflicts as CSV: the header, quoting, formula guard, UTC times; and the export of real records.
#include "ConflictCsv.h"
#include "HandSnapshots.h"

#include <QTest>

using namespace icp;
using namespace Qt::StringLiterals;

class TestConflictCsv : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void field_data();
    void field();
    void writesHeaderAndRows();
    void formulaGuard();
};

void TestConflictCsv::field_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("csv");
    QTest::addRow("plain") << u"ap-southeast-1"_s << u"ap-southeast-1"_s;
    QTest::addRow("empty") << QString() << QString();
    QTest::addRow("comma") << u"a,b"_s << u"\"a,b\""_s;
    QTest::addRow("quote") << u"say \"hi\""_s << u"\"say \"\"hi\"\"\""_s;
    QTest::addRow("newline") << u"one\ntwo"_s << u"\"one\ntwo\""_s;
    QTest::addRow("carriage return") << u"one\rtwo"_s << u"\"one\rtwo\""_s;
}

void TestConflictCsv::field()
{
    QFETCH(QString, value);
    QFETCH(QString, csv);
    QCOMPARE(ConflictCsv::field(value), csv);
}

void TestConflictCsv::writesHeaderAndRows()
{
    ConflictRecord a = handConflict(7, u"ap-southeast-1"_s, u"applied after rebase, 2 attempts"_s);
    a.atMs = 1'795'856'000'123; // 2026-11-28T08:53:20.123Z
    a.sinceOurLastWriteMs = 450;
    a.attempts = {ConflictAttempt{a.atMs, 0, u"409"_s}, ConflictAttempt{a.atMs + 120, 120, u"applied"_s}};
    ConflictRecord b = handConflict(8, u"us-east-1"_s);
    const QList<QByteArray> lines = ConflictCsv::write({a, b}).split('\n');
    QCOMPARE(lines.size(), 4); // header, two rows, the empty rest after the last CRLF
    QVERIFY(lines[0].startsWith("id,time_utc,region,skill_group,expected_version,current_version,modified_by"));
    QVERIFY(lines[0].endsWith("\r"));
    QCOMPARE(lines[1], QByteArray("7,2026-11-28T08:53:20.123Z,ap-southeast-1,sg-1,17,18,routing-policy-reconciler,,450,2,"
                                  "\"applied after rebase, 2 attempts\",corr-7\r"));
    QVERIFY(lines[2].startsWith("8,"));
    QVERIFY(lines[2].contains(",0,,corr-8\r")); // no attempts, no resolution yet; since-last-write unknown
    QCOMPARE(lines[3], QByteArray());
}

void TestConflictCsv::formulaGuard()
{
    ConflictRecord r = handConflict(1, u"us-east-1"_s);
    r.modifiedBy = u"=HYPERLINK(\"x\")"_s;
    const QByteArray csv = ConflictCsv::write({r});
    QVERIFY(csv.contains(",\"'=HYPERLINK(\"\"x\"\")\","));
}

QTEST_GUILESS_MAIN(TestConflictCsv)
#include "tst_conflictcsv.moc"
