package dev.inferd.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import dev.inferd.bundle.BatchForm;
import dev.inferd.bundle.Batching;
import dev.inferd.error.BundleRejectedException;
import dev.inferd.error.RuntimeFailureException;
import dev.inferd.testing.Eventually;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link DynamicBatcher}: calls that come while the model's runs are taken wait and go together into
 * the next run, and each caller gets back exactly its own rows' outcomes, fails alone, and may give
 * up alone. The model here is a stand-in whose runs end when the test says, so that what overlaps
 * with what is up to the test, not to timing.
 */
class ConcurrentCallsAreMergedIntoOneRunTest {
    private static final BatchForm ROWS = new BatchForm(BatchForm.Shape.ROWS, List.of(), 1000);

    /** A model of whole batches that doubles each row's argument, once the test ends the run. */
    private static class HeldModel implements LoadedModel {
        final List<List<Integer>> runs = new CopyOnWriteArrayList<>();
        final List<CompletableFuture<List<Outcome>>> pending = new CopyOnWriteArrayList<>();
        private final int parallelism;
        private final int rowsPerCall;

        HeldModel(int parallelism, int rowsPerCall) {
            this.parallelism = parallelism;
            this.rowsPerCall = rowsPerCall;
        }

        @Override
        public CompletableFuture<List<Outcome>> predict(List<Call> calls) {
            runs.add(calls.stream().map(call -> call.arguments().get(0).intValue()).toList());
            CompletableFuture<List<Outcome>> run = new CompletableFuture<>();
            pending.add(run);
            return run;
        }

        /** Ends the {@code index}th run (from 0) with its values. */
        void end(int index) {
            pending.get(index).complete(runs.get(index).stream()
                    .<Outcome>map(value -> new Outcome.Success(IntNode.valueOf(2 * value)))
                    .toList());
        }

        void fail(int index, RuntimeException failure) {
            pending.get(index).completeExceptionally(failure);
        }

        boolean cancelled(int index) {
            return pending.get(index).isCancelled();
        }

        @Override
        public Arity arity() {
            return Arity.exactly(1);
        }

        @Override
        public int parallelism() {
            return parallelism;
        }

        @Override
        public OptionalInt rowsPerCall() {
            return OptionalInt.of(rowsPerCall);
        }

        @Override
        public void close() {
        }
    }

    /** Counts what the batcher reports. */
    private static final class CountingObserver implements DynamicBatcher.Observer {
        final List<Integer> runRows = new CopyOnWriteArrayList<>();
        final List<Long> waits = new CopyOnWriteArrayList<>();

        @Override
        public void ran(int rows) {
            runRows.add(rows);
        }

        @Override
        public void waited(long nanos) {
            waits.add(nanos);
        }
    }

    private static List<Call> rows(int... values) {
        return IntStream.of(values).mapToObj(value -> new Call(List.<JsonNode>of(IntNode.valueOf(value)))).toList();
    }

    private static List<Integer> valuesOf(CompletableFuture<List<Outcome>> answer) {
        List<Integer> values = new ArrayList<>();
        answer.join().forEach(outcome -> values.add(((Outcome.Success) outcome).value().intValue()));
        return values;
    }

    private static LoadedModel batcher(LoadedModel model, Batching batching, DynamicBatcher.Observer observer) {
        return DynamicBatcher.around(model, BatchForm.PER_ITEM, Optional.of(batching), () -> observer);
    }

    private static LoadedModel batcher(LoadedModel model, int maxBatchSize) {
        return batcher(model, new Batching(true, OptionalInt.of(maxBatchSize), 0), DynamicBatcher.Observer.NONE);
    }

    @Test
    void aCallToAnIdleModelRunsAtOnceAlone() {
        HeldModel model = new HeldModel(1, 1000);
        LoadedModel batching = batcher(model, 64);

        CompletableFuture<List<Outcome>> answer = batching.predict(rows(5));

        assertThat(model.runs).containsExactly(List.of(5));
        model.end(0);
        assertThat(valuesOf(answer)).containsExactly(10);
    }

    @Test
    void callsThatComeDuringARunGoTogetherIntoTheNextAndEachGetsItsOwnRows() {
        HeldModel model = new HeldModel(1, 1000);
        LoadedModel batching = batcher(model, 64);
        CompletableFuture<List<Outcome>> first = batching.predict(rows(1));
        CompletableFuture<List<Outcome>> second = batching.predict(rows(2, 3));
        CompletableFuture<List<Outcome>> third = batching.predict(rows(4));

        model.end(0);

        assertThat(model.runs).containsExactly(List.of(1), List.of(2, 3, 4));
        model.end(1);
        assertThat(valuesOf(first)).containsExactly(2);
        assertThat(valuesOf(second)).containsExactly(4, 6);
        assertThat(valuesOf(third)).containsExactly(8);
    }

