package dev.inferd.metrics;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.OptionalInt;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What inferd keeps of each inference call once it is answered: the request metrics, one structured
 * line per call on the {@code dev.inferd.requests} logger (time, deployment, version, ref, items,
 * duration, status, error; never inputs), and the latest calls of each deployment in memory, with
 * inputs and outputs cut to 1 KiB, for {@code GET /api/deployments/{name}/logs}.
 *
 * <p>Recording costs the caller, an event loop, one lock-free queue offer and wakes no thread. A
 * thread of its own takes in what has queued every {@link #WRITE_EVERY_MILLIS} ms: it updates the
 * metrics and the recent calls, then formats and writes the lines, so a busy second costs ten
 * system calls, not one per line. Readers see every call answered before they asked: a scrape of
 * the metrics and the logs API first take in the queue themselves ({@link #catchUp}). When the
 * queue is full under overload, the caller takes its call in itself, and only its log line is
 * dropped (and counted): calls are neither slowed by the log nor missing from the metrics.
 */
public final class CallLog implements AutoCloseable {
    public static final int KEPT_PER_DEPLOYMENT = 1000;
    public static final int MAX_FIELD_BYTES = 1024;
    private static final int QUEUED_CALLS = 65_536;
    /** Lines taken in and not yet written; more wait only when the writer cannot keep up. */
    private static final int UNWRITTEN_LINES = 65_536;
    /** How long a line may wait to be written: short to a reader of the log, long to the CPU. */
    static final long WRITE_EVERY_MILLIS = 100;
    private static final Logger requests = LoggerFactory.getLogger("dev.inferd.requests");
    private static final Logger log = LoggerFactory.getLogger(CallLog.class);

    private final InferdMetrics metrics;
    private final Map<String, Deque<CallRecord>> recent = new ConcurrentHashMap<>();
    private final Queue<CallRecord> queued = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queuedCount = new AtomicInteger();
    /** Held while calls are taken in, so each is counted once and their lines keep their order. */
    private final Object intake = new Object();
    /** Guarded by {@link #intake}. */
    private List<CallRecord> unwritten = new ArrayList<>();
    private final AtomicLong dropped = new AtomicLong();
    private final RequestLogLines lines = new RequestLogLines();
    private final Thread writer;
    private volatile boolean closed;

    public CallLog(InferdMetrics metrics) {
        this.metrics = metrics;
        this.writer = new Thread(this::writeLines, "inferd-request-log");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    public void record(CallRecord call) {
        if (queuedCount.incrementAndGet() <= QUEUED_CALLS) {
            queued.offer(call);
            return;
        }
        queuedCount.decrementAndGet();
        // The writer is behind: counted and kept here, without the intake lock the writer holds while it
        // drains, so that no event loop waits on it; only the line is lost.
        count(call);
        if (requests.isInfoEnabled()) {
            dropped.incrementAndGet();
        }
    }

    /**
     * Takes in the calls queued when it starts (not those queued meanwhile, so a reader on an event
     * loop does a bounded amount of work): after this, the metrics and the recent calls include them.
     */
    public void catchUp() {
        synchronized (intake) {
            CallRecord call;
            for (int waiting = queuedCount.get(); waiting > 0 && (call = queued.poll()) != null; waiting--) {
                queuedCount.decrementAndGet();
                count(call);
                if (requests.isInfoEnabled()) {
                    if (unwritten.size() < UNWRITTEN_LINES) {
                        unwritten.add(call);
                    } else {
                        dropped.incrementAndGet();
                    }
                }
            }
        }
    }

    /** Counts a call in the metrics and keeps it with its deployment's recent calls; safe from any thread. */
    private void count(CallRecord call) {
        metrics.request(call.deployment(), call.version() == 0 ? "" : Integer.toString(call.version()), call.status(),
                call.durationMicros(), call.items());
        if (call.deployment().isEmpty()) {
            return;
        }
        Deque<CallRecord> calls = recent.computeIfAbsent(call.deployment(), name -> new ArrayDeque<>());
        synchronized (calls) {
            calls.addFirst(call);
            if (calls.size() > KEPT_PER_DEPLOYMENT) {
                calls.removeLast();
            }
        }
    }

    /** The latest {@code limit} calls of a deployment, newest first; only those of {@code version} when it is given. */
    public List<CallRecord> latest(String deployment, int limit, OptionalInt version) {
        catchUp();
        Deque<CallRecord> calls = recent.get(deployment);
        if (calls == null) {
            return List.of();
        }
        List<CallRecord> latest = new ArrayList<>(Math.min(limit, KEPT_PER_DEPLOYMENT));
        synchronized (calls) {
            Iterator<CallRecord> newestFirst = calls.iterator();
            while (newestFirst.hasNext() && latest.size() < limit) {
                CallRecord call = newestFirst.next();
                if (version.isEmpty() || call.version() == version.getAsInt()) {
                    latest.add(call);
                }
            }
        }
        return latest;
    }

    /** Forgets a deleted deployment's calls. */
    public void forget(String deployment) {
        catchUp();
        recent.remove(deployment);
    }

    /** The first 1 KiB of a body. */
    public static CallRecord.Excerpt excerpt(byte[] body) {
        if (body == null) {
            return CallRecord.Excerpt.NONE;
        }
        return new CallRecord.Excerpt(body.length <= MAX_FIELD_BYTES ? body : Arrays.copyOf(body, MAX_FIELD_BYTES), body.length);
    }

    private void writeLines() {
        StringBuilder line = new StringBuilder(256);
        while (!closed) {
            try {
                Thread.sleep(WRITE_EVERY_MILLIS);
                writeQueued(line);
                long lost = dropped.getAndSet(0);
                if (lost > 0) {
                    log.warn("{} request log line(s) dropped: calls came faster than the log could be written"
                            + " (the calls are in the metrics and the logs API)", lost);
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.warn("a request log line could not be written", e);
            }
        }
    }

    private void writeQueued(StringBuilder line) {
        catchUp();
        List<CallRecord> taken;
        synchronized (intake) {
            if (unwritten.isEmpty()) {
                return;
            }
            taken = unwritten;
            unwritten = new ArrayList<>(Math.min(taken.size() * 2, UNWRITTEN_LINES));
        }
        for (CallRecord call : taken) {
            line.setLength(0);
            requests.info(lines.append(call, line).toString());
        }
        flushBufferedOutput();
    }

    /**
     * The request log's appenders buffer their output ({@link LogSetup}); this thread is their only
     * writer, so it flushes them whenever it has caught up.
     */
    private static void flushBufferedOutput() {
        if (!(requests instanceof ch.qos.logback.classic.Logger logger)) {
            return;
        }
        for (Iterator<Appender<ILoggingEvent>> appenders = logger.iteratorForAppenders(); appenders.hasNext(); ) {
            if (appenders.next() instanceof OutputStreamAppender<ILoggingEvent> stream && stream.getOutputStream() != null) {
                try {
                    stream.getOutputStream().flush();
                } catch (IOException e) {
                    // The next flush tries again; a lost flush only delays lines.
                }
            }
        }
    }

    /** Writes the lines still queued, then stops the writer. */
    @Override
    public void close() {
        closed = true;
        writer.interrupt();
        try {
            writer.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writeQueued(new StringBuilder(256));
    }
}
