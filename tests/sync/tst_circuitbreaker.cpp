// Breaker transitions in virtual time: Closed -> Open after N consecutive failures, Open -> HalfOpen after the
// cool-down (on the clock, signalled), one probe in HalfOpen, success closes, failure reopens.
#include "CircuitBreaker.h"

#include <QSignalSpy>
#include <QTest>

using namespace icp;
using namespace Qt::StringLiterals;
using State = CircuitBreaker::State;

class TestCircuitBreaker : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { qRegisterMetaType<CircuitBreaker::State>(); }
    void opensAfterConsecutiveFailures();
    void successResetsTheCount();
    void halfOpensAfterCoolDownOnTheClock();
    void halfOpenAdmitsOneProbe();
    void probeSuccessCloses();
    void probeFailureReopensForAnotherCoolDown();
    void outcomesAreSorted_data();
    void outcomesAreSorted();
    void destroyedBreakerCancelsItsTimer();
};

namespace {
constexpr CircuitBreakerPolicy kPolicy{3, 30000};

State stateAt(const QSignalSpy &spy, int i, int argument)
{
    return spy.at(i).at(argument).value<State>();
}
} // namespace

void TestCircuitBreaker::opensAfterConsecutiveFailures()
{
    VirtualClock clock(1000);
    CircuitBreaker breaker(u"ap-southeast-1"_s, kPolicy, clock);
    QSignalSpy spy(&breaker, &CircuitBreaker::stateChanged);
    breaker.recordFailure();
    breaker.recordFailure();
    QCOMPARE(breaker.state(), State::Closed);
    QVERIFY(breaker.allowRequest());
    breaker.recordFailure();
    QCOMPARE(breaker.state(), State::Open);
    QCOMPARE(breaker.openedAtMs(), qint64(1000));
    QCOMPARE(breaker.halfOpenAtMs(), qint64(31000));
    QVERIFY(!breaker.allowRequest());
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy.at(0).at(0).toString(), u"ap-southeast-1"_s);
    QCOMPARE(stateAt(spy, 0, 1), State::Closed);
    QCOMPARE(stateAt(spy, 0, 2), State::Open);
}

void TestCircuitBreaker::successResetsTheCount()
{
    VirtualClock clock;
    CircuitBreaker breaker(u"us-east-1"_s, kPolicy, clock);
    breaker.recordFailure();
    breaker.recordFailure();
    breaker.recordSuccess();
    QCOMPARE(breaker.consecutiveFailures(), 0);
    breaker.recordFailure();
    breaker.recordFailure();
    QCOMPARE(breaker.state(), State::Closed); // 4 failures, never 3 in a row
}

void TestCircuitBreaker::halfOpensAfterCoolDownOnTheClock()
{
    VirtualClock clock(0);
    CircuitBreaker breaker(u"r"_s, kPolicy, clock);
    QSignalSpy spy(&breaker, &CircuitBreaker::stateChanged);
    for (int i = 0; i < 3; ++i)
        breaker.recordFailure();
    clock.advanceBy(29999);
    QCOMPARE(breaker.state(), State::Open);
    QVERIFY(!breaker.allowRequest());
    clock.advanceBy(1); // nobody asks: the transition still happens, and is signalled
    QCOMPARE(breaker.state(), State::HalfOpen);
    QCOMPARE(spy.count(), 2);
    QCOMPARE(stateAt(spy, 1, 1), State::Open);
    QCOMPARE(stateAt(spy, 1, 2), State::HalfOpen);
}

void TestCircuitBreaker::halfOpenAdmitsOneProbe()
{
    VirtualClock clock(0);
    CircuitBreaker breaker(u"r"_s, kPolicy, clock);
    for (int i = 0; i < 3; ++i)
        breaker.recordFailure();
    clock.advanceBy(30000);
    QVERIFY(breaker.allowRequest());
    QVERIFY(breaker.probeInFlight());
    QVERIFY(!breaker.allowRequest());
    QVERIFY(!breaker.allowRequest());
}

