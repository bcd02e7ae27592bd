package dev.inferd.runtime.python;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.inferd.error.BundleRejectedException;
import dev.inferd.error.OverloadedException;
import dev.inferd.error.RuntimeFailureException;
import dev.inferd.runtime.Arity;
import dev.inferd.runtime.Call;
import dev.inferd.runtime.LoadedModel;
import dev.inferd.runtime.Outcome;
import dev.inferd.runtime.RowBisection;
import dev.inferd.runtime.RowsRun;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The worker processes of one loaded Python version. Each chunk goes to an idle worker or waits
 * for one. A worker that dies fails only the chunk it was running and is replaced, after a delay
 * that grows while deaths repeat; a version whose workers keep dying at start is reported as
 * crash-looping and refuses calls instead of queueing them behind a restart loop.
 */
final class PythonWorkerPool implements LoadedModel {
    private static final Logger log = LoggerFactory.getLogger(PythonWorkerPool.class);
    private static final Duration FIRST_RETRY = Duration.ofMillis(250);
    private static final Duration LONGEST_RETRY = Duration.ofSeconds(30);
    /** Failed starts in a row, with no worker alive, after which the version counts as crash-looping. */
    private static final int CRASH_LOOP_STARTS = 3;
    /**
     * A backstop, not the limit callers meet: admission control bounds the items a version has in
     * flight (200,000 unless configured), and a chunk holds at least one. It must not refuse what was
     * admitted: a function that takes whole batches with a small batch_size makes a chunk of a few items.
     */
    private static final int MAX_WAITING_CHUNKS = 1_000_000;
    private static final long STOP_GRACE_MILLIS = 2_000;

    private final WorkerLaunch launch;
    private final int size;
    private final ObjectMapper json;
    private final ScheduledExecutorService restarts;
    private final Runnable onRestart;
    private final Arity arity;

    private final Object lock = new Object();
    private final List<PythonWorker> workers = new ArrayList<>();
    private final Deque<PythonWorker> idle = new ArrayDeque<>();
    private final Map<PythonWorker, Chunk> running = new HashMap<>();
    private final Deque<Chunk> waiting = new ArrayDeque<>();
    private int workerNumbers;
    /** Unplanned deaths since a worker last finished a chunk; sets the delay before the next start. */
    private int deathsInARow;
    /** Workers in a row that died before they were ready. */
    private int failedStartsInARow;
    private String crashLoop;
    /** False until the first worker is ready; until then a death fails the load instead of restarting. */
    private boolean loaded;
    private boolean closed;

    private record Chunk(List<Call> calls, CompletableFuture<RowsRun> result) {
    }

    /**
     * Starts the first worker and waits until it has imported the bundle, so that a broken bundle
     * fails its deploy; the other workers are started by {@code spareWorkerStarts}.
     *
     * @throws BundleRejectedException with Python's message when the bundle cannot be loaded
     */
    PythonWorkerPool(WorkerLaunch launch, int size, ObjectMapper json, ScheduledExecutorService restarts,
                     Executor spareWorkerStarts, Runnable onRestart) {
        this.launch = launch;
        this.size = size;
        this.json = json;
        this.restarts = restarts;
        this.onRestart = onRestart;
        PythonWorker first = startWorker();
        try {
            Arity signature = first.ready().get(launch.startTimeout().toMillis(), TimeUnit.MILLISECONDS);
            // A function that takes whole batches has one parameter, the rows; what an item holds is the manifest's to say.
            this.arity = launch.batch().takesWholeBatches() ? WorkerLaunch.arityOfRows(launch.batch().columns()) : signature;
        } catch (ExecutionException e) {
            close();
            throw e.getCause() instanceof BundleRejectedException rejected
                    ? rejected : new BundleRejectedException(String.valueOf(e.getCause().getMessage()));
        } catch (TimeoutException e) {
            close();
            throw new BundleRejectedException("importing " + launch.source() + " took longer than "
                    + launch.startTimeout().toSeconds() + " s");
        } catch (InterruptedException e) {
            close();
            Thread.currentThread().interrupt();
            throw new BundleRejectedException("interrupted while importing " + launch.source());
        }
        synchronized (lock) {
            loaded = true;
        }
        becameReady(first);
        for (int i = 1; i < size; i++) {
            spareWorkerStarts.execute(this::startAndAdmit);
        }
    }

