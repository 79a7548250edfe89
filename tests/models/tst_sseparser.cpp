// SseParser: the WHATWG event-stream rules on whole streams, on every two-chunk split and byte by byte, plus
// the size limit and its resynchronisation.

#include "SseParser.h"

#include <QTest>

using namespace icp;
using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(icp::SseEvent)

namespace {

SseEvent ev(const QByteArray &id, const QString &event, const QByteArray &data)
{
    return SseEvent{id, event, data};
}

QByteArray describe(const QList<SseEvent> &events)
{
    QByteArray out;
    for (const SseEvent &e : events)
        out += "[id=" + e.id + " event=" + e.event.toUtf8() + " data=" + e.data + "]";
    return out;
}

} // namespace

class TestSseParser : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parses_data();
    void parses();
    void everySplitPoint_data() { parses_data(); }
    void everySplitPoint();
    void byteByByte_data() { parses_data(); }
    void byteByByte();
    void crSplitFromLfIsOneLineBreak();
    void commentsAreCounted();
    void retryField();
    void lastEventIdOnlyAtEventEnd();
    void resetDropsHalfEventKeepsId();
    void oversizedEventIsSkipped_data();
    void oversizedEventIsSkipped();
    void oversizedAtEverySplitPoint();
    void eventAtExactLimitPasses();
};

void TestSseParser::parses_data()
{
    QTest::addColumn<QByteArray>("stream");
    QTest::addColumn<QList<SseEvent>>("expected");
    QTest::addColumn<QByteArray>("lastId");

    QTest::newRow("one event LF")
        << QByteArray("id: 1\nevent: skillgroups\ndata: {\"a\":1}\n\n")
        << QList<SseEvent>{ev("1", u"skillgroups"_s, R"({"a":1})")} << QByteArray("1");
    QTest::newRow("one event CRLF")
        << QByteArray("id: 1\r\nevent: trunks\r\ndata: {}\r\n\r\n")
        << QList<SseEvent>{ev("1", u"trunks"_s, "{}")} << QByteArray("1");
    QTest::newRow("one event CR")
        << QByteArray("id: 2\revent: trunks\rdata: x\r\r")
        << QList<SseEvent>{ev("2", u"trunks"_s, "x")} << QByteArray("2");
    QTest::newRow("mixed line ends")
        << QByteArray("id: 3\r\nevent: a\ndata: x\r\r\nid: 4\ndata: y\n\r\n")
        << QList<SseEvent>{ev("3", u"a"_s, "x"), ev("4", u"message"_s, "y")} << QByteArray("4");
    QTest::newRow("multi-line data")
        << QByteArray("data: first\ndata: second\ndata:third\n\n")
        << QList<SseEvent>{ev("", u"message"_s, "first\nsecond\nthird")} << QByteArray();
    QTest::newRow("only one leading space is removed")
        << QByteArray("data:  two spaces\n\n") << QList<SseEvent>{ev("", u"message"_s, " two spaces")} << QByteArray();
    QTest::newRow("colon in value")
        << QByteArray("data: {\"t\":\"12:00\"}\n\n")
        << QList<SseEvent>{ev("", u"message"_s, R"({"t":"12:00"})")} << QByteArray();
    QTest::newRow("empty data line gives an empty event")
        << QByteArray("data\n\n") << QList<SseEvent>{ev("", u"message"_s, "")} << QByteArray();
    QTest::newRow("two empty data lines give one newline")
        << QByteArray("data:\ndata:\n\n") << QList<SseEvent>{ev("", u"message"_s, "\n")} << QByteArray();
    QTest::newRow("comments and heartbeats")
        << QByteArray(": stream open\n\n: heartbeat\n\nid: 7\n: inside an event\nevent: e\ndata: d\n\n: heartbeat\n\n")
        << QList<SseEvent>{ev("7", u"e"_s, "d")} << QByteArray("7");
    QTest::newRow("block without data dispatches nothing")
        << QByteArray("event: lonely\n\ndata: later\n\n")
        << QList<SseEvent>{ev("", u"message"_s, "later")} << QByteArray();
    QTest::newRow("id without data still moves the last id")
        << QByteArray("id: 9\n\ndata: x\n\n") << QList<SseEvent>{ev("9", u"message"_s, "x")} << QByteArray("9");
    QTest::newRow("id persists to later events")
        << QByteArray("id: 5\ndata: a\n\ndata: b\n\n")
        << QList<SseEvent>{ev("5", u"message"_s, "a"), ev("5", u"message"_s, "b")} << QByteArray("5");
    QTest::newRow("empty id clears it")
        << QByteArray("id: 5\ndata: a\n\nid\ndata: b\n\n")
        << QList<SseEvent>{ev("5", u"message"_s, "a"), ev("", u"message"_s, "b")} << QByteArray();
    QTest::newRow("id with NUL is ignored")
        << (QByteArray("id: 5\ndata: a\n\nid: 6") + '\0' + "x\ndata: b\n\n")
        << QList<SseEvent>{ev("5", u"message"_s, "a"), ev("5", u"message"_s, "b")} << QByteArray("5");
    QTest::newRow("unknown fields ignored")
        << QByteArray("foo: bar\nid: 1\nbaz\ndata: x\n\n") << QList<SseEvent>{ev("1", u"message"_s, "x")}
        << QByteArray("1");
    QTest::newRow("event type resets between events")
        << QByteArray("event: trunks\ndata: a\n\ndata: b\n\n")
        << QList<SseEvent>{ev("", u"trunks"_s, "a"), ev("", u"message"_s, "b")} << QByteArray();
    QTest::newRow("BOM at stream start")
        << QByteArray("\xEF\xBB\xBF" "data: x\n\n") << QList<SseEvent>{ev("", u"message"_s, "x")} << QByteArray();
    QTest::newRow("UTF-8 event name and data")
        << QByteArray("event: caf\xC3\xA9\ndata: \xE2\x82\xAC\n\n")
        << QList<SseEvent>{ev("", u"caf\u00e9"_s, "\xE2\x82\xAC")} << QByteArray();
    QTest::newRow("unterminated last event is not dispatched")
        << QByteArray("data: a\n\ndata: b\n") << QList<SseEvent>{ev("", u"message"_s, "a")} << QByteArray();
    QTest::newRow("simulator format")
        << QByteArray("id: 12\nevent: skillgroups\ndata: {\"id\":\"g\",\"version\":3}\n\n"
                      "id: 13\nevent: trunks\ndata: {\"trunk\":{\"id\":\"t\"}}\n\n")
        << QList<SseEvent>{ev("12", u"skillgroups"_s, R"({"id":"g","version":3})"),
                           ev("13", u"trunks"_s, R"({"trunk":{"id":"t"}})")}
        << QByteArray("13");
}

