package dev.inferd.store;

import dev.inferd.invoke.LiveReplicas;
import dev.inferd.invoke.ReplicaPlace;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Which replicas on a PostgreSQL database are alive: each renews its row of {@code replicas} every
 * few seconds, promising to be there for a while longer, and counts the rows whose promise still
 * holds. A replica that dies stops renewing and is counted out once its promise runs out; one that
 * stops cleanly deletes its row. Joining and leaving are announced ({@link StoreTopic#REPLICAS}), so
 * the others count anew at once rather than at their next beat.
 * <p>
 * The live set is kept in memory, since the rate limits ask for it on every call. When the database
 * cannot be reached, the last count stands: the others cannot see this replica then either, and
 * they stop counting it only when its row runs out.
 */
public final class ReplicaHeartbeats implements LiveReplicas, AutoCloseable {
    public static final Duration BEAT_EVERY = Duration.ofSeconds(5);
    /** Three beats: one late or failed beat does not count a live replica out. */
    public static final Duration PROMISE = Duration.ofSeconds(15);
    /** Rows of replicas gone this long are deleted, so replicas that never come back do not pile up. */
    private static final long FORGET_AFTER_MILLIS = Duration.ofDays(1).toMillis();
    /**
     * Promises are made and checked in the database's time, not each replica's, so clocks that
     * disagree between machines cannot count a live replica out.
     */
    private static final String DATABASE_NOW = "(EXTRACT(EPOCH FROM now()) * 1000)::BIGINT";
    private static final Logger log = LoggerFactory.getLogger(ReplicaHeartbeats.class);

    private final PostgresDatabase database;
    private final String node;
    private final Duration beatEvery;
    private final Duration promise;
    private final ScheduledExecutorService beats;
    private volatile ReplicaPlace place = ReplicaPlace.ALONE;
    /** Whether the last beat failed, so that an outage is logged once; read and written only by beats. */
    private boolean failing;
    private boolean closed;

    /**
     * @param beatEvery how often this replica renews its row
     * @param promise   how long a renewed row counts the replica as alive; several beats long
     */
    public ReplicaHeartbeats(PostgresDatabase database, String node, Duration beatEvery, Duration promise) {
        this.database = database;
        this.node = node;
        this.beatEvery = beatEvery;
        this.promise = promise;
        this.beats = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "inferd-heartbeats");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Beats once now, if the database has answered since the server started, so that a new replica
     * counts the others before it serves its first call; then beats on a thread of its own.
     */
    public void start() {
        if (database.migrated()) {
            beat();
        }
        beats.scheduleWithFixedDelay(this::beat, beatEvery.toMillis(), beatEvery.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public ReplicaPlace place() {
        return place;
    }

    /** Counts the live replicas again soon, on the beat's thread: another replica joined or left. */
    public void recountSoon() {
        try {
            beats.execute(this::beat);
        } catch (RejectedExecutionException stopped) {
            // Closing: nothing left to count for.
        }
    }

    /** Renews this replica's row and counts the live ones; a failure keeps the count of the last beat. */
    synchronized void beat() {
        if (closed) {
            return;
        }
        try {
            List<String> live = database.write(handle -> {
                int renewed = handle.createUpdate("UPDATE replicas SET seen_until = " + DATABASE_NOW + " + :promise"
                                + " WHERE node = :node AND seen_until > " + DATABASE_NOW)
                        .bind("promise", promise.toMillis())
                        .bind("node", node)
                        .execute();
                if (renewed == 0) {
                    // New, or back after the others counted it out: they should count again now.
                    handle.createUpdate("INSERT INTO replicas (node, seen_until) VALUES (:node, " + DATABASE_NOW + " + :promise)"
                                    + " ON CONFLICT (node) DO UPDATE SET seen_until = EXCLUDED.seen_until")
                            .bind("promise", promise.toMillis())
                            .bind("node", node)
                            .execute();
                    database.announce(handle, StoreTopic.REPLICAS);
                }
                handle.createUpdate("DELETE FROM replicas WHERE seen_until < " + DATABASE_NOW + " - :forgetAfter")
                        .bind("forgetAfter", FORGET_AFTER_MILLIS)
                        .execute();
                return handle.createQuery("SELECT node FROM replicas WHERE seen_until > " + DATABASE_NOW)
                        .mapTo(String.class)
                        .list();
            });
            place = placeAmong(node, live);
            if (failing) {
                log.info("this replica's heartbeat reaches {} again; {} replica(s) alive", database.description(), place.count());
                failing = false;
            }
        } catch (RuntimeException e) {
            if (!failing) {
                log.warn("this replica's heartbeat cannot reach {} ({}); the rate limits stay split among the {} replica(s)"
                        + " last counted until it answers", database.description(), e.getMessage(), place.count());
                failing = true;
            }
        }
    }

    /**
     * Where {@code node} stands among the {@code live} replicas, sorted here rather than by the
     * database, whose collation could differ from one connection's settings to another's.
     */
    static ReplicaPlace placeAmong(String node, List<String> live) {
        List<String> sorted = new ArrayList<>(live);
        if (!sorted.contains(node)) {
            sorted.add(node);
        }
        sorted.sort(null);
        return new ReplicaPlace(sorted.indexOf(node), sorted.size());
    }

    /** Stops beating and deletes this replica's row, so the others split the limits without it at once. */
    @Override
    public void close() {
        beats.shutdownNow();
        try {
            beats.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            closed = true;
        }
        if (!database.migrated()) {
            return;
        }
        try {
            database.write(handle -> {
                handle.createUpdate("DELETE FROM replicas WHERE node = :node").bind("node", node).execute();
                database.announce(handle, StoreTopic.REPLICAS);
                return null;
            });
        } catch (RuntimeException e) {
            log.info("could not take this replica off {} ({}); the others count it out within {} s",
                    database.description(), e.getMessage(), promise.toSeconds());
        }
    }
}
