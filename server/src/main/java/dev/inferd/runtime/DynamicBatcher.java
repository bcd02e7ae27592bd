package dev.inferd.runtime;

import dev.inferd.bundle.Batching;
import dev.inferd.error.BundleRejectedException;
import dev.inferd.error.RuntimeFailureException;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Merges concurrent calls to a loaded version into one run of its model, for a model that takes
 * many rows in one run (an ONNX model, a function declared {@code batch:}); whatever the runtime, a
 * run is one {@link LoadedModel#predict} of the rows of several calls, and each caller gets back
 * exactly the outcomes of its own rows.
 *
 * <p>The model runs up to {@link LoadedModel#parallelism()} runs at once. A call that finds a run
 * free starts at once, alone: no call waits while the model is idle. Calls that come while every
 * run is taken wait, and go together into the next run that frees, up to {@code max_batch_size}
 * rows; {@code max_delay_ms} may hold the first of them back for that long so that more can join.
 * A call is never split: one bigger than {@code max_batch_size} (a chunk of a batch request, which
 * the pipeline already cut to the model's batch size) is a run of its own.
 *
 * <p>Each caller keeps its own fate. A row's bad input fails that row, and a run that raises is
 * searched row by row ({@link RowBisection}) inside the model, so batch-mates get their values. A
 * caller that gives up (its timeout, a closed connection) cancels its future: it leaves the queue if
 * it was waiting, and a run is stopped only when every caller in it has given up. Only a failure of
 * the runtime itself (a worker process that died) fails every caller in the run, as it fails every
 * row of a chunk without batching.
 */
public final class DynamicBatcher implements LoadedModel {

    /** What the batcher reports per run and per call, for the deployment's metrics. */
    public interface Observer {
        Observer NONE = new Observer() {
            @Override
            public void ran(int rows) {
            }

            @Override
            public void waited(long nanos) {
            }
        };

        /** A run of the model started with this many rows. */
        void ran(int rows);

        /** A call waited this long between reaching the batcher and starting its run (0 when the model was free). */
        void waited(long nanos);
    }

    private final LoadedModel model;
    private final int maxRows;
    private final long maxDelayNanos;
    private final int runs;
    private final ScheduledExecutorService timer;
    private final Observer observer;

    /** Guards everything below; never held while calling the model or completing a caller's future. */
    private final Object lock = new Object();
    private final ArrayDeque<Waiting> queue = new ArrayDeque<>();
    private int queuedRows;
    private int running;
    private boolean timerArmed;
    private boolean closed;

    /** A call: its rows, when it came, the future its caller holds, and the run it went into. */
    private static final class Waiting {
        final List<Call> calls;
        final long arrived;
        final CompletableFuture<List<Outcome>> answer = new CompletableFuture<>();
        Run run;

        Waiting(List<Call> calls, long arrived) {
            this.calls = calls;
            this.arrived = arrived;
        }
    }

    /** One run of the model over the rows of its callers, in their order. */
    private static final class Run {
        final List<Waiting> callers;
        /** Callers that have not given up. */
        int waiting;
        /** Null until the model was called. */
        CompletableFuture<List<Outcome>> outcomes;
        /** Set once the model answered, before the callers are: from then on their futures complete with their rows. */
        boolean finished;

        Run(List<Waiting> callers) {
            this.callers = callers;
            this.waiting = callers.size();
        }
    }

    private DynamicBatcher(LoadedModel model, Batching batching, ScheduledExecutorService timer, Observer observer) {
        this.model = model;
        this.maxRows = batching.maxBatchSize();
        this.maxDelayNanos = TimeUnit.MILLISECONDS.toNanos(batching.maxDelayMs());
        this.runs = Math.max(1, model.parallelism());
        this.timer = timer;
        this.observer = observer;
    }

    /**
     * {@code model} with batching as its manifest asks: wrapped when it takes whole batches and batching
     * is on (the default for such a model), as it is otherwise.
     *
     * @param written what the manifest's {@code batching:} says; empty when it says nothing
     * @throws BundleRejectedException when the manifest sets batching for a model that is called once per
     *                                 item, or a batch size bigger than one run of the model takes
     */
    public static LoadedModel around(LoadedModel model, Optional<Batching> written, ScheduledExecutorService timer,
                                     Observer observer) {
        Batching batching = written.orElse(Batching.DEFAULT);
        OptionalInt rowsPerCall = model.rowsPerCall();
        if (rowsPerCall.isEmpty()) {
            if (written.isPresent() && written.get().enabled()) {
                throw new BundleRejectedException("batching: merges calls into one run of a model that takes many rows at once;"
                        + " this main function is called once per item (declare batch: rows or batch: dataframe)");
            }
            return model;
        }
        if (!batching.enabled()) {
            return model;
        }
        if (batching.maxBatchSize() > rowsPerCall.getAsInt()) {
            if (written.isPresent()) {
                throw new BundleRejectedException("batching.max_batch_size: " + batching.maxBatchSize() + " is more rows than one run of"
                        + " this model takes (" + rowsPerCall.getAsInt() + ", its batch_size)");
            }
            // The default never makes a run bigger than the function's own batch_size allows.
            batching = new Batching(true, rowsPerCall.getAsInt(), batching.maxDelayMs());
        }
        return new DynamicBatcher(model, batching, timer, observer);
    }

    @Override
    public CompletableFuture<List<Outcome>> predict(List<Call> calls) {
        if (calls.isEmpty()) {
            return CompletableFuture.completedFuture(List.of());
        }
        Waiting call = new Waiting(calls, System.nanoTime());
        synchronized (lock) {
            if (closed) {
                return CompletableFuture.failedFuture(new RuntimeFailureException("the version was unloaded before this call ran"));
            }
            queue.add(call);
            queuedRows += calls.size();
        }
        // Completed by anyone but this batcher's run: the caller gave up.
        call.answer.whenComplete((outcomes, error) -> giveUp(call));
        startRuns();
        return call.answer;
    }

    /** Starts as many runs as are free, of what waits; or arms the timer when the delay holds them back. */
    private void startRuns() {
        List<Run> starting = new ArrayList<>(1);
        long delay = 0;
        synchronized (lock) {
            while (running < runs && !queue.isEmpty()) {
                if (maxDelayNanos > 0 && queuedRows < maxRows) {
                    long waited = System.nanoTime() - queue.peekFirst().arrived;
                    if (waited < maxDelayNanos) {
                        if (!timerArmed) {
                            timerArmed = true;
                            delay = maxDelayNanos - waited;
                        }
                        break;
                    }
                }
                starting.add(nextRun());
                running++;
            }
        }
        if (delay > 0) {
            armTimer(delay);
        }
        starting.forEach(this::start);
    }

    /** The calls at the head of the queue that fit in one run; the first always does. Called under the lock. */
    private Run nextRun() {
        List<Waiting> callers = new ArrayList<>();
        int rows = 0;
        while (!queue.isEmpty()) {
            Waiting next = queue.peekFirst();
            if (!callers.isEmpty() && rows + next.calls.size() > maxRows) {
                break;
            }
            queue.pollFirst();
            queuedRows -= next.calls.size();
            callers.add(next);
            rows += next.calls.size();
        }
        Run run = new Run(callers);
        callers.forEach(caller -> caller.run = run);
        return run;
    }

    private void armTimer(long delayNanos) {
        try {
            timer.schedule(() -> {
                synchronized (lock) {
                    timerArmed = false;
                }
                startRuns();
            }, delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException stopping) {
            // The server is stopping: what waits is failed by close().
            synchronized (lock) {
                timerArmed = false;
            }
        }
    }

    private void start(Run run) {
        long now = System.nanoTime();
        List<Call> rows;
        if (run.callers.size() == 1) {
            rows = run.callers.get(0).calls;
        } else {
            rows = new ArrayList<>();
            for (Waiting caller : run.callers) {
                rows.addAll(caller.calls);
            }
        }
        for (Waiting caller : run.callers) {
            observer.waited(now - caller.arrived);
        }
        observer.ran(rows.size());
        CompletableFuture<List<Outcome>> outcomes;
        try {
            outcomes = model.predict(rows);
        } catch (RuntimeException e) {
            outcomes = CompletableFuture.failedFuture(e);
        }
        boolean everyoneCancelled;
        synchronized (lock) {
            run.outcomes = outcomes;
            everyoneCancelled = run.waiting == 0 && run.callers.stream().allMatch(caller -> caller.answer.isCancelled());
        }
        if (everyoneCancelled) {
            outcomes.cancel(true);
        }
        outcomes.whenComplete((answered, failure) -> finished(run, rows.size(), answered, failure));
    }

    /** Frees the run for what waits first, then hands each caller its rows' outcomes. */
    private void finished(Run run, int rows, List<Outcome> outcomes, Throwable failure) {
        synchronized (lock) {
            running--;
            run.finished = true;
        }
        startRuns();
        if (failure == null && outcomes.size() != rows) {
            failure = new RuntimeFailureException("the runtime answered " + outcomes.size() + " outcomes for " + rows + " calls");
        }
        int from = 0;
        for (Waiting caller : run.callers) {
            int to = from + caller.calls.size();
            if (failure == null) {
                caller.answer.complete(outcomes.subList(from, to));
            } else {
                caller.answer.completeExceptionally(failure);
            }
            from = to;
        }
    }

    /**
     * A caller gave up its call (cancelled it, or completed it as withdrawn): out of the queue if it
     * still waits; out of its run if that started, which goes on for the others. A run whose every
     * caller has gone is stopped if the last of them cancelled (a timeout), and left to end otherwise.
     */
    private void giveUp(Waiting call) {
        CompletableFuture<List<Outcome>> stop = null;
        synchronized (lock) {
            Run run = call.run;
            if (run == null) {
                if (queue.remove(call)) {
                    queuedRows -= call.calls.size();
                }
            } else if (!run.finished && --run.waiting == 0 && call.answer.isCancelled()) {
                stop = run.outcomes;
            }
        }
        if (stop != null) {
            stop.cancel(true);
        }
    }

    @Override
    public Arity arity() {
        return model.arity();
    }

    @Override
    public int parallelism() {
        return model.parallelism();
    }

    @Override
    public OptionalInt rowsPerCall() {
        return model.rowsPerCall();
    }

    @Override
    public boolean prefersOneChunk(int calls) {
        return model.prefersOneChunk(calls);
    }

    @Override
    public CompletableFuture<Optional<String>> argumentProblem(Call call) {
        return model.argumentProblem(call);
    }

    @Override
    public Optional<ModelSignature> signature() {
        return model.signature();
    }

    @Override
    public Optional<String> problem() {
        return model.problem();
    }

    /** Fails the calls still waiting (the server is stopping), then closes the model. */
    @Override
    public void close() {
        List<Waiting> abandoned;
        synchronized (lock) {
            closed = true;
            abandoned = new ArrayList<>(queue);
            queue.clear();
            queuedRows = 0;
        }
        abandoned.forEach(call -> call.answer.completeExceptionally(
                new RuntimeFailureException("the version was unloaded before this call ran")));
        model.close();
    }
}