    @Test
    void aMergedRunHoldsNoMoreThanMaxBatchSizeRowsAndTheRestWaitForTheNext() {
        HeldModel model = new HeldModel(1, 1000);
        LoadedModel batching = batcher(model, 4);
        batching.predict(rows(0));
        batching.predict(rows(1, 2));
        batching.predict(rows(3, 4));
        batching.predict(rows(5, 6));

        model.end(0);
        model.end(1);

        assertThat(model.runs).containsExactly(List.of(0), List.of(1, 2, 3, 4), List.of(5, 6));
    }

    @Test
    void theBatcherAsksThePipelineToCutBatchesIntoChunksOfMaxBatchSize() {
        assertThat(batcher(new HeldModel(1, 1000), 8).rowsPerCall()).hasValue(8);
    }

    @Test
    void aModelThatRunsTwoAtOnceStartsTwoCallsAtOnceAndMergesOnlyWhatComesAfter() {
        HeldModel model = new HeldModel(2, 1000);
        LoadedModel batching = batcher(model, 64);
        batching.predict(rows(1));
        batching.predict(rows(2));
        batching.predict(rows(3));
        batching.predict(rows(4));

        assertThat(model.runs).containsExactly(List.of(1), List.of(2));
        model.end(1);
        assertThat(model.runs).containsExactly(List.of(1), List.of(2), List.of(3, 4));
    }

    @Test
    void aDelayHoldsTheFirstCallBackSoThatOthersJoinIt() {
        HeldModel model = new HeldModel(1, 1000);
        LoadedModel batching = batcher(model, new Batching(true, OptionalInt.empty(), 300), DynamicBatcher.Observer.NONE);
        long started = System.nanoTime();
        CompletableFuture<List<Outcome>> first = batching.predict(rows(1));
        CompletableFuture<List<Outcome>> second = batching.predict(rows(2));

        assertThat(model.runs).isEmpty();
        Eventually.holds("the held run starts", Duration.ofSeconds(5), () -> !model.runs.isEmpty());
        assertThat(model.runs).containsExactly(List.of(1, 2));
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isGreaterThanOrEqualTo(290);
        model.end(0);
        assertThat(valuesOf(first)).containsExactly(2);
        assertThat(valuesOf(second)).containsExactly(4);
    }

    @Test
    void aFullBatchStartsWithoutWaitingForTheDelay() {
        HeldModel model = new HeldModel(1, 1000);
        LoadedModel batching = batcher(model, new Batching(true, OptionalInt.of(3), 10_000), DynamicBatcher.Observer.NONE);

        batching.predict(rows(1));
        batching.predict(rows(2, 3));

        assertThat(model.runs).containsExactly(List.of(1, 2, 3));
    }

    @Test
    void aCallCancelledWhileItWaitsLeavesTheQueue() {
        HeldModel model = new HeldModel(1, 1000);
        LoadedModel batching = batcher(model, 64);
        batching.predict(rows(1));
        CompletableFuture<List<Outcome>> givesUp = batching.predict(rows(2));
        batching.predict(rows(3));

        givesUp.cancel(true);
        model.end(0);

        assertThat(model.runs).containsExactly(List.of(1), List.of(3));
    }

    @Test
    void aCallWithdrawnWhileItWaitsLeavesTheQueueAsCancelled() {
        HeldModel model = new HeldModel(1, 1000);
        LoadedModel batching = batcher(model, 64);
        batching.predict(rows(1));
        CompletableFuture<List<Outcome>> hungUp = batching.predict(rows(2));
        batching.predict(rows(3));

        batching.withdraw(hungUp);
        model.end(0);

        assertThat(hungUp).isCancelled();
        assertThat(model.runs).containsExactly(List.of(1), List.of(3));
    }

    @Test
    void aCallWithdrawnOnceItsRunStartedIsLeftToEndWithItsRun() {
        HeldModel model = new HeldModel(1, 1000);
        LoadedModel batching = batcher(model, 64);
        CompletableFuture<List<Outcome>> hungUp = batching.predict(rows(1));

        batching.withdraw(hungUp);

        assertThat(model.cancelled(0)).isFalse();
        model.end(0);
        assertThat(valuesOf(hungUp)).containsExactly(2);
    }

