package dev.inferd.metrics;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What {@code GET /readyz} answers: the reasons the server is not ready, none when it is. It is not
 * ready while the store fails a query, or when an example that {@code --examples} asked for could
 * not be deployed (a user who asked for the examples expects them all to answer).
 */
public final class ReadinessCheck {
    private static final Logger log = LoggerFactory.getLogger(ReadinessCheck.class);

    /** Throws when the database cannot be used. */
    private final Runnable storeCheck;
    /** The database as {@code /readyz} names it, without a password. */
    private final String database;
    private final CompletableFuture<? extends Map<String, String>> examplesNotDeployed;
    private final CompletableFuture<?> versionsLoaded;
    /** The store's last answer, so a probe every few seconds logs a failure once, not every time. */
    private final AtomicBoolean storeAnswered = new AtomicBoolean(true);

    /**
     * @param storeCheck          throws when the database cannot be used
     * @param database            the database, as the answer names it
     * @param examplesNotDeployed each example that could not be deployed, with the reason; complete
     *                            before the server listens, so a check never waits for it
     * @param versionsLoaded      completes once the versions that calls go to have loaded (or failed
     *                            to), at start: a replica joining a load balancer takes calls only then,
     *                            rather than make them wait for Python workers or a model to load
     */
    public ReadinessCheck(Runnable storeCheck, String database, CompletableFuture<? extends Map<String, String>> examplesNotDeployed,
                          CompletableFuture<?> versionsLoaded) {
        this.storeCheck = storeCheck;
        this.database = database;
        this.examplesNotDeployed = examplesNotDeployed;
        this.versionsLoaded = versionsLoaded;
    }

    /**
     * Why the server is not ready, keyed by what is not: {@code store}, {@code versions} or
     * {@code example NAME}; empty when ready. Runs a query.
     */
    public SortedMap<String, String> notReadyBecause() {
        SortedMap<String, String> reasons = new TreeMap<>();
        examplesNotDeployed.join().forEach((name, reason) -> reasons.put("example " + name, reason));
        if (!versionsLoaded.isDone()) {
            reasons.put("versions", "the versions deployed before this start are still loading");
        }
        try {
            storeCheck.run();
            if (!storeAnswered.getAndSet(true)) {
                log.info("the database answers again; ready");
            }
        } catch (RuntimeException e) {
            if (storeAnswered.getAndSet(false)) {
                log.warn("the database does not answer a query; /readyz answers 503 until it does", e);
            }
            // The detail stays in the log: /readyz is open to anyone who reaches the port.
            reasons.put("store", "the database does not answer a query (" + database + "); the server log has the reason");
        }
        return reasons;
    }
}
