package dev.inferd.invoke;

import dev.inferd.error.BadRequestException;
import dev.inferd.error.CallTimedOutException;
import dev.inferd.error.FunctionFailedException;
import dev.inferd.error.RuntimeFailureException;
import dev.inferd.runtime.Call;
import dev.inferd.runtime.LoadedModel;
import dev.inferd.runtime.Outcome;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Runs a request against a loaded version: reads {@code data} as a single call or a batch, cuts a
 * batch into chunks that the runtime runs in parallel, merges their outcomes in ID order, and gives
 * up with a timeout error when {@code timeout_seconds} passes.
 */
public final class InvocationService {
    private final ChunkPolicy chunkPolicy;
    private final Deadlines deadlines;

    public InvocationService(ChunkPolicy chunkPolicy, Deadlines deadlines) {
        this.chunkPolicy = chunkPolicy;
        this.deadlines = deadlines;
    }

    /**
     * Runs a planned request; failures, the timeout included, come through the future.
     *
     * @param callerGone completes when the caller has gone (its connection closed): the request's work
     *                   that waits to start is withdrawn ({@link LoadedModel#withdraw}); what runs goes
     *                   on under the timeout, and its answer is for nobody
     */
    public CompletableFuture<InvocationResult> invoke(LoadedModel model, CallPlan plan, Duration timeout,
                                                      CompletionStage<?> callerGone) {
        List<CompletableFuture<List<Outcome>>> running = new ArrayList<>();
        CompletableFuture<InvocationResult> result;
        if (plan instanceof CallPlan.Single single) {
            CompletableFuture<List<Outcome>> outcomes = model.predict(List.of(single.call()));
            running.add(outcomes);
            result = outcomes.thenApply(InvocationService::singleResult);
        } else {
            CallPlan.Batch batch = (CallPlan.Batch) plan;
            result = runChunks(model, batch, running, callerGone);
        }
        callerGone.thenRun(() -> running.forEach(model::withdraw));
        return withTimeout(result, timeout, running);
    }

