package dev.inferd.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A main function that takes whole batches raises for the batch as a whole; {@link RowBisection}
 * splits the rows until each failing row stands alone, so the others still get their values.
 */
class ABatchFunctionsFailingRowsAreFoundByHalvingTest {

    /** Doubles every row's argument, and raises, naming the row, when any row holds a number in {@code bad}. */
    private static final class Doubler implements RowBisection.RowsCall {
        private final Set<Integer> bad;
        final List<Integer> callSizes = new CopyOnWriteArrayList<>();

        Doubler(Set<Integer> bad) {
            this.bad = bad;
        }

        @Override
        public CompletableFuture<RowsRun> run(List<Call> rows) {
            callSizes.add(rows.size());
            List<Outcome> outcomes = new ArrayList<>();
            for (Call row : rows) {
                int value = row.arguments().get(0).intValue();
                if (bad.contains(value)) {
                    return CompletableFuture.completedFuture(new RowsRun.Raised("ValueError: bad row " + value));
                }
                outcomes.add(new Outcome.Success(IntNode.valueOf(2 * value)));
            }
            return CompletableFuture.supplyAsync(() -> new RowsRun.Ran(outcomes));
        }
    }

    private static List<Call> rows(int count) {
        return IntStream.range(0, count).mapToObj(i -> new Call(List.<JsonNode>of(IntNode.valueOf(i)))).toList();
    }

    @Test
    void aChunkWithoutFailuresIsOneCall() {
        Doubler doubler = new Doubler(Set.of());

        List<Outcome> outcomes = RowBisection.run(rows(1000), doubler).join();

        assertThat(doubler.callSizes).containsExactly(1000);
        assertThat(outcomes).hasSize(1000).allMatch(Outcome.Success.class::isInstance);
        assertThat(((Outcome.Success) outcomes.get(999)).value().intValue()).isEqualTo(1998);
    }

    @Test
    void eachFailingRowGetsTheErrorItRaisesAloneAndTheOthersTheirValues() {
        Doubler doubler = new Doubler(Set.of(3, 700));

        List<Outcome> outcomes = RowBisection.run(rows(1000), doubler).join();

        assertThat(outcomes).hasSize(1000);
        for (int i = 0; i < 1000; i++) {
            if (i == 3 || i == 700) {
                assertThat(outcomes.get(i)).isEqualTo(new Outcome.Failure(Outcome.FailureKind.FUNCTION_RAISED, "ValueError: bad row " + i));
            } else {
                assertThat(outcomes.get(i)).isEqualTo(new Outcome.Success(IntNode.valueOf(2 * i)));
            }
        }
    }

    @Test
    void oneBadRowAmongAThousandCostsAtMostTwentyOneCalls() {
        Doubler doubler = new Doubler(Set.of(512));

        RowBisection.run(rows(1000), doubler).join();

        assertThat(doubler.callSizes.size()).isLessThanOrEqualTo(21);
    }

    @Test
    void aChunkWhoseEveryRowFailsCostsTwiceItsRowsLessOne() {
        Doubler doubler = new Doubler(Set.copyOf(IntStream.range(0, 100).boxed().toList()));

        List<Outcome> outcomes = RowBisection.run(rows(100), doubler).join();

        assertThat(outcomes).hasSize(100).allMatch(Outcome.Failure.class::isInstance);
        assertThat(doubler.callSizes).hasSize(199);
    }

    @Test
    void aSearchHasOneCallWaitingOrRunningAtATime() {
        AtomicInteger outstanding = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        Doubler doubler = new Doubler(Set.of(1, 2, 3, 5, 8, 13, 21, 34, 55));

        RowBisection.run(rows(64), calls -> {
            most.accumulateAndGet(outstanding.incrementAndGet(), Math::max);
            return doubler.run(calls).whenComplete((run, error) -> outstanding.decrementAndGet());
        }).join();

        assertThat(most.get()).isEqualTo(1);
    }

    @Test
    void aCallThatFailsOutrightFailsTheAnswerAndEndsTheSearch() {
        Doubler doubler = new Doubler(Set.of(0, 9));
        List<Integer> sizes = new CopyOnWriteArrayList<>();

        CompletableFuture<List<Outcome>> answer = RowBisection.run(rows(16), calls -> {
            sizes.add(calls.size());
            return sizes.size() == 3 ? CompletableFuture.failedFuture(new IllegalStateException("the worker died"))
                    : doubler.run(calls);
        });

        assertThatThrownBy(answer::join).hasRootCauseMessage("the worker died");
        assertThat(sizes).hasSize(3);
    }

    @Test
    void cancellingTheAnswerCancelsTheCallStillRunning() {
        CompletableFuture<RowsRun> never = new CompletableFuture<>();

        CompletableFuture<List<Outcome>> answer = RowBisection.run(rows(10), rows -> never);
        answer.cancel(true);

        assertThat(never).isCancelled();
    }
}