    @Test
    void aCallerThatGivesUpDuringARunLeavesItRunningForTheOthers() {
        HeldModel model = new HeldModel(1, 1000);
        LoadedModel batching = batcher(model, 64);
        batching.predict(rows(1));
        CompletableFuture<List<Outcome>> timesOut = batching.predict(rows(2));
        CompletableFuture<List<Outcome>> waits = batching.predict(rows(3));
        model.end(0);

        timesOut.cancel(true);

        assertThat(model.cancelled(1)).isFalse();
        model.end(1);
        assertThat(valuesOf(waits)).containsExactly(6);
    }

    @Test
    void aRunIsStoppedWhenEveryCallerInItHasCancelled() {
        HeldModel model = new HeldModel(1, 1000);
        LoadedModel batching = batcher(model, 64);
        batching.predict(rows(1));
        CompletableFuture<List<Outcome>> second = batching.predict(rows(2));
        CompletableFuture<List<Outcome>> third = batching.predict(rows(3));
        model.end(0);

        second.cancel(true);
        third.cancel(true);

        assertThat(model.cancelled(1)).isTrue();
    }

    @Test
    void aMergedRunThatFailsOutrightIsRunAgainCallByCallSoOnlyTheCallToBlameFails() {
        HeldModel model = new HeldModel(1, 1000);
        LoadedModel batching = batcher(model, 64);
        batching.predict(rows(1));
        CompletableFuture<List<Outcome>> crashes = batching.predict(rows(2));
        CompletableFuture<List<Outcome>> mate = batching.predict(rows(3));
        model.end(0);
        CompletableFuture<List<Outcome>> later = batching.predict(rows(4));

        model.fail(1, new RuntimeFailureException("the worker died"));
        model.fail(2, new RuntimeFailureException("the worker died"));
        model.end(3);

        assertThatThrownBy(crashes::join).isInstanceOf(CompletionException.class).hasRootCauseMessage("the worker died");
        assertThat(valuesOf(mate)).containsExactly(6);
        assertThat(model.runs).containsExactly(List.of(1), List.of(2, 3), List.of(2), List.of(3), List.of(4));
        model.end(4);
        assertThat(valuesOf(later)).containsExactly(8);
    }

    @Test
    void aLoneCallThatFailsOutrightGetsTheFailure() {
        HeldModel model = new HeldModel(1, 1000);
        LoadedModel batching = batcher(model, 64);
        CompletableFuture<List<Outcome>> only = batching.predict(rows(1));

        model.fail(0, new RuntimeFailureException("the worker died"));

        assertThatThrownBy(only::join).hasRootCauseMessage("the worker died");
        assertThat(model.runs).hasSize(1);
    }

    @Test
    void runsThatEndOnTheCallingThreadDoNotPileUpOnTheStack() {
        AtomicBoolean refusing = new AtomicBoolean();
        HeldModel model = new HeldModel(1, 1000) {
            @Override
            public CompletableFuture<List<Outcome>> predict(List<Call> calls) {
                // A runtime that refuses on the calling thread, as a full queue does.
                return refusing.get() ? CompletableFuture.failedFuture(new IllegalStateException("the queue is full"))
                        : super.predict(calls);
            }
        };
        LoadedModel batching = batcher(model, 1);
        batching.predict(rows(0));
        List<CompletableFuture<List<Outcome>>> waiting = new ArrayList<>();
        for (int i = 1; i <= 20_000; i++) {
            waiting.add(batching.predict(rows(i)));
        }
        refusing.set(true);

        model.end(0);

        assertThat(waiting).allMatch(CompletableFuture::isCompletedExceptionally);
        refusing.set(false);
        CompletableFuture<List<Outcome>> later = batching.predict(rows(7));
        model.end(1);
        assertThat(valuesOf(later)).containsExactly(14);
    }

    @Test
    void theObserverHearsTheRowsOfEachRunAndTheWaitOfEachCall() {
        HeldModel model = new HeldModel(1, 1000);
        CountingObserver observer = new CountingObserver();
        LoadedModel batching = batcher(model, new Batching(true, OptionalInt.empty(), 0), observer);
        batching.predict(rows(1));
        batching.predict(rows(2, 3));
        batching.predict(rows(4));

        model.end(0);

        assertThat(observer.runRows).containsExactly(1, 3);
        assertThat(observer.waits).hasSize(3);
    }

