package dev.inferd.registry;

import dev.inferd.error.VersionDeletedException;
import dev.inferd.runtime.Call;
import dev.inferd.runtime.ForwardingModel;
import dev.inferd.runtime.LoadedModel;
import dev.inferd.runtime.Outcome;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A loaded version that can be retired while calls run on it. Calls that reached it before it was
 * retired finish as if nothing happened; calls that come later are refused with 410; the runtime's
 * model is closed when the last running call has ended. Without this, deleting a version killed
 * the worker processes under its running calls, and their callers read a 502 blaming the
 * out-of-memory killer.
 */
final class DrainingModel extends ForwardingModel {
    /** The low bit of {@link #state}: set once retired, never cleared. */
    private static final int RETIRED = 1;
    /** What one running call adds to {@link #state}. */
    private static final int ONE_CALL = 2;

    private final String label;
    private final String contentHash;
    /** Closes the model after its last call, off that call's thread: a Python pool waits for its workers to stop. */
    private final Executor closer;
    /** Twice the number of running calls, plus {@link #RETIRED}: one word, so entering and retiring cannot cross. */
    private final AtomicInteger state = new AtomicInteger();

    DrainingModel(LoadedModel model, DeploymentVersion version, Executor closer) {
        super(model);
        this.closer = closer;
        this.label = version.label();
        this.contentHash = version.contentHash();
    }

    /** The content of the bundle this model runs, whose unpacked files it may read until it is closed. */
    String contentHash() {
        return contentHash;
    }

    /** Whether the model is closed: retired with no call left running, or closed at once. */
    boolean closed() {
        return state.get() == RETIRED;
    }

    @Override
    public CompletableFuture<List<Outcome>> predict(List<Call> calls) {
        return whileEntered(() -> model.predict(calls));
    }

    @Override
    public CompletableFuture<Optional<String>> argumentProblem(Call call) {
        return whileEntered(() -> model.argumentProblem(call));
    }

    /**
     * Runs {@code work} as one running call. The runtime's own future is handed back, not a stage
     * after it, so that cancelling it still reaches the runtime.
     */
    private <T> CompletableFuture<T> whileEntered(Supplier<CompletableFuture<T>> work) {
        if (!enter()) {
            return CompletableFuture.failedFuture(new VersionDeletedException(
                    "version " + label + " was deleted before this call reached it"));
        }
        CompletableFuture<T> running;
        try {
            running = work.get();
        } catch (RuntimeException | Error e) {
            // A call that never started must not stay counted, or a retired model is never closed.
            leave();
            throw e;
        }
        running.whenComplete((value, error) -> leave());
        return running;
    }

    private boolean enter() {
        while (true) {
            int seen = state.get();
            if ((seen & RETIRED) != 0) {
                return false;
            }
            if (state.compareAndSet(seen, seen + ONE_CALL)) {
                return true;
            }
        }
    }

    private void leave() {
        if (state.addAndGet(-ONE_CALL) == RETIRED) {
            // The last running call of a retired model: no other thread can get here for it. The
            // thread is whichever ended the call, perhaps the timer that ends every call on time.
            try {
                closer.execute(model::close);
            } catch (RejectedExecutionException stopping) {
                model.close();
            }
        }
    }

    /** Refuses calls from now on and closes the model once the calls running on it have ended. */
    void retire() {
        if (state.getAndUpdate(seen -> seen | RETIRED) == 0) {
            model.close();
        }
    }

    /** Closes the model now, running calls or not: the server is stopping. */
    @Override
    public void close() {
        state.set(RETIRED);
        model.close();
    }
}