    private CompletableFuture<InvocationResult> runChunks(LoadedModel model, CallPlan.Batch batch,
                                                          List<CompletableFuture<List<Outcome>>> running,
                                                          CompletionStage<?> callerGone) {
        List<Call> calls = batch.calls();
        if (calls.isEmpty()) {
            // Every item was refused: each has its error, and nothing is left to run.
            return CompletableFuture.completedFuture(new InvocationResult.BatchResult(batch.ids(), batch.outcomes(List.of())));
        }
        int size = calls.size();
        int chunks = chunkCount(model, size);
        for (int k = 0; k < chunks; k++) {
            // Sizes that differ by one at most: 2,500 calls in three chunks are 833, 833 and 834.
            int from = (int) ((long) size * k / chunks);
            int to = (int) ((long) size * (k + 1) / chunks);
            running.add(model.predict(calls.subList(from, to)));
        }
        // The first chunk to fail fails the request with its own error; the others' work would be
        // thrown away, so it is stopped, and their cancellations must not become the answer. Not so
        // when the caller has gone (a withdrawn chunk fails): invoke has withdrawn every chunk, and
        // the answer waits for every chunk to end, since until then the timeout must stop what runs.
        CompletableFuture<InvocationResult> merged = new CompletableFuture<>();
        CompletableFuture<?> gone = callerGone.toCompletableFuture();
        for (CompletableFuture<List<Outcome>> chunk : running) {
            chunk.whenComplete((outcomes, error) -> {
                if (error != null && !gone.isDone() && merged.completeExceptionally(error)) {
                    running.forEach(other -> other.cancel(true));
                }
            });
        }
        CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).whenComplete((ended, failure) -> {
            if (failure != null) {
                merged.completeExceptionally(failure);
                return;
            }
            List<Outcome> outcomes = new ArrayList<>(calls.size());
            for (CompletableFuture<List<Outcome>> chunk : running) {
                outcomes.addAll(chunk.join());
            }
            if (outcomes.size() != calls.size()) {
                merged.completeExceptionally(new RuntimeFailureException("the runtime answered " + outcomes.size()
                        + " outcomes for " + calls.size() + " calls"));
            } else {
                merged.complete(new InvocationResult.BatchResult(batch.ids(), batch.outcomes(outcomes)));
            }
        });
        return merged;
    }

    /**
     * A function that takes whole batches gets as few chunks as its batch size allows; the runtime's
     * queue spreads them over its workers. One called per item gets as many as the chunk policy says.
     */
    private int chunkCount(LoadedModel model, int calls) {
        OptionalInt rowsPerCall = model.rowsPerCall();
        if (rowsPerCall.isPresent()) {
            return (calls + rowsPerCall.getAsInt() - 1) / rowsPerCall.getAsInt();
        }
        if (model.prefersOneChunk(calls)) {
            return 1;
        }
        int chunkSize = chunkPolicy.chunkSize(calls, model.parallelism());
        return (calls + chunkSize - 1) / chunkSize;
    }

    private static InvocationResult singleResult(List<Outcome> outcomes) {
        if (outcomes.size() != 1) {
            throw new RuntimeFailureException("the runtime answered " + outcomes.size() + " outcomes for 1 call");
        }
        Outcome outcome = outcomes.get(0);
        if (outcome instanceof Outcome.Success success) {
            return new InvocationResult.SingleResult(success.value());
        }
        Outcome.Failure failure = (Outcome.Failure) outcome;
        if (failure.kind() == Outcome.FailureKind.BAD_ARGUMENTS) {
            throw new BadRequestException(failure.message());
        }
        throw new FunctionFailedException(failure.message());
    }

    /**
     * Fails with a {@link BadRequestException} when the call's arguments cannot be given to the main
     * function, so that what would be a 400 now is not accepted as an async job and failed later. Finding
     * out may run user code, so it is held to the call's timeout like the call itself.
     */
    public CompletableFuture<Void> checkArguments(LoadedModel model, Call call, Duration timeout) {
        CompletableFuture<Optional<String>> problem = model.argumentProblem(call);
        return withDeadline(problem, timeout, () -> "checking the arguments did not finish within " + timeout.toSeconds()
                + " s (timeout_seconds)", () -> problem.cancel(true))
                .thenAccept(found -> found.ifPresent(reason -> {
                    throw new BadRequestException(reason);
                }));
    }

    /**
     * Waits for a version that is still loading (the first call after a restart), for no longer than
     * the call's own timeout: a Python worker that never starts must not hold callers forever. The
     * shared load itself goes on for the calls that come later.
     */
    public CompletableFuture<LoadedModel> awaitLoad(CompletableFuture<LoadedModel> loading, Duration timeout) {
        return withDeadline(loading, timeout, () -> "the version was still loading after " + timeout.toSeconds()
                + " s (timeout_seconds); try again shortly", () -> { });
    }

    /**
     * The timer fails the answer and cancels the chunks still running, which tells runtimes to stop
     * them (interrupt a thread, kill a worker process, end an ONNX run, leave a merged run).
     */
    private CompletableFuture<InvocationResult> withTimeout(CompletableFuture<InvocationResult> result, Duration timeout,
                                                           List<CompletableFuture<List<Outcome>>> running) {
        return withDeadline(result, timeout, () -> "the call did not finish within " + timeout.toSeconds() + " s (timeout_seconds)",
                () -> running.forEach(chunk -> chunk.cancel(true)));
    }

    /**
     * {@code work}'s outcome, or a timeout once {@code timeout} has passed, after which {@code stop} runs.
     * The message is worded only for a call that times out, not for each of the many that do not.
     */
    private <T> CompletableFuture<T> withDeadline(CompletableFuture<T> work, Duration timeout, Supplier<String> timedOutMessage,
                                                  Runnable stop) {
        if (work.isDone()) {
            // Settled before it started (refused, say): there is nothing left to time out.
            return work;
        }
        CompletableFuture<T> answer = new CompletableFuture<>();
        Deadlines.Deadline deadline = deadlines.after(timeout, () -> {
            if (answer.completeExceptionally(new CallTimedOutException(timedOutMessage.get()))) {
                stop.run();
            }
        });
        work.whenComplete((value, error) -> {
            deadline.cancel();
            if (error == null) {
                answer.complete(value);
            } else {
                answer.completeExceptionally(error);
            }
        });
        return answer;
    }
}
