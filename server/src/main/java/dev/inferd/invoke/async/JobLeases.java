package dev.inferd.invoke.async;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The leases this server holds on the async jobs it runs. A job is claimed under a lease of
 * {@link #LEASE}, and every {@link #RENEW_EVERY} the leases of the jobs still running are pushed
 * on. A server that dies, or a run that ends without storing its answer, stops renewing, and once
 * the lease has ended the job is claimed again and runs again. A start does not wait for that: it
 * first takes back the jobs its node's earlier runs held, which have ended (see {@link JobOwner}).
 * <p>
 * Thirty seconds is long enough that a job thread held up by a slow disk or a long pause keeps its
 * jobs (it has two renewals to miss), and short enough that another server sharing the store
 * takes over a dead one's jobs within half a minute.
 */
final class JobLeases {
    private static final Logger log = LoggerFactory.getLogger(JobLeases.class);
    static final Duration LEASE = Duration.ofSeconds(30);
    static final Duration RENEW_EVERY = Duration.ofSeconds(10);

    private final JobStore store;
    private final JobOwner owner;
    private final Clock clock;
    /** The jobs claimed here whose run has not ended. */
    private final Set<String> running = ConcurrentHashMap.newKeySet();
    private volatile Instant nextRenewal = Instant.MIN;

    JobLeases(JobStore store, JobOwner owner, Clock clock) {
        this.store = store;
        this.owner = owner;
        this.clock = clock;
    }

    /** Queues again the jobs that were running when this node last stopped. @return how many */
    int takeBackEarlierRuns() {
        return store.requeueJobsOfEarlierRuns(owner);
    }

    /**
     * Claims up to {@code limit} jobs to run here: queued ones, and running ones whose lease has ended.
     * A job still running here whose lease ended (its renewals failed) comes back with a fresh lease,
     * and is not started a second time.
     */
    List<AsyncJob> claim(int limit) {
        Instant now = clock.instant();
        List<AsyncJob> claimed = new ArrayList<>(store.claimJobs(owner, now, now.plus(LEASE), limit));
        claimed.removeIf(job -> !running.add(job.id()));
        return claimed;
    }

    /** The jobs claimed here that are still running. */
    int running() {
        return running.size();
    }

    /** The job's run here has ended, answered or not: its lease is no longer renewed. */
    void ended(String jobId) {
        running.remove(jobId);
    }

    /** Pushes on the leases of the jobs running here, when {@link #RENEW_EVERY} has passed since the last time. */
    void renewWhenDue() {
        Instant now = clock.instant();
        if (now.isBefore(nextRenewal)) {
            return;
        }
        Set<String> renewing = Set.copyOf(running);
        if (renewing.isEmpty()) {
            nextRenewal = now.plus(RENEW_EVERY);
            return;
        }
        Set<String> renewed = store.renewLeases(owner, renewing, now.plus(LEASE));
        // Only once the store took it: a failed renewal is tried again on the next tick, not in 10 s.
        nextRenewal = now.plus(RENEW_EVERY);
        for (String id : renewing) {
            if (!renewed.contains(id) && running.contains(id)) {
                log.warn("async job {}: its lease ended before {} renewed it, so another server may be running it too",
                        id, owner);
            }
        }
    }
}
