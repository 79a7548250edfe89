// The AWS-style retry quota (500 tokens, 5 per retry, 10 after a timeout, refunds) and the share-of-requests
// limit over a sliding window, in virtual time.
#include "RetryBudget.h"

#include "Clock.h"

#include <QTest>

using namespace icp;

namespace {
RetryBudgetPolicy quotaOnly()
{
    RetryBudgetPolicy p;
    p.maxRetryShare = 0; // isolate the quota
    return p;
}
} // namespace

class TestRetryBudget : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void defaultsAreTheAwsNumbers();
    void costDependsOnCause_data();
    void costDependsOnCause();
    void quotaDrainsAndStopsRetries();
    void successesRefill();
    void refundNeverExceedsCapacity();
    void shareLimitsRetriesToAFractionOfRequests();
    void shareWindowSlidesInVirtualTime();
};

void TestRetryBudget::defaultsAreTheAwsNumbers()
{
    const RetryBudget budget;
    QCOMPARE(budget.tokens(), 500);
    QCOMPARE(budget.policy().retryCost, 5);
    QCOMPARE(budget.policy().timeoutRetryCost, 10);
    QCOMPARE(budget.policy().noRetryIncrement, 1);
}

void TestRetryBudget::costDependsOnCause_data()
{
    QTest::addColumn<ErrorCategory>("cause");
    QTest::addColumn<int>("cost");
    QTest::newRow("409") << ErrorCategory::Conflict << 5;
    QTest::newRow("503") << ErrorCategory::Unavailable << 5;
    QTest::newRow("reset") << ErrorCategory::ConnectionReset << 5;
    QTest::newRow("timeout") << ErrorCategory::Timeout << 10;
}

void TestRetryBudget::costDependsOnCause()
{
    QFETCH(ErrorCategory, cause);
    QFETCH(int, cost);
    RetryBudget budget(quotaOnly());
    const RetryGrant grant = budget.tryAcquireRetry(cause, 0);
    QVERIFY(grant.allowed);
    QCOMPARE(grant.cost, cost);
    QCOMPARE(budget.tokens(), 500 - cost);
}

void TestRetryBudget::quotaDrainsAndStopsRetries()
{
    RetryBudget budget(quotaOnly());
    int granted = 0;
    while (budget.tryAcquireRetry(ErrorCategory::ServerError, 0).allowed)
        ++granted;
    QCOMPARE(granted, 100); // 500 / 5: then a failing region stops retrying
    QCOMPARE(budget.tokens(), 0);
    const RetryGrant refused = budget.tryAcquireRetry(ErrorCategory::ServerError, 0);
    QVERIFY(!refused.allowed);
    QCOMPARE(refused.cost, 0);
    QCOMPARE(refused.refusal, RetryGrant::Refusal::QuotaExhausted);

    // A timeout retry needs 10: 9 tokens are not enough, a plain retry (5) is.
    for (int i = 0; i < 9; ++i)
        budget.recordSuccess();
    QCOMPARE(budget.tokens(), 9);
    QVERIFY(!budget.tryAcquireRetry(ErrorCategory::Timeout, 0).allowed);
    QVERIFY(budget.tryAcquireRetry(ErrorCategory::Conflict, 0).allowed);
    QCOMPARE(budget.tokens(), 4);
}

void TestRetryBudget::successesRefill()
{
    RetryBudget budget(quotaOnly());
    const RetryGrant timeout = budget.tryAcquireRetry(ErrorCategory::Timeout, 0);
    const RetryGrant conflict = budget.tryAcquireRetry(ErrorCategory::Conflict, 0);
    QCOMPARE(budget.tokens(), 485);
    budget.recordSuccess(timeout.cost); // the retry succeeded: its cost comes back
    QCOMPARE(budget.tokens(), 495);
    budget.recordSuccess(conflict.cost);
    QCOMPARE(budget.tokens(), 500);

    for (int i = 0; i < 20; ++i)
        budget.tryAcquireRetry(ErrorCategory::Conflict, 0);
    QCOMPARE(budget.tokens(), 400);
    budget.recordSuccess(); // first-attempt success: +1
    QCOMPARE(budget.tokens(), 401);
}

void TestRetryBudget::refundNeverExceedsCapacity()
{
    RetryBudget budget(quotaOnly());
    for (int i = 0; i < 50; ++i)
        budget.recordSuccess(i % 2 ? 10 : 0);
    QCOMPARE(budget.tokens(), 500);
}

void TestRetryBudget::shareLimitsRetriesToAFractionOfRequests()
{
    RetryBudgetPolicy policy;
    policy.maxRetryShare = 0.2;
    policy.minRetriesPerWindow = 3;
    policy.windowMs = 10000;
    RetryBudget budget(policy);
    VirtualClock clock(1'000'000);

    // A quiet region may still retry a few times.
    for (int i = 0; i < 3; ++i)
        QVERIFY(budget.tryAcquireRetry(ErrorCategory::Conflict, clock.nowMs()).allowed);
    const RetryGrant refused = budget.tryAcquireRetry(ErrorCategory::Conflict, clock.nowMs());
    QVERIFY(!refused.allowed);
    QCOMPARE(refused.refusal, RetryGrant::Refusal::ShareExceeded);
    QCOMPARE(budget.tokens(), 500 - 3 * 5); // a refused retry takes nothing

    // 100 requests allow 20 retries in the window; 3 are used.
    for (int i = 0; i < 100; ++i) {
        budget.recordRequest(clock.nowMs());
        clock.advanceBy(10);
    }
    int granted = 0;
    while (budget.tryAcquireRetry(ErrorCategory::Conflict, clock.nowMs()).allowed)
        ++granted;
    QCOMPARE(granted, 17);
    QCOMPARE(budget.retryShare(clock.nowMs()), 0.2);
}

void TestRetryBudget::shareWindowSlidesInVirtualTime()
{
    RetryBudgetPolicy policy;
    policy.maxRetryShare = 0.5;
    policy.minRetriesPerWindow = 0;
    policy.windowMs = 10000;
    RetryBudget budget(policy);
    VirtualClock clock(0);

    for (int i = 0; i < 10; ++i)
        budget.recordRequest(clock.nowMs());
    for (int i = 0; i < 5; ++i)
        QVERIFY(budget.tryAcquireRetry(ErrorCategory::ServerError, clock.nowMs()).allowed);
    QVERIFY(!budget.tryAcquireRetry(ErrorCategory::ServerError, clock.nowMs()).allowed);

    // Still inside the window 9 s later; past it after 10 s the old requests and retries no longer count.
    clock.advanceBy(9000);
    QVERIFY(!budget.tryAcquireRetry(ErrorCategory::ServerError, clock.nowMs()).allowed);
    clock.advanceBy(1000);
    QCOMPARE(budget.retryShare(clock.nowMs()), 0.0);
    QVERIFY(!budget.tryAcquireRetry(ErrorCategory::ServerError, clock.nowMs()).allowed); // no requests yet
    budget.recordRequest(clock.nowMs());
    budget.recordRequest(clock.nowMs());
    QVERIFY(budget.tryAcquireRetry(ErrorCategory::ServerError, clock.nowMs()).allowed);
    QVERIFY(!budget.tryAcquireRetry(ErrorCategory::ServerError, clock.nowMs()).allowed);
}

QTEST_GUILESS_MAIN(TestRetryBudget)
#include "tst_retrybudget.moc"
