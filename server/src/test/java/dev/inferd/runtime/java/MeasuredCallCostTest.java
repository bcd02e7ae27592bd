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
    void quickCallsKeepABatchInOneChunkOnlyAfterTheFirstThousandAreMeasured() {
        MeasuredCallCost cost = new MeasuredCallCost();
        cost.record(999, 999 * QUICK);
        assertThat(cost.quickFor(1)).isFalse();

        cost.record(1, QUICK);
        assertThat(cost.quickFor(1)).isTrue();
    }

    @Test
    void aBatchWhoseCallsTogetherWouldPassTheBudgetIsNotQuick() {
        MeasuredCallCost cost = new MeasuredCallCost();
        cost.record(1_000, 1_000 * QUICK);

        long withinBudget = MeasuredCallCost.ONE_CHUNK_BUDGET_NANOS / QUICK;
        assertThat(cost.quickFor((int) withinBudget)).isTrue();
        assertThat(cost.quickFor((int) withinBudget + 1)).isFalse();
    }

    @Test
    void slowCallsNeverEarnIt() {
        MeasuredCallCost cost = new MeasuredCallCost();
        cost.record(10_000, 10_000 * (MeasuredCallCost.ONE_CHUNK_BUDGET_NANOS + 1));

        assertThat(cost.quickFor(1)).isFalse();
    }

    @Test
    void oneSlowChunkMovesTheAverageByAtMostThreeEighths() {
        MeasuredCallCost cost = new MeasuredCallCost();
        cost.record(1_000, 1_000 * QUICK);

        cost.record(1, 1_000_000 * QUICK);

        long withinBudgetBefore = MeasuredCallCost.ONE_CHUNK_BUDGET_NANOS / QUICK;
        assertThat(cost.quickFor((int) (withinBudgetBefore * 8 / 11))).isTrue();
        assertThat(cost.quickFor((int) withinBudgetBefore)).isFalse();
    }
}