void TestSseParser::parses()
{
    QFETCH(QByteArray, stream);
    QFETCH(QList<SseEvent>, expected);
    QFETCH(QByteArray, lastId);

    SseParser parser;
    const QList<SseEvent> got = parser.feed(stream);
    QCOMPARE(describe(got), describe(expected));
    QCOMPARE(parser.lastEventId(), lastId);
    QVERIFY(parser.takeErrors().isEmpty());
}

void TestSseParser::everySplitPoint()
{
    QFETCH(QByteArray, stream);
    QFETCH(QList<SseEvent>, expected);
    QFETCH(QByteArray, lastId);

    for (qsizetype cut = 0; cut <= stream.size(); ++cut) {
        SseParser parser;
        QList<SseEvent> got = parser.feed(QByteArrayView(stream).first(cut));
        got += parser.feed(QByteArrayView(stream).sliced(cut));
        QVERIFY2(describe(got) == describe(expected), qPrintable(u"split at %1"_s.arg(cut)));
        QCOMPARE(parser.lastEventId(), lastId);
    }
}

void TestSseParser::byteByByte()
{
    QFETCH(QByteArray, stream);
    QFETCH(QList<SseEvent>, expected);

    SseParser parser;
    QList<SseEvent> got;
    for (char c : std::as_const(stream))
        got += parser.feed(QByteArrayView(&c, 1));
    QCOMPARE(describe(got), describe(expected));
}

void TestSseParser::crSplitFromLfIsOneLineBreak()
{
    // "data: a\r" + "\n" + "\r\n": one line break, then a blank line; not two blank lines.
    SseParser parser;
    QVERIFY(parser.feed("data: a\r").isEmpty());
    QVERIFY(parser.feed("\n").isEmpty());
    QCOMPARE(parser.feed("data: b\r").size(), 0);
    const QList<SseEvent> got = parser.feed("\n\r\n");
    QCOMPARE(got.size(), 1);
    QCOMPARE(got.first().data, QByteArray("a\nb"));
    // An empty chunk between the CR and the LF changes nothing.
    QVERIFY(parser.feed("data: c\r").isEmpty());
    QVERIFY(parser.feed("").isEmpty());
    QVERIFY(parser.feed("\n").isEmpty());
    QCOMPARE(parser.feed("\r\n").size(), 1);
}

void TestSseParser::commentsAreCounted()
{
    SseParser parser;
    parser.feed(": stream open\n\n: heartbeat\n\n:\n\n");
    QCOMPARE(parser.commentCount(), 3);
}

void TestSseParser::retryField()
{
    SseParser parser;
    QVERIFY(!parser.retryMs());
    parser.feed("retry: 2500\n\n");
    QCOMPARE(parser.retryMs(), std::optional<qint64>(2500));
    parser.feed("retry: 1.5\n\nretry: soon\n\n");
    QCOMPARE(parser.retryMs(), std::optional<qint64>(2500)); // not all digits: ignored
}

void TestSseParser::lastEventIdOnlyAtEventEnd()
{
    // A connection that breaks after "id: 8" must resume after 7, or event 8 is lost.
    SseParser parser;
    parser.feed("id: 7\ndata: a\n\nid: 8\ndata: b");
    QCOMPARE(parser.lastEventId(), QByteArray("7"));
    parser.feed("\n\n");
    QCOMPARE(parser.lastEventId(), QByteArray("8"));
}

