package dev.inferd.runtime;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;

/**
 * One deployment version, ready to run. Batch-first: a single call is a list of one. The returned
 * outcomes are in the order of the calls. The caller may be an event loop, so implementations never
 * run user code on the calling thread, however quick it has been: they hand it to their own threads
 * or worker processes, where a timeout can stop it and no connection waits for it.
 * A future that fails (rather than holding {@link Outcome.Failure}s) means the runtime itself failed,
 * and cancelling it asks the runtime to stop the calls.
 */
public interface LoadedModel extends AutoCloseable {

    Arity arity();

    /** How many chunks this version can usefully run at once (threads, worker processes). */
    int parallelism();

    CompletableFuture<List<Outcome>> predict(List<Call> calls);

    /**
     * For a main function that takes a whole batch in one call ({@code batch: rows} or
     * {@code batch: dataframe}), the most calls one call of it takes: a bigger batch is cut into
     * chunks of at most this many. Empty when the function is called once per item.
     */
    default OptionalInt rowsPerCall() {
        return OptionalInt.empty();
    }

    /**
     * Whether {@code calls} calls are known to take so little time (microseconds each) that they are
     * best run as one chunk: cutting them up would only add hand-offs.
     */
    default boolean prefersOneChunk(int calls) {
        return false;
    }

    /**
     * Why a call's arguments cannot be given to the main function, found without running it, for
     * runtimes that can tell; empty when they fit or the runtime cannot tell before running. A future,
     * because finding out may run user code (a Java record's constructor), which belongs where calls run.
     */
    default CompletableFuture<Optional<String>> argumentProblem(Call call) {
        return CompletableFuture.completedFuture(Optional.empty());
    }

    /**
     * The caller of the calls {@code predict} answers with {@code answer} has gone (its connection
     * closed): work of theirs that waits to start may be dropped, which completes {@code answer} as
     * cancelled. Work already running is left to end, or to be stopped by its timeout: stopping it
     * can cost far more than letting it finish (a Python worker killed and started again). By
     * default nothing waits outside the runtime's own queue, and nothing is dropped.
     */
    default void withdraw(CompletableFuture<List<Outcome>> answer) {
    }

    /** The inputs and outputs the model declares, for runtimes whose models declare them; empty otherwise. */
    default Optional<ModelSignature> signature() {
        return Optional.empty();
    }

    /** What keeps this version from serving, for the health report: empty while it is fine. */
    default Optional<String> problem() {
        return Optional.empty();
    }

    /** Releases what the version holds (class loaders, worker processes). Idempotent. */
    @Override
    void close();
}
