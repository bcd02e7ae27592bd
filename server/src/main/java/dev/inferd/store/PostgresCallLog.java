package dev.inferd.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.inferd.metrics.CallLogEntry;
import dev.inferd.metrics.CallRecord;
import dev.inferd.metrics.SharedCallLog;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The call log that replicas on a PostgreSQL database share, in the table {@code call_log}. A call is
 * queued in memory when it is answered; a thread of its own writes what has queued about once a
 * second, in one transaction of a few multi-row inserts, never a statement per call. The table keeps
 * the newest calls of each deployment, as many as a replica keeps in memory; each write deletes the
 * older ones of the deployments it wrote to. A write takes at most a second's newest 100 calls of a
 * deployment from this replica, so under heavier traffic the shared log samples it; each replica's
 * own log, in memory, still has every call.
 * <p>
 * The queue is bounded: when the database is away, or slower than the calls, the oldest calls queued
 * are dropped and counted, so the calls themselves never wait for the log. Of a deployment's calls
 * waiting to be written, only the newest that the table keeps are written: older ones would be deleted
 * in the same transaction.
 * <p>
 * Writes take turns across replicas (an advisory lock held until each commits), so the order of the
 * ids is the order in which the calls became visible, and a reader polling for new calls finds them
 * only ever in front of those it saw.
 */
public final class PostgresCallLog implements SharedCallLog, AutoCloseable {
    public static final Duration WRITE_EVERY = Duration.ofSeconds(1);
    /**
     * Calls waiting to be written. Each waits up to a second, long enough to outlive a young
     * collection: at tens of thousands of calls a second, a queue of 10,000 cost the call path a tenth
     * of its CPU in copying (bench/replicas.sh), where the SQLite server keeps no such queue.
     */
    public static final int QUEUED_CALLS = 1_000;
    /**
     * Of a deployment's calls, the newest written at each write: a second's newest 100 show what a
     * busy deployment answers now, and writing each of its thousands of calls (up to 8 KiB of excerpts
     * each) would cost far more than the rest of the call.
     */
    public static final int WRITTEN_PER_DEPLOYMENT = 100;
    /** Rows per insert, so that one statement stays small however many calls have queued. */
    static final int ROWS_PER_INSERT = 500;
    /** "inferd" and 3, for "call log". */
    private static final long CALL_LOG_WRITES_LOCK = 0x696e6665726403L;
    private static final String FOREIGN_KEY_VIOLATION = "23503";
    private static final Logger log = LoggerFactory.getLogger(PostgresCallLog.class);

    private final PostgresDatabase database;
    private final String node;
    private final int keptPerDeployment;
    private final int writtenPerDeployment;
    private final int queueCapacity;
    private final Duration writeEvery;
    /** Fields it does not know are skipped: replicas of different inferd versions share the table during an upgrade. */
    private final ObjectMapper json = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private final Queue<CallRecord> queued = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queuedCount = new AtomicInteger();
    private final AtomicLong dropped = new AtomicLong();
    private final ScheduledExecutorService writer;
    /** Held while calls are written, by the writer or a reader that writes first. */
    private final Object writing = new Object();
    /** Calls taken from the queue and not yet written, oldest first; guarded by {@link #writing}. */
    private List<CallRecord> unwritten = new ArrayList<>();
    /** Whether the last write failed, so that an outage is logged once; guarded by {@link #writing}. */
    private boolean failing;

    /**
     * @param keptPerDeployment how many of a deployment's newest calls the table keeps
     * @param queueCapacity     how many calls may wait to be written before the oldest are dropped
     */
    public PostgresCallLog(PostgresDatabase database, String node, int keptPerDeployment, int queueCapacity, Duration writeEvery) {
        this(database, node, keptPerDeployment, keptPerDeployment, queueCapacity, writeEvery);
    }