    @Test
    void closingFailsTheCallsStillWaiting() {
        HeldModel model = new HeldModel(1, 1000);
        LoadedModel batching = batcher(model, 64);
        batching.predict(rows(1));
        CompletableFuture<List<Outcome>> waiting = batching.predict(rows(2));

        batching.close();

        assertThatThrownBy(waiting::join).hasRootCauseMessage("the version was unloaded before this call ran");
    }

    @Test
    void anOnnxModelMergesUpToSixtyFourRowsWhenTheManifestSaysNothing() {
        LoadedModel batching = DynamicBatcher.around(new HeldModel(1, 1000), BatchForm.PER_ITEM, Optional.empty(),
                () -> DynamicBatcher.Observer.NONE);

        assertThat(batching).isInstanceOf(DynamicBatcher.class);
        assertThat(batching.rowsPerCall()).hasValue(64);
    }

    @Test
    void aFunctionDeclaredBatchMergesUpToItsOwnBatchSizeUnlessTold() {
        assertThat(DynamicBatcher.around(new HeldModel(1, 1000), ROWS, Optional.empty(), () -> DynamicBatcher.Observer.NONE)
                .rowsPerCall()).hasValue(1000);
        assertThat(DynamicBatcher.around(new HeldModel(1, 1000), ROWS, Optional.of(Batching.DEFAULT), () -> DynamicBatcher.Observer.NONE)
                .rowsPerCall()).hasValue(1000);
        assertThat(DynamicBatcher.around(new HeldModel(1, 1000), ROWS, Optional.of(new Batching(true, OptionalInt.of(32), 0)),
                () -> DynamicBatcher.Observer.NONE).rowsPerCall()).hasValue(32);
    }

    @Test
    void batchingTrueOnAModelOfFewerRowsARunMergesUpToThatMany() {
        assertThat(DynamicBatcher.around(new HeldModel(1, 10), ROWS, Optional.of(Batching.DEFAULT), () -> DynamicBatcher.Observer.NONE)
                .rowsPerCall()).hasValue(10);
        assertThat(DynamicBatcher.around(new HeldModel(1, 1), BatchForm.PER_ITEM, Optional.of(Batching.DEFAULT),
                () -> DynamicBatcher.Observer.NONE).rowsPerCall()).hasValue(1);
    }

    @Test
    void batchingFalseLeavesTheModelAsItIs() {
        HeldModel model = new HeldModel(1, 1000);

        assertThat(DynamicBatcher.around(model, ROWS, Optional.of(Batching.OFF), () -> DynamicBatcher.Observer.NONE)).isSameAs(model);
    }

    @Test
    void batchingSettingsForAFunctionCalledOncePerItemAreRefused() {
        LoadedModel perItem = new HeldModel(1, 1000) {
            @Override
            public OptionalInt rowsPerCall() {
                return OptionalInt.empty();
            }
        };

        assertThat(DynamicBatcher.around(perItem, BatchForm.PER_ITEM, Optional.empty(), () -> DynamicBatcher.Observer.NONE))
                .isSameAs(perItem);
        assertThatThrownBy(() -> DynamicBatcher.around(perItem, BatchForm.PER_ITEM, Optional.of(Batching.DEFAULT),
                () -> DynamicBatcher.Observer.NONE))
                .isInstanceOf(BundleRejectedException.class)
                .hasMessageContaining("this main function is called once per item");
    }

    @Test
    void byDefaultAMergedRunHoldsNoMoreThanTheFunctionsBatchSize() {
        HeldModel model = new HeldModel(1, 2);
        LoadedModel batching = DynamicBatcher.around(model, BatchForm.PER_ITEM, Optional.empty(), () -> DynamicBatcher.Observer.NONE);
        batching.predict(rows(0));
        batching.predict(rows(1));
        batching.predict(rows(2));
        batching.predict(rows(3));

        model.end(0);

        assertThat(model.runs).containsExactly(List.of(0), List.of(1, 2));
    }

    @Test
    void aMaxBatchSizeBiggerThanOneRunTakesIsRefused() {
        HeldModel model = new HeldModel(1, 100);

        assertThatThrownBy(() -> DynamicBatcher.around(model, new BatchForm(BatchForm.Shape.ROWS, List.of(), 100),
                Optional.of(new Batching(true, OptionalInt.of(101), 0)), () -> DynamicBatcher.Observer.NONE))
                .isInstanceOf(BundleRejectedException.class)
                .hasMessage("batching.max_batch_size: 101 is more rows than one run of this model takes (100, its batch_size)");
    }
}