    @Override
    public Arity arity() {
        return arity;
    }

    @Override
    public int parallelism() {
        return size;
    }

    @Override
    public OptionalInt rowsPerCall() {
        return launch.batch().takesWholeBatches() ? OptionalInt.of(launch.batch().batchSize()) : OptionalInt.empty();
    }

    @Override
    public CompletableFuture<List<Outcome>> predict(List<Call> calls) {
        if (launch.batch().takesWholeBatches()) {
            return RowBisection.run(calls, this::runOnAWorker);
        }
        CompletableFuture<RowsRun> run = runOnAWorker(calls);
        CompletableFuture<List<Outcome>> outcomes = run.thenApply(result -> {
            if (result instanceof RowsRun.Ran ran) {
                return ran.outcomes();
            }
            throw new RuntimeFailureException("the Python worker answered a chunk of calls as if it took whole batches");
        });
        // Cancelling the answer (a timeout) must reach the chunk: that stops the worker running it.
        outcomes.whenComplete((value, error) -> {
            if (outcomes.isCancelled()) {
                run.cancel(true);
            }
        });
        return outcomes;
    }

    /** Runs the calls as one chunk on the next idle worker; cancelling the future drops it or kills its worker. */
    private CompletableFuture<RowsRun> runOnAWorker(List<Call> calls) {
        Chunk chunk = new Chunk(calls, new CompletableFuture<>());
        PythonWorker worker;
        synchronized (lock) {
            if (closed) {
                chunk.result.completeExceptionally(new RuntimeFailureException(launch.label() + " is unloaded"));
                return chunk.result;
            }
            if (crashLoop != null) {
                chunk.result.completeExceptionally(new RuntimeFailureException(crashLoop));
                return chunk.result;
            }
            worker = idle.poll();
            if (worker != null) {
                running.put(worker, chunk);
            } else if (waiting.size() >= MAX_WAITING_CHUNKS) {
                chunk.result.completeExceptionally(new OverloadedException(
                        "every Python worker of " + launch.label() + " is busy and the queue is full", 1));
            } else {
                waiting.add(chunk);
            }
        }
        if (worker != null) {
            send(worker, chunk);
        }
        chunk.result.whenComplete((outcomes, error) -> {
            if (chunk.result.isCancelled()) {
                abandon(chunk);
            }
        });
        return chunk.result;
    }

    @Override
    public Optional<String> problem() {
        synchronized (lock) {
            return Optional.ofNullable(crashLoop);
        }
    }

    /** A cancelled chunk leaves the queue, or its worker is killed and replaced (the timeout case). */
    private void abandon(Chunk chunk) {
        PythonWorker toKill = null;
        synchronized (lock) {
            if (waiting.remove(chunk)) {
                return;
            }
            for (Map.Entry<PythonWorker, Chunk> entry : running.entrySet()) {
                if (entry.getValue() == chunk) {
                    toKill = entry.getKey();
                }
            }
        }
        if (toKill != null) {
            log.warn("{}: killing it to stop a call that was cancelled or timed out", toKill.label());
            toKill.killOnPurpose();
        }
    }

    /**
     * Encodes and writes the chunk to a worker the caller has already marked running it, outside
     * the pool's lock: a big chunk takes a while to write, and other callers must not wait for that.
     */
    private void send(PythonWorker worker, Chunk chunk) {
        worker.run(chunk.calls).whenComplete((outcomes, error) -> {
            if (error == null) {
                chunk.result.complete(outcomes);
            } else {
                chunk.result.completeExceptionally(error);
            }
            finished(worker, error == null);
        });
    }