void TestCircuitBreaker::probeSuccessCloses()
{
    VirtualClock clock(0);
    CircuitBreaker breaker(u"r"_s, kPolicy, clock);
    QSignalSpy spy(&breaker, &CircuitBreaker::stateChanged);
    for (int i = 0; i < 3; ++i)
        breaker.recordFailure();
    clock.advanceBy(30000);
    QVERIFY(breaker.allowRequest());
    breaker.record(ErrorCategory::None);
    QCOMPARE(breaker.state(), State::Closed);
    QCOMPARE(breaker.openedAtMs(), qint64(0));
    QVERIFY(breaker.allowRequest());
    QVERIFY(breaker.allowRequest());
    QCOMPARE(spy.count(), 3);
    QCOMPARE(stateAt(spy, 2, 2), State::Closed);
}

void TestCircuitBreaker::probeFailureReopensForAnotherCoolDown()
{
    VirtualClock clock(0);
    CircuitBreaker breaker(u"r"_s, kPolicy, clock);
    for (int i = 0; i < 3; ++i)
        breaker.recordFailure();
    clock.advanceBy(30000);
    QVERIFY(breaker.allowRequest());
    clock.advanceBy(500);
    breaker.record(ErrorCategory::Timeout); // the probe timed out
    QCOMPARE(breaker.state(), State::Open);
    QCOMPARE(breaker.openedAtMs(), qint64(30500));
    QVERIFY(!breaker.probeInFlight());
    clock.advanceBy(29999);
    QCOMPARE(breaker.state(), State::Open);
    clock.advanceBy(1);
    QCOMPARE(breaker.state(), State::HalfOpen);
    QVERIFY(breaker.allowRequest());
}

void TestCircuitBreaker::outcomesAreSorted_data()
{
    QTest::addColumn<ErrorCategory>("outcome");
    QTest::addColumn<bool>("failure");
    QTest::newRow("200") << ErrorCategory::None << false;
    QTest::newRow("409") << ErrorCategory::Conflict << false;
    QTest::newRow("429") << ErrorCategory::RateLimited << false;
    QTest::newRow("400") << ErrorCategory::Validation << false;
    QTest::newRow("401") << ErrorCategory::Unauthorized << false;
    QTest::newRow("500") << ErrorCategory::ServerError << true;
    QTest::newRow("503") << ErrorCategory::Unavailable << true;
    QTest::newRow("timeout") << ErrorCategory::Timeout << true;
    QTest::newRow("reset") << ErrorCategory::ConnectionReset << true;
    QTest::newRow("refused") << ErrorCategory::ConnectionRefused << true;
    QTest::newRow("malformed") << ErrorCategory::MalformedResponse << true;
}

void TestCircuitBreaker::outcomesAreSorted()
{
    QFETCH(ErrorCategory, outcome);
    QFETCH(bool, failure);
    QCOMPARE(CircuitBreaker::countsAsFailure(outcome), failure);
    VirtualClock clock;
    CircuitBreaker breaker(u"r"_s, kPolicy, clock);
    for (int i = 0; i < 3; ++i)
        breaker.record(outcome);
    QCOMPARE(breaker.state(), failure ? State::Open : State::Closed);
}

void TestCircuitBreaker::destroyedBreakerCancelsItsTimer()
{
    VirtualClock clock(0);
    {
        CircuitBreaker breaker(u"r"_s, kPolicy, clock);
        for (int i = 0; i < 3; ++i)
            breaker.recordFailure();
        QVERIFY(clock.hasPending());
    }
    QVERIFY(!clock.hasPending());
    clock.advanceBy(60000); // nothing runs on a dead breaker
}

QTEST_GUILESS_MAIN(TestCircuitBreaker)
#include "tst_circuitbreaker.moc"
