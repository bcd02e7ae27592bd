package dev.inferd.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs a chunk of calls through a main function that takes them all in one call, keeping the batch
 * contract that each item succeeds or fails on its own. When the call raises, nothing says which
 * rows were to blame, so the chunk is cut in halves and each half called again, down to single
 * rows: the rows that work get their values, and each row that fails on its own gets the error it
 * raised alone. The halves run one after the other, so a chunk's search has one call waiting or
 * running at a time however many rows fail, and a batch of many chunks cannot flood the runtime's
 * queue with its searches.
 *
 * <p>The price is more calls, only when something raised: a chunk of n rows of which k fail costs
 * at most 1 + 2k⌈log2 n⌉ calls (21 for one bad row among 1,000), and one whose every row fails
 * costs 2n − 1. The call's timeout covers the whole search; cancelling the answer, or a call that
 * fails outright (a worker that died), ends the search and cancels the call still running.
 */
public final class RowBisection {

    /** One call of the main function over some rows. */
    @FunctionalInterface
    public interface RowsCall {
        CompletableFuture<RowsRun> run(List<Call> rows);
    }

    private final RowsCall function;
    private final Set<CompletableFuture<RowsRun>> running = ConcurrentHashMap.newKeySet();
    private volatile boolean cancelled;

    private RowBisection(RowsCall function) {
        this.function = function;
    }

    /** The outcome of every call, in order, found with as few calls of {@code function} as the failures allow. */
    public static CompletableFuture<List<Outcome>> run(List<Call> calls, RowsCall function) {
        RowBisection search = new RowBisection(function);
        CompletableFuture<List<Outcome>> answer = new CompletableFuture<>();
        search.outcomesOf(calls).whenComplete((outcomes, error) -> {
            if (error == null) {
                answer.complete(outcomes);
            } else {
                answer.completeExceptionally(error);
            }
        });
        answer.whenComplete((outcomes, error) -> {
            if (error != null) {
                search.cancel();
            }
        });
        return answer;
    }

    private CompletableFuture<List<Outcome>> outcomesOf(List<Call> rows) {
        return call(rows).thenCompose(run -> {
            if (run instanceof RowsRun.Ran ran) {
                return CompletableFuture.completedFuture(ran.outcomes());
            }
            String raised = ((RowsRun.Raised) run).message();
            if (rows.size() == 1) {
                return CompletableFuture.completedFuture(List.of(new Outcome.Failure(Outcome.FailureKind.FUNCTION_RAISED, raised)));
            }
            int middle = rows.size() / 2;
            return outcomesOf(rows.subList(0, middle)).thenCompose(first ->
                    outcomesOf(rows.subList(middle, rows.size())).thenApply(second -> {
                        List<Outcome> both = new ArrayList<>(first.size() + second.size());
                        both.addAll(first);
                        both.addAll(second);
                        return both;
                    }));
        });
    }

    private CompletableFuture<RowsRun> call(List<Call> rows) {
        if (cancelled) {
            return CompletableFuture.failedFuture(new CancellationException("the call was cancelled"));
        }
        CompletableFuture<RowsRun> run = function.run(rows);
        running.add(run);
        run.whenComplete((result, error) -> running.remove(run));
        if (cancelled) {
            // cancel() may have looked at the running calls before this one was among them.
            run.cancel(true);
        }
        return run;
    }

    private void cancel() {
        cancelled = true;
        running.forEach(run -> run.cancel(true));
    }
}
