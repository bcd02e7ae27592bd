package dev.inferd.runtime;

import dev.inferd.bundle.BatchForm;
import dev.inferd.bundle.Batching;
import dev.inferd.error.BundleRejectedException;
import dev.inferd.error.ErrorAnswer;
import dev.inferd.error.RuntimeFailureException;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Merges concurrent calls to a loaded version into one run of its model, for a model that takes
 * many rows in one run (an ONNX model, a function declared {@code batch:}); whatever the runtime, a
 * run is one {@link LoadedModel#predict} of the rows of several calls, and each caller gets back
 * exactly the outcomes of its own rows.
 *
 * <p>The model runs up to {@link LoadedModel#parallelism()} runs at once. With no delay, a call that
 * finds a run free starts at once, alone: no call waits while the model is idle. Calls that come
 * while every run is taken wait, and go together into the next run that frees, in the order they
 * came, up to {@code max_batch_size} rows. With {@code max_delay_ms}, a run that is not full waits
 * until its first call has waited that long, idle model or not: that is what the delay is for. A
 * call is never split here: this batcher reports {@code max_batch_size} as its {@link #rowsPerCall()},
 * so the pipeline has already cut a bigger batch into chunks that size.
 *
 * <p>Each caller keeps its own fate. A row's bad input fails that row, and a run that raises is
 * searched row by row ({@link RowBisection}) inside the model, so batch-mates get their values. A
 * caller whose timeout passes (cancels) leaves the queue if it was waiting; a run it is in goes on
 * for the others and is stopped once every caller in it has timed out. A caller whose connection
 * closed is {@linkplain #withdraw withdrawn}: out of the queue, but a run it is in is not stopped. A run of several calls that fails outright (a worker process that died, which may be one row's
 * doing) is run again call by call, so that only the calls that fail alone get the failure.
 */
public final class DynamicBatcher extends ForwardingModel {

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

        /** A call waited this long between reaching the batcher and starting its run (0 when a run was free). */
        void waited(long nanos);
    }

    private final int maxRows;
    private final long maxDelayNanos;
    private final int runs;
    private final Observer observer;

    /** Guards everything below; never held while calling the model or completing a caller's future. */
    private final Object lock = new Object();
    private final ArrayDeque<Waiting> queue = new ArrayDeque<>();
    private int queuedRows;
    private int running;
    private boolean delayArmed;
    /** One thread at a time starts runs; another that finds work for it leaves a note instead of recursing. */
    private boolean starting;
    private boolean startAgain;
    private boolean closed;

    /** A call: its rows, when it came, the future its caller holds, and the run it went into. */
    private final class Waiting {
        final List<Call> calls;
        final long arrived;
        final Answer answer = new Answer(this);
        Run run;
        /** Runs alone: it was in a merged run that failed outright. */
        boolean alone;

        Waiting(List<Call> calls, long arrived) {
            this.calls = calls;
            this.arrived = arrived;
        }

        DynamicBatcher owner() {
            return DynamicBatcher.this;
        }
    }

    /** The future a caller holds, which knows its call, so that {@link #withdraw} can find it in the queue. */
    private static final class Answer extends CompletableFuture<List<Outcome>> {
        final Waiting call;

        Answer(Waiting call) {
            this.call = call;
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

    private DynamicBatcher(LoadedModel model, int maxRows, int maxDelayMs, Observer observer) {
        super(model);
        this.maxRows = maxRows;
        this.maxDelayNanos = TimeUnit.MILLISECONDS.toNanos(maxDelayMs);
        this.runs = Math.max(1, model.parallelism());
        this.observer = observer;
    }

    /**
     * {@code model} with batching as its manifest asks: wrapped when it takes whole batches and batching
     * is on (the default for such a model), as it is otherwise.
     *
     * @param form      how the main function takes a batch: a function declared {@code batch:} merges up to
     *                  its own {@code batch_size} unless told; any other model that takes many rows a run
     *                  (an ONNX model) up to {@link Batching#DEFAULT_MAX_BATCH_SIZE}
     * @param written   what the manifest's {@code batching:} says; empty when it says nothing
     * @param observers the deployment's batching metrics, asked for only when the model is batched
     * @throws BundleRejectedException when the manifest sets batching for a model that is called once per
     *                                 item, or a batch size bigger than one run of the model takes
     */
    public static LoadedModel around(LoadedModel model, BatchForm form, Optional<Batching> written, Supplier<Observer> observers) {
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
        int mostPerRun = rowsPerCall.getAsInt();
        OptionalInt asked = batching.maxBatchSize();
        if (asked.isPresent() && asked.getAsInt() > mostPerRun) {
            throw new BundleRejectedException("batching.max_batch_size: " + asked.getAsInt() + " is more rows than one run of this model"
                    + " takes (" + mostPerRun + (form.takesWholeBatches() ? ", its batch_size)" : ")"));
        }
        int maxRows = asked.orElse(form.takesWholeBatches() ? mostPerRun : Math.min(Batching.DEFAULT_MAX_BATCH_SIZE, mostPerRun));
        return new DynamicBatcher(model, maxRows, batching.maxDelayMs(), observers.get());
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
        call.answer.whenComplete((outcomes, error) -> {
            if (call.answer.isCancelled()) {
                giveUp(call);
            }
        });
        startRuns();
        return call.answer;
    }

    /**
     * Starts as many runs as are free, of what waits, or arms the delay. Runs that end at once (a
     * runtime that refuses on the calling thread) come back here; they leave a note for the loop
     * below rather than recurse, so a long queue cannot overflow the stack.
     */
    private void startRuns() {
        synchronized (lock) {
            if (starting) {
                startAgain = true;
                return;
            }
            starting = true;
        }
        while (true) {
            List<Run> ready = new ArrayList<>(1);
            long delay = 0;
            synchronized (lock) {
                while (running < runs && !queue.isEmpty()) {
                    if (maxDelayNanos > 0 && queuedRows < maxRows && !queue.peekFirst().alone) {
                        long waited = System.nanoTime() - queue.peekFirst().arrived;
                        if (waited < maxDelayNanos) {
                            if (!delayArmed) {
                                delayArmed = true;
                                delay = maxDelayNanos - waited;
                            }
                            break;
                        }
                    }
                    ready.add(nextRun());
                    running++;
                }
            }
            if (delay > 0) {
                // Not on a timer thread: starting a Python run writes its rows to a worker.
                CompletableFuture.delayedExecutor(delay, TimeUnit.NANOSECONDS).execute(() -> {
                    synchronized (lock) {
                        delayArmed = false;
                    }
                    startRuns();
                });
            }
            try {
                ready.forEach(this::start);
            } catch (RuntimeException | Error e) {
                // Never expected (start catches what the model throws), but a flag left set would wedge the version.
                synchronized (lock) {
                    starting = false;
                }
                throw e;
            }
            synchronized (lock) {
                if (!startAgain) {
                    starting = false;
                    return;
                }
                startAgain = false;
            }
        }
    }

    /** The calls at the head of the queue that fit in one run; the first always does. Called under the lock. */
    private Run nextRun() {
        List<Waiting> callers = new ArrayList<>();
        int rows = 0;
        while (!queue.isEmpty()) {
            Waiting next = queue.peekFirst();
            if (!callers.isEmpty() && (rows + next.calls.size() > maxRows || next.alone || callers.get(0).alone)) {
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
        boolean everyoneGaveUp;
        synchronized (lock) {
            run.outcomes = outcomes;
            everyoneGaveUp = run.waiting == 0;
        }
        if (everyoneGaveUp) {
            outcomes.cancel(true);
        }
        outcomes.whenComplete((answered, failure) -> finished(run, rows.size(), answered, failure));
    }

    /** Frees the run for what waits first, then hands each caller its rows' outcomes. */
    private void finished(Run run, int rows, List<Outcome> outcomes, Throwable failure) {
        boolean again = ErrorAnswer.unwrap(failure) instanceof RuntimeFailureException && run.callers.size() > 1;
        synchronized (lock) {
            running--;
            run.finished = true;
            if (again) {
                // Back to the head of the queue, in their order, each to run alone.
                for (int i = run.callers.size() - 1; i >= 0; i--) {
                    Waiting caller = run.callers.get(i);
                    if (!caller.answer.isDone()) {
                        caller.run = null;
                        caller.alone = true;
                        queue.addFirst(caller);
                        queuedRows += caller.calls.size();
                    }
                }
            }
        }
        startRuns();
        if (again) {
            return;
        }
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

    /** Takes a call that has not gone into a run out of the queue; false when it is not there. Called under the lock. */
    private boolean leaveQueue(Waiting call) {
        if (call.run != null || !queue.remove(call)) {
            return false;
        }
        queuedRows -= call.calls.size();
        return true;
    }

    /** A caller that has gone leaves the queue if its call still waits; a run it is in is left alone. */
    @Override
    public void withdraw(CompletableFuture<List<Outcome>> answer) {
        if (!(answer instanceof Answer mine) || mine.call.owner() != this) {
            return;
        }
        boolean dropped;
        synchronized (lock) {
            dropped = leaveQueue(mine.call);
        }
        if (dropped) {
            mine.cancel(true);
        }
    }

    /**
     * A caller cancelled its call (its timeout passed): out of the queue if it still waits; out of its
     * run if that started, which goes on for the others and is stopped once none is left.
     */
    private void giveUp(Waiting call) {
        CompletableFuture<List<Outcome>> stop = null;
        synchronized (lock) {
            Run run = call.run;
            if (run == null) {
                leaveQueue(call);
            } else if (!run.finished && --run.waiting == 0) {
                stop = run.outcomes;
            }
        }
        if (stop != null) {
            stop.cancel(true);
        }
    }

    /** A bigger batch is cut into chunks of {@code max_batch_size} rows, each at most one run. */
    @Override
    public OptionalInt rowsPerCall() {
        return OptionalInt.of(maxRows);
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
