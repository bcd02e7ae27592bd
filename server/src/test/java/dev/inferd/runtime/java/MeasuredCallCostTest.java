package dev.inferd.runtime.java;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MeasuredCallCostTest {
    private static final long QUICK = 100;

    @Test
    void aVersionNeverMeasuredIsNotQuick() {
        assertThat(new MeasuredCallCost().quickFor(1)).isFalse();
    }

    @Test
    void quickCallsEarnTheCallingThreadOnlyAfterTheFirstThousandAreMeasured() {
        MeasuredCallCost cost = new MeasuredCallCost();
        cost.record(999, 999 * QUICK, false);
        assertThat(cost.quickFor(1)).isFalse();

        cost.record(1, QUICK, false);
        assertThat(cost.quickFor(1)).isTrue();
    }

    @Test
    void aRequestWhoseCallsTogetherWouldPassTheBudgetStillGoesToTheInvocationThreads() {
        MeasuredCallCost cost = new MeasuredCallCost();
        cost.record(1_000, 1_000 * QUICK, false);

        long withinBudget = MeasuredCallCost.INLINE_BUDGET_NANOS / QUICK;
        assertThat(cost.quickFor((int) withinBudget)).isTrue();
        assertThat(cost.quickFor((int) withinBudget + 1)).isFalse();
    }

    @Test
    void slowCallsNeverEarnIt() {
        MeasuredCallCost cost = new MeasuredCallCost();
        cost.record(10_000, 10_000 * (MeasuredCallCost.INLINE_BUDGET_NANOS + 1), false);

        assertThat(cost.quickFor(1)).isFalse();
    }

    @Test
    void aStallOnTheCallingThreadSendsTheVersionBackUntilTwiceAsManyCallsProveItQuickAgain() {
        MeasuredCallCost cost = new MeasuredCallCost();
        cost.record(1_000, 1_000 * QUICK, false);

        assertThat(cost.record(1, MeasuredCallCost.STALL_NANOS + 1, true)).isTrue();
        assertThat(cost.quickFor(1)).isFalse();

        for (int i = 0; i < 40; i++) {
            cost.record(49, 49 * QUICK, false);
        }
        assertThat(cost.quickFor(1)).as("1,960 quick calls after the stall").isFalse();
        cost.record(40, 40 * QUICK, false);
        assertThat(cost.quickFor(1)).as("2,000 quick calls after the stall").isTrue();
    }

    @Test
    void aSlowRunOnAnInvocationThreadIsNoStall() {
        MeasuredCallCost cost = new MeasuredCallCost();

        assertThat(cost.record(1, MeasuredCallCost.STALL_NANOS * 10, false)).isFalse();
    }
}
