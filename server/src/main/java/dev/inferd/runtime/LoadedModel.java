package dev.inferd.runtime;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One deployment version, ready to run. Batch-first: a single call is a list of one. The returned
 * outcomes are in the order of the calls. The caller may be an event loop, so implementations run
 * user code on their own executor or worker processes, except for calls they have measured to be
 * quick ({@link #runsOnCallingThread}), which cost less to run at once than to hand over.
 * A future that fails (rather than holding {@link Outcome.Failure}s) means the runtime itself failed,
 * and cancelling it asks the runtime to stop the calls.
 */
public interface LoadedModel extends AutoCloseable {

    Arity arity();

    /** How many chunks this version can usefully run at once (threads, worker processes). */
    int parallelism();

    CompletableFuture<List<Outcome>> predict(List<Call> calls);

    /**
     * Whether {@code calls} calls would run on the caller's thread, finished before
     * {@link #predict} returns, because this version's calls are known to take microseconds. A
     * batch that would is run as one chunk: cutting it up would only add hand-offs.
     */
    default boolean runsOnCallingThread(int calls) {
        return false;
    }

    /**
     * Why a call's arguments cannot be given to the main function, found without running it, for
     * runtimes that can tell; empty when they fit or the runtime cannot tell before running.
     */
    default Optional<String> argumentProblem(Call call) {
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