    private void finished(PythonWorker worker, boolean succeeded) {
        Chunk next;
        synchronized (lock) {
            running.remove(worker);
            if (succeeded) {
                deathsInARow = 0;
            }
            if (closed || !worker.isAlive()) {
                return;
            }
            next = waiting.poll();
            if (next == null) {
                idle.add(worker);
                return;
            }
            running.put(worker, next);
        }
        send(worker, next);
    }

    private PythonWorker startWorker() {
        int number;
        synchronized (lock) {
            number = ++workerNumbers;
        }
        PythonWorker worker = PythonWorker.start(launch, number, json, this::exited);
        boolean unwanted;
        synchronized (lock) {
            unwanted = closed;
            if (!unwanted) {
                workers.add(worker);
            }
        }
        if (unwanted) {
            // The pool closed while this worker was starting; it must not outlive the pool.
            worker.stop(STOP_GRACE_MILLIS);
        }
        return worker;
    }

    private void startAndAdmit() {
        synchronized (lock) {
            if (closed) {
                return;
            }
        }
        PythonWorker worker;
        try {
            worker = startWorker();
        } catch (BundleRejectedException e) {
            died(true, e.getMessage());
            return;
        }
        worker.ready().thenRun(() -> becameReady(worker));
    }

    private void becameReady(PythonWorker worker) {
        synchronized (lock) {
            failedStartsInARow = 0;
            crashLoop = null;
        }
        finished(worker, false);
    }

    /** Called on the worker's reader thread once its process is gone. */
    private void exited(PythonWorker worker) {
        synchronized (lock) {
            workers.remove(worker);
            idle.remove(worker);
            if (closed || !loaded) {
                return;
            }
        }
        onRestart.run();
        if (worker.wasKilledOnPurpose()) {
            restarts.execute(this::startAndAdmit);
            return;
        }
        String reason = worker.ready().handle((arity, error) -> error == null ? null : error.getMessage()).join();
        died(reason != null, reason);
    }

    /**
     * Counts an unplanned death and schedules a replacement: at once the first time, then after
     * 250 ms, 500 ms, ... up to 30 s while deaths repeat without a chunk finishing in between.
     */
    private void died(boolean beforeReady, String reason) {
        List<Chunk> refused = new ArrayList<>();
        long delayMillis;
        String crashLoopNow = null;
        synchronized (lock) {
            deathsInARow++;
            if (beforeReady) {
                failedStartsInARow++;
                if (failedStartsInARow >= CRASH_LOOP_STARTS && crashLoop == null && workers.isEmpty()) {
                    // Callers and the unauthenticated health report get the fact; the reason, which
                    // may quote the bundle's output and the server's paths, goes to the log only.
                    crashLoop = "the Python workers of " + launch.label() + " keep exiting at start; the server log has the last failure";
                    crashLoopNow = crashLoop;
                    refused.addAll(waiting);
                    waiting.clear();
                }
            }
            delayMillis = deathsInARow <= 1 ? 0
                    : Math.min(LONGEST_RETRY.toMillis(), FIRST_RETRY.toMillis() << Math.min(deathsInARow - 2, 10));
        }
        if (crashLoopNow != null) {
            log.error("{}: {}", crashLoopNow, reason);
            String message = crashLoopNow;
            refused.forEach(chunk -> chunk.result.completeExceptionally(new RuntimeFailureException(message)));
        }
        if (delayMillis > 0) {
            log.info("{}: next worker starts in {} ms", launch.label(), delayMillis);
        }
        restarts.schedule(this::startAndAdmit, delayMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        List<PythonWorker> toStop;
        List<Chunk> refused;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            toStop = new ArrayList<>(workers);
            refused = new ArrayList<>(waiting);
            waiting.clear();
            idle.clear();
        }
        refused.forEach(chunk -> chunk.result.completeExceptionally(
                new RuntimeFailureException(launch.label() + " was unloaded before this call ran")));
        // All are asked first, so stopping N workers takes one grace period, not N.
        toStop.forEach(PythonWorker::requestStop);
        toStop.forEach(worker -> worker.awaitStop(STOP_GRACE_MILLIS));
    }
}