void TestSseParser::resetDropsHalfEventKeepsId()
{
    SseParser parser;
    QCOMPARE(parser.feed("id: 7\ndata: a\n\nid: 8\nevent: trunks\ndata: hal").size(), 1);
    parser.reset(); // the connection broke
    QCOMPARE(parser.lastEventId(), QByteArray("7"));
    const QList<SseEvent> got = parser.feed("data: fresh\n\n");
    QCOMPARE(describe(got), describe({ev("7", u"message"_s, "fresh")}));
}

void TestSseParser::oversizedEventIsSkipped_data()
{
    QTest::addColumn<QByteArray>("stream");
    QTest::addColumn<QList<SseEvent>>("expected");
    QTest::addColumn<QByteArray>("lastId");

    const QByteArray big(100, 'x');
    QTest::newRow("one long data line")
        << QByteArray("id: 1\ndata: a\n\nid: 2\ndata: " + big + "\n\nid: 3\ndata: c\n\n")
        << QList<SseEvent>{ev("1", u"message"_s, "a"), ev("3", u"message"_s, "c")} << QByteArray("3");
    QTest::newRow("many short data lines")
        << QByteArray("id: 2\n" + QByteArray("data: 0123456789\n").repeated(8) + "\nid: 3\ndata: c\n\n")
        << QList<SseEvent>{ev("3", u"message"_s, "c")} << QByteArray("3");
    QTest::newRow("CRLF stream")
        << QByteArray("id: 2\r\ndata: " + big + "\r\n\r\nid: 3\r\ndata: c\r\n\r\n")
        << QList<SseEvent>{ev("3", u"message"_s, "c")} << QByteArray("3");
    QTest::newRow("skipped last event still moves the id")
        << QByteArray("id: 1\ndata: a\n\nid: 2\ndata: " + big + "\n\n")
        << QList<SseEvent>{ev("1", u"message"_s, "a")} << QByteArray("2");
    QTest::newRow("a blank line inside the long line's chunk ends the skip")
        << QByteArray("data: " + big + "\n\ndata: short\n\n")
        << QList<SseEvent>{ev("", u"message"_s, "short")} << QByteArray();
}

void TestSseParser::oversizedEventIsSkipped()
{
    QFETCH(QByteArray, stream);
    QFETCH(QList<SseEvent>, expected);
    QFETCH(QByteArray, lastId);

    SseParser parser(64);
    QCOMPARE(describe(parser.feed(stream)), describe(expected));
    QCOMPARE(parser.lastEventId(), lastId);
    const QStringList errors = parser.takeErrors();
    QCOMPARE(errors.size(), 1);
    QVERIFY2(errors.first().startsWith(u"event stream: skipped an event over 64 bytes (the last id seen is "_s),
             qPrintable(errors.first()));
    QVERIFY(errors.first().endsWith(u"); the stream continues with the next event"_s));
    QCOMPARE(parser.skippedEvents(), 1);
    QVERIFY(parser.takeErrors().isEmpty());
}

void TestSseParser::oversizedAtEverySplitPoint()
{
    const QByteArray stream = "id: 1\ndata: a\n\nid: 2\ndata: " + QByteArray(300, 'y') + "\r\n\r\nid: 3\ndata: c\n\n";
    const QList<SseEvent> expected{ev("1", u"message"_s, "a"), ev("3", u"message"_s, "c")};
    for (qsizetype cut = 0; cut <= stream.size(); ++cut) {
        SseParser parser(64);
        QList<SseEvent> got = parser.feed(QByteArrayView(stream).first(cut));
        got += parser.feed(QByteArrayView(stream).sliced(cut));
        QVERIFY2(describe(got) == describe(expected), qPrintable(u"split at %1"_s.arg(cut)));
        QCOMPARE(parser.takeErrors().size(), 1);
    }
    // Byte by byte the pending line never grows past the limit.
    SseParser parser(64);
    QList<SseEvent> got;
    for (char c : stream)
        got += parser.feed(QByteArrayView(&c, 1));
    QCOMPARE(describe(got), describe(expected));
    QCOMPARE(parser.takeErrors(),
             QStringList{u"event stream: skipped an event over 64 bytes (the last id seen is 2); the stream "
                         "continues with the next event"_s});
}

void TestSseParser::eventAtExactLimitPasses()
{
    // Counted: every field line with its line break. "data: " + 57 bytes + "\n" = 64.
    const QByteArray payload(57, 'z');
    SseParser parser(64);
    const QList<SseEvent> got = parser.feed(QByteArray("data: " + payload + "\n\n"));
    QCOMPARE(got.size(), 1);
    QCOMPARE(got.first().data, payload);
    QVERIFY(parser.takeErrors().isEmpty());

    SseParser tight(64);
    QVERIFY(tight.feed(QByteArray("data: " + payload + "z\n\n")).isEmpty());
    QCOMPARE(tight.takeErrors().size(), 1);
}

QTEST_GUILESS_MAIN(TestSseParser)
#include "tst_sseparser.moc"
