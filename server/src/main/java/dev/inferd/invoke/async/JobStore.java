package dev.inferd.invoke.async;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Durable async jobs and result links. Each method is one transaction, so a crash leaves every
 * job either before or after a step, never half way: that is what lets a restart pick them up.
 * <p>
 * Several servers may share one store. A server runs a job under a lease ({@link JobOwner} and an
 * end time) that it renews while the job runs; a running job whose lease has ended is claimed
 * again, by whichever server claims first, so a job outlives the server that was running it.
 */
public interface JobStore {

    void addJob(AsyncJob job);

    Optional<AsyncJob> job(String id);

    /** Jobs accepted and not yet started. */
    int queuedJobCount();

    /**
     * Marks up to {@code limit} jobs running under {@code owner}'s lease until {@code leaseUntil},
     * oldest first, and returns them as claimed: queued jobs, and running jobs whose lease ended at
     * or before {@code now} (their owner stopped renewing it). A job is claimed by one owner at a time.
     */
    List<AsyncJob> claimJobs(JobOwner owner, Instant now, Instant leaseUntil, int limit);

    /**
     * Extends to {@code until} the leases that {@code owner} holds on those of {@code jobIds} still running.
     *
     * @return the ids whose lease was extended; any other was finished, or claimed by another owner
     *         after its lease had ended
     */
    Set<String> renewLeases(JobOwner owner, Collection<String> jobIds, Instant until);

    /**
     * Queues again, whatever their leases, the running jobs that earlier runs of {@code owner}'s
     * node held: one process at a time runs as a node, so those runs have ended. @return how many
     */
    int requeueJobsOfEarlierRuns(JobOwner owner);

    /**
     * Stores a running job's answer and schedules its first delivery.
     *
     * @return false, storing nothing, when the job is not running: a job run twice (its lease ran
     *         out while it ran) keeps the answer that came first
     */
    boolean finishJob(String id, AsyncJob.Status status, byte[] result, int resultStatus, Instant finishedAt,
                      Instant firstDelivery, Instant deliverUntil);

    /** Jobs with a result whose delivery is due and not given up. */
    List<AsyncJob> dueDeliveries(Instant now, int limit);

    /** Moves a job's next delivery to {@code until} while an attempt runs, so it is not picked again meanwhile. */
    void leaseDelivery(String id, Instant until);

    /**
     * {@link #dueDeliveries} and {@link #leaseDelivery} in one step: up to {@code limit} due jobs,
     * earliest first, each leased until {@code leaseUntil} gives for it. Servers claiming at once
     * claim different jobs.
     */
    List<AsyncJob> claimDeliveries(Instant now, int limit, Function<AsyncJob, Instant> leaseUntil);

    /**
     * After a restart of the only server on the store no attempt is running: every undelivered
     * result is due now. A store that several servers share cannot know that and does nothing; the
     * leases of attempts that a stopped server was making end by themselves. @return how many
     */
    int resumeDeliveries(Instant now);

    /** Records a delivery attempt that the receiver accepted. */
    void deliveryAccepted(String id, Instant at);

    /** Records a failed delivery attempt; {@code retryAt} empty means no more attempts. */
    void deliveryFailed(String id, String error, Optional<Instant> retryAt);

    /** Removes jobs finished before {@code cutoff} that need no more delivery. @return how many */
    int deleteFinishedJobsBefore(Instant cutoff);

    void addResultLink(String id, byte[] body, Instant expiresAt);

    Optional<byte[]> resultLink(String id, Instant now);

    int deleteExpiredResultLinks(Instant now);
}