    /** @param writtenPerDeployment how many of a deployment's newest waiting calls each write writes */
    public PostgresCallLog(PostgresDatabase database, String node, int keptPerDeployment, int writtenPerDeployment,
                           int queueCapacity, Duration writeEvery) {
        this.database = database;
        this.node = node;
        this.keptPerDeployment = keptPerDeployment;
        this.writtenPerDeployment = Math.min(writtenPerDeployment, keptPerDeployment);
        this.queueCapacity = queueCapacity;
        this.writeEvery = writeEvery;
        this.writer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "inferd-call-log");
            thread.setDaemon(true);
            return thread;
        });
    }

    public void start() {
        writer.scheduleWithFixedDelay(this::writeInTheBackground, writeEvery.toMillis(), writeEvery.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public String replica() {
        return node;
    }

    @Override
    public void add(CallRecord call) {
        if (call.deployment().isEmpty()) {
            // Like the replica's own log: a call that named no existing deployment is not kept.
            return;
        }
        if (queuedCount.incrementAndGet() > queueCapacity && queued.poll() != null) {
            queuedCount.decrementAndGet();
            dropped.incrementAndGet();
        }
        queued.offer(call);
    }

    @Override
    public List<CallLogEntry> latest(String deployment, int limit, OptionalInt version) {
        writeQueued();
        return database.read(handle -> {
            Query query = handle.createQuery("SELECT entry FROM call_log WHERE deployment = :deployment"
                            + (version.isPresent() ? " AND version = :version" : "") + " ORDER BY id DESC LIMIT :limit")
                    .bind("deployment", deployment)
                    .bind("limit", limit);
            version.ifPresent(number -> query.bind("version", number));
            return query.map((row, context) -> entry(row.getString("entry"))).list();
        });
    }

    private void writeInTheBackground() {
        try {
            writeQueued();
        } catch (RuntimeException e) {
            // Logged once where it failed; the calls wait for the next write.
        }
    }

    /** Writes the calls queued so far; those not written stay for the next write. */
    private void writeQueued() {
        synchronized (writing) {
            for (int waiting = queuedCount.get(); waiting > 0; waiting--) {
                CallRecord call = queued.poll();
                if (call == null) {
                    break;
                }
                queuedCount.decrementAndGet();
                unwritten.add(call);
            }
            unwritten = newestKept(unwritten);
            if (unwritten.isEmpty()) {
                return;
            }
            List<CallRecord> calls = unwritten;
            try {
                try {
                    write(calls);
                } catch (RuntimeException e) {
                    if (!deploymentDeletedMeanwhile(e)) {
                        throw e;
                    }
                    // A deployment was deleted between the check and the insert: the check leaves its calls out now.
                    write(calls);
                }
            } catch (RuntimeException e) {
                if (!failing) {
                    log.warn("cannot write this replica's calls to the shared call log on {} ({}); they wait here, the"
                            + " newest {} of them, and the logs API shows only this replica's calls meanwhile",
                            database.description(), e.getMessage(), queueCapacity);
                    failing = true;
                }
                throw e;
            }
            unwritten = new ArrayList<>();
            long lost = dropped.getAndSet(0);
            if (failing) {
                log.info("writing this replica's calls to the shared call log again; {} call(s) were dropped meanwhile", lost);
                failing = false;
            } else if (lost > 0) {
                log.warn("{} call(s) were not written to the shared call log: calls came faster than it could be written", lost);
            }
        }
    }

    /**
     * The calls worth writing, oldest first: at most the newest {@code writtenPerDeployment} of each
     * deployment (never more than the table keeps, which would delete older ones at once), and at
     * most a full queue's worth, the oldest dropped and counted.
     */
    private List<CallRecord> newestKept(List<CallRecord> oldestFirst) {
        Map<String, Integer> perDeployment = new HashMap<>();
        ArrayDeque<CallRecord> kept = new ArrayDeque<>();
        for (int i = oldestFirst.size() - 1; i >= 0; i--) {
            CallRecord call = oldestFirst.get(i);
            if (perDeployment.merge(call.deployment(), 1, Integer::sum) <= writtenPerDeployment) {
                if (kept.size() < queueCapacity) {
                    kept.addFirst(call);
                } else {
                    dropped.incrementAndGet();
                }
            }
        }
        return kept.size() == oldestFirst.size() ? oldestFirst : new ArrayList<>(kept);
    }

    private void write(List<CallRecord> oldestFirst) {
        database.write(handle -> {
            handle.select("SELECT 1 FROM (SELECT pg_advisory_xact_lock(?)) AS locked", CALL_LOG_WRITES_LOCK)
                    .mapTo(Integer.class)
                    .one();
            Set<String> deployments = new LinkedHashSet<>();
            for (int from = 0; from < oldestFirst.size(); from += ROWS_PER_INSERT) {
                insert(handle, oldestFirst.subList(from, Math.min(oldestFirst.size(), from + ROWS_PER_INSERT)));
            }
            oldestFirst.forEach(call -> deployments.add(call.deployment()));
            deleteOlderThanKept(handle, List.copyOf(deployments));
            return null;
        });
    }

    /**
     * One statement for many calls. Calls of a deployment deleted meanwhile are left out; the rows of a
     * deployment go with it (the foreign key), so a deployment made again under the same name starts
     * with no calls, as it does in memory.
     */
    private void insert(Handle handle, List<CallRecord> oldestFirst) {
        List<String> deployments = new ArrayList<>(oldestFirst.size());
        List<Integer> versions = new ArrayList<>(oldestFirst.size());
        List<String> entries = new ArrayList<>(oldestFirst.size());
        List<Long> times = new ArrayList<>(oldestFirst.size());
        for (CallRecord call : oldestFirst) {
            deployments.add(call.deployment());
            versions.add(call.version());
            entries.add(text(CallLogEntry.of(call, node)));
            times.add(call.time().toEpochMilli());
        }
        handle.createUpdate("INSERT INTO call_log (deployment, node, version, entry, at)"
                        + " SELECT call.deployment, :node, call.version, call.entry, call.at"
                        + " FROM unnest(:deployments, :versions, :entries, :times) WITH ORDINALITY"
                        + " AS call (deployment, version, entry, at, position)"
                        + " WHERE EXISTS (SELECT 1 FROM deployments WHERE deployments.name = call.deployment)"
                        + " ORDER BY call.position")
                .bind("node", node)
                .bindArray("deployments", String.class, deployments)
                .bindArray("versions", Integer.class, versions)
                .bindArray("entries", String.class, entries)
                .bindArray("times", Long.class, times)
                .execute();
    }

    /** Keeps the newest {@code keptPerDeployment} rows of each of {@code deployments}, in one statement. */
    private void deleteOlderThanKept(Handle handle, List<String> deployments) {
        handle.createUpdate("DELETE FROM call_log USING ("
                        + " SELECT name, (SELECT id FROM call_log WHERE deployment = name ORDER BY id DESC OFFSET :kept LIMIT 1)"
                        + " AS newest_dropped FROM unnest(:deployments) AS written (name)) AS cut"
                        + " WHERE call_log.deployment = cut.name AND call_log.id <= cut.newest_dropped")
                .bind("kept", keptPerDeployment)
                .bindArray("deployments", String.class, deployments)
                .execute();
    }

    private static boolean deploymentDeletedMeanwhile(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && FOREIGN_KEY_VIOLATION.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private String text(CallLogEntry entry) {
        try {
            return json.writeValueAsString(entry);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write a call log entry as JSON", e);
        }
    }

    private CallLogEntry entry(String text) {
        try {
            return json.readValue(text, CallLogEntry.class);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("a call log entry is not the JSON inferd writes", e);
        }
    }

    /** Stops the writer and writes what is still queued, if the database answers. */
    @Override
    public void close() {
        writer.shutdownNow();
        try {
            writer.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!database.migrated()) {
            return;
        }
        try {
            writeQueued();
        } catch (RuntimeException e) {
            log.info("the last calls of this replica were not written to the shared call log as it stopped ({})", e.getMessage());
        }
    }
}
