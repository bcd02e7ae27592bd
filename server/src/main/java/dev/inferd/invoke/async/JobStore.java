package dev.inferd.invoke.async;


import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Durable async jobs and result links. Each method is one transaction, so a crash leaves every
 * job either before or after a step, never half way: that is what lets a restart pick them up.
 */
public interface JobStore {

    void addJob(AsyncJob job);

    Optional<AsyncJob> job(String id);

    /** Jobs accepted and not yet started. */
    int queuedJobCount();

    /** Marks up to {@code limit} queued jobs running, oldest first, and returns them. */
    List<AsyncJob> claimQueuedJobs(int limit);

    /** After a crash nothing is running: jobs marked running go back to the queue. @return how many */
    int requeueRunningJobs();

    /** Stores a job's answer and schedules its first delivery. */
    void finishJob(String id, AsyncJob.Status status, byte[] result, int resultStatus, Instant finishedAt,
                   Instant firstDelivery, Instant deliverUntil);

    /** Jobs with a result whose delivery is due and not given up. */
    List<AsyncJob> dueDeliveries(Instant now, int limit);

    /** Moves a job's next delivery to {@code until} while an attempt runs, so it is not picked again meanwhile. */
    void leaseDelivery(String id, Instant until);

    /** After a restart no attempt is running: every undelivered result is due now. @return how many */
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
