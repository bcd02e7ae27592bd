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
import java.util.concurrent.CompletableFuture;

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

    /** Runs a request: reads its data by the function's arity, then runs it. */
    public CompletableFuture<InvocationResult> invoke(LoadedModel model, InferenceRequest request) {
        return invoke(model, CallPlan.of(request.data(), request.batchMode(), model.arity()), request.timeout());
    }

    /** Runs a planned request; failures, the timeout included, come through the future. */
    public CompletableFuture<InvocationResult> invoke(LoadedModel model, CallPlan plan, Duration timeout) {
        List<CompletableFuture<List<Outcome>>> running = new ArrayList<>();
        CompletableFuture<InvocationResult> result;
        if (plan instanceof CallPlan.Single single) {
            CompletableFuture<List<Outcome>> outcomes = model.predict(List.of(single.call()));
            running.add(outcomes);
            result = outcomes.thenApply(InvocationService::singleResult);
        } else {
            CallPlan.Batch batch = (CallPlan.Batch) plan;
            result = runChunks(model, batch, running);
        }
        return withTimeout(result, timeout, running);
    }

    private CompletableFuture<InvocationResult> runChunks(LoadedModel model, CallPlan.Batch batch,
                                                          List<CompletableFuture<List<Outcome>>> running) {
        List<Call> calls = batch.calls();
        int chunkSize = chunkPolicy.chunkSize(calls.size(), model.parallelism());
        for (int start = 0; start < calls.size(); start += chunkSize) {
            List<Call> chunk = calls.subList(start, Math.min(calls.size(), start + chunkSize));
            running.add(model.predict(chunk));
        }
        // One chunk failing fails the request; the others' work would be thrown away, so stop it.
        for (CompletableFuture<List<Outcome>> chunk : running) {
            chunk.whenComplete((outcomes, error) -> {
                if (error != null) {
                    running.forEach(other -> other.cancel(true));
                }
            });
        }
        return CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).thenApply(done -> {
            List<Outcome> outcomes = new ArrayList<>(calls.size());
            for (CompletableFuture<List<Outcome>> chunk : running) {
                outcomes.addAll(chunk.join());
            }
            if (outcomes.size() != calls.size()) {
                throw new RuntimeFailureException("the runtime answered " + outcomes.size() + " outcomes for "
                        + calls.size() + " calls");
            }
            return new InvocationResult.BatchResult(batch.ids(), outcomes);
        });
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
     * The timer fails the answer and cancels the chunks still running, which tells runtimes to stop
     * them (interrupt a thread, kill a worker process).
     */
    private CompletableFuture<InvocationResult> withTimeout(CompletableFuture<InvocationResult> result, Duration timeout,
                                                           List<CompletableFuture<List<Outcome>>> running) {
        CompletableFuture<InvocationResult> answer = new CompletableFuture<>();
        Deadlines.Deadline deadline = deadlines.after(timeout, () -> {
            if (answer.completeExceptionally(new CallTimedOutException(
                    "the call did not finish within " + timeout.toSeconds() + " s (timeout_seconds)"))) {
                running.forEach(chunk -> chunk.cancel(true));
            }
        });
        result.whenComplete((value, error) -> {
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
