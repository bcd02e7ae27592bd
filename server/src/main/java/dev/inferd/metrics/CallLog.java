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
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The request log: one structured line per inference call on the {@code dev.inferd.requests}
 * logger (time, deployment, version, ref, items, duration, status, error; never inputs), and the
 * latest calls of each deployment in memory, with inputs and outputs cut to 1 KiB, for
 * {@code GET /api/deployments/{name}/logs}. Recording costs the caller a small copy and a lock-free
 * queue offer, and never wakes a thread: the lines are formatted and written by a thread of its own
 * that takes what has queued every {@link #WRITE_EVERY_MILLIS} ms, so a call costs no context switch
 * and a busy second costs ten system calls, not one per line. When that thread falls behind under
 * overload, lines are dropped (and counted) rather than calls slowed.
 */
public final class CallLog implements AutoCloseable {
    public static final int KEPT_PER_DEPLOYMENT = 1000;
    public static final int MAX_FIELD_BYTES = 1024;
    private static final int QUEUED_LINES = 65_536;
    /** How long a line may wait to be written: short to a reader of the log, long to the CPU. */
    static final long WRITE_EVERY_MILLIS = 100;
    private static final Logger requests = LoggerFactory.getLogger("dev.inferd.requests");
    private static final Logger log = LoggerFactory.getLogger(CallLog.class);

    private final Map<String, Deque<CallRecord>> recent = new ConcurrentHashMap<>();
    private final Queue<CallRecord> unwritten = new ConcurrentLinkedQueue<>();
    private final AtomicInteger unwrittenCount = new AtomicInteger();
    private final AtomicLong dropped = new AtomicLong();
    private final RequestLogLines lines = new RequestLogLines();
    private final Thread writer;
    private volatile boolean closed;

    public CallLog() {
        this.writer = new Thread(this::writeLines, "inferd-request-log");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    public void record(CallRecord call) {
        if (requests.isInfoEnabled()) {
            if (unwrittenCount.incrementAndGet() <= QUEUED_LINES) {
                unwritten.offer(call);
            } else {
                unwrittenCount.decrementAndGet();
                dropped.incrementAndGet();
            }
        }
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

    /** The latest {@code limit} calls of a deployment, newest first. */
    public List<CallRecord> latest(String deployment, int limit) {
        Deque<CallRecord> calls = recent.get(deployment);
        if (calls == null) {
            return List.of();
        }
        List<CallRecord> latest = new ArrayList<>(Math.min(limit, KEPT_PER_DEPLOYMENT));
        synchronized (calls) {
            Iterator<CallRecord> newestFirst = calls.iterator();
            while (newestFirst.hasNext() && latest.size() < limit) {
                latest.add(newestFirst.next());
            }
        }
        return latest;
    }

    /** Forgets a deleted deployment's calls. */
    public void forget(String deployment) {
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
                    log.warn("{} request log line(s) dropped: calls came faster than the log could be written", lost);
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.warn("a request log line could not be written", e);
            }
        }
    }

    private void writeQueued(StringBuilder line) {
        CallRecord call;
        boolean wrote = false;
        while ((call = unwritten.poll()) != null) {
            unwrittenCount.decrementAndGet();
            line.setLength(0);
            requests.info(lines.append(call, line).toString());
            wrote = true;
        }
        if (wrote) {
            flushBufferedOutput();
        }
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
