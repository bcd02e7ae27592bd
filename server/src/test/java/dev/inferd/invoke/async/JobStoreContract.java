package dev.inferd.invoke.async;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link JobStore} does, whatever keeps the rows: jobs are claimed oldest first, by one
 * owner at a time, under a lease that its owner renews and that lets others claim the job once it
 * has ended; a new run of a node takes back its earlier runs' jobs; a job is finished once;
 * deliveries come due and are leased; only jobs that are finished, need no more delivery and are
 * older than the cutoff are removed; result links read until they expire. An implementation's test
 * extends this class and says how to open its store.
 */
public abstract class JobStoreContract {
    protected static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final byte[] RESULT = "{\"data\":1}".getBytes(StandardCharsets.UTF_8);
    protected static final JobOwner HERE = new JobOwner("here", "run1");
    private static final JobOwner HERE_RESTARTED = new JobOwner("here", "run2");
    private static final JobOwner ELSEWHERE = new JobOwner("elsewhere", "run1");

    /**
     * A store over this test's storage, empty at the test's first call. Every further call opens
     * another store on the same storage, as another server sharing it would.
     */
    protected abstract JobStore openStore();

    @Test
    void anAcceptedJobIsStoredAsSentAndQueued() {
        JobStore store = openStore();
        byte[] request = "{\"data\": 1, \"response_webhook\": \"https://example.com/h?x=1\"}".getBytes(StandardCharsets.UTF_8);
        store.addJob(AsyncJob.accepted("a1", "scorer", 3, request, URI.create("https://example.com/h?x=1"), true,
                Optional.of("http://127.0.0.1:8080/v1/results/"), T0));

        AsyncJob job = store.job("a1").orElseThrow();

        assertThat(job.id()).isEqualTo("a1");
        assertThat(job.deployment()).isEqualTo("scorer");
        assertThat(job.version()).isEqualTo(3);
        assertThat(job.request()).isEqualTo(request);
        assertThat(job.webhook()).isEqualTo(URI.create("https://example.com/h?x=1"));
        assertThat(job.ignoreWebhookTimeout()).isTrue();
        assertThat(job.linkBase()).hasValue("http://127.0.0.1:8080/v1/results/");
        assertThat(job.status()).isEqualTo(AsyncJob.Status.QUEUED);
        assertThat(job.createdAt()).isEqualTo(T0);
        assertThat(job.result()).isEmpty();
        assertThat(job.resultStatus()).isEmpty();
        assertThat(job.finishedAt()).isEmpty();
        assertThat(job.deliveries()).isZero();
        assertThat(job.deliveredAt()).isEmpty();
        assertThat(job.nextDeliveryAt()).isEmpty();
        assertThat(job.deliverUntil()).isEmpty();
        assertThat(job.lastDeliveryError()).isEmpty();
        assertThat(store.job("nobody")).isEmpty();
    }

    @Test
    void aJobWithoutLinksIsReadBackWithoutALinkBase() {
        JobStore store = openStore();
        add(store, "plain", T0);

        assertThat(store.job("plain").orElseThrow().linkBase()).isEmpty();
        assertThat(store.job("plain").orElseThrow().ignoreWebhookTimeout()).isFalse();
    }

    @Test
    void onlyQueuedJobsAreCounted() {
        JobStore store = openStore();
        add(store, "first", T0);
        add(store, "second", T0.plusSeconds(1));
        add(store, "third", T0.plusSeconds(2));

        assertThat(store.queuedJobCount()).isEqualTo(3);
        claim(store, 1);
        assertThat(store.queuedJobCount()).isEqualTo(2);
    }

    @Test
    void queuedJobsAreClaimedOldestFirstAndOnlyOnce() {
        JobStore store = openStore();
        add(store, "late", T0.plusSeconds(2));
        add(store, "early", T0);
        add(store, "middle", T0.plusSeconds(1));

        List<AsyncJob> first = store.claimJobs(HERE, T0, T0.plus(LEASE), 2);
        List<AsyncJob> second = openStore().claimJobs(ELSEWHERE, T0, T0.plus(LEASE), 5);

        assertThat(first).extracting(AsyncJob::id).containsExactly("early", "middle");
        assertThat(second).extracting(AsyncJob::id).containsExactly("late");
        assertThat(store.claimJobs(HERE, T0, T0.plus(LEASE), 5)).isEmpty();
        assertThat(first).extracting(AsyncJob::status).containsOnly(AsyncJob.Status.RUNNING);
        assertThat(store.job("early").orElseThrow().status()).isEqualTo(AsyncJob.Status.RUNNING);
    }

    @Test
    void aRunningJobIsClaimedAgainOnceItsLeaseHasEnded() {
        JobStore store = openStore();
        add(store, "abandoned", T0);
        store.claimJobs(HERE, T0, T0.plus(LEASE), 5);

        assertThat(store.claimJobs(ELSEWHERE, T0.plus(LEASE).minusMillis(1), T0.plus(LEASE).plus(LEASE), 5)).isEmpty();
        List<AsyncJob> takenOver = openStore().claimJobs(ELSEWHERE, T0.plus(LEASE), T0.plus(LEASE).plus(LEASE), 5);

        assertThat(takenOver).extracting(AsyncJob::id).containsExactly("abandoned");
        assertThat(takenOver).extracting(AsyncJob::status).containsOnly(AsyncJob.Status.RUNNING);
        assertThat(store.claimJobs(HERE, T0.plus(LEASE), T0.plus(LEASE).plus(LEASE), 5)).as("held by its new owner").isEmpty();
        assertThat(store.renewLeases(HERE, List.of("abandoned"), T0.plus(LEASE).plus(LEASE))).as("lost by its old owner").isEmpty();
    }

    @Test
    void aRenewedLeaseKeepsTheJobFromOtherOwners() {
        JobStore store = openStore();
        add(store, "long_running", T0);
        store.claimJobs(HERE, T0, T0.plus(LEASE), 5);

        assertThat(store.renewLeases(HERE, List.of("long_running"), T0.plusSeconds(10).plus(LEASE))).containsExactly("long_running");

        assertThat(store.claimJobs(ELSEWHERE, T0.plus(LEASE), T0.plus(LEASE).plus(LEASE), 5)).isEmpty();
        assertThat(store.claimJobs(ELSEWHERE, T0.plusSeconds(10).plus(LEASE), T0.plus(LEASE).plus(LEASE), 5))
                .extracting(AsyncJob::id).containsExactly("long_running");
    }

    @Test
    void anOwnerRenewsOnlyTheLeasesItHoldsOnRunningJobs() {
        JobStore store = openStore();
        running(store, "mine", T0, HERE);
        running(store, "theirs", T0.plusSeconds(1), ELSEWHERE);
        running(store, "finished", T0.plusSeconds(2), HERE);
        store.finishJob("finished", AsyncJob.Status.DONE, RESULT, 200, T0, T0, T0.plusSeconds(3600));
        add(store, "queued", T0.plusSeconds(3));

        Set<String> renewed = store.renewLeases(HERE, List.of("mine", "theirs", "finished", "queued", "nobody"), T0.plusSeconds(60));

        assertThat(renewed).containsExactly("mine");
        assertThat(store.renewLeases(HERE_RESTARTED, List.of("mine"), T0.plusSeconds(60))).as("another run of the node").isEmpty();
        assertThat(store.claimJobs(ELSEWHERE, T0.plus(LEASE), T0.plusSeconds(90), 5)).as("theirs ran out, mine was renewed")
                .extracting(AsyncJob::id).containsExactly("theirs", "queued");
    }

    @Test
    void aNewRunOfANodeTakesBackTheJobsItsEarlierRunsHeldAtOnce() {
        JobStore store = openStore();
        running(store, "held_by_the_last_run", T0, HERE);
        running(store, "held_elsewhere", T0.plusSeconds(1), ELSEWHERE);
        running(store, "finished_by_the_last_run", T0.plusSeconds(2), HERE);
        store.finishJob("finished_by_the_last_run", AsyncJob.Status.DONE, RESULT, 200, T0, T0, T0.plusSeconds(3600));
        running(store, "held_by_this_run", T0.plusSeconds(3), HERE_RESTARTED);
        add(store, "still_queued", T0.plusSeconds(4));

        assertThat(openStore().requeueJobsOfEarlierRuns(HERE_RESTARTED)).isEqualTo(1);

        assertThat(store.job("held_by_the_last_run").orElseThrow().status()).isEqualTo(AsyncJob.Status.QUEUED);
        assertThat(store.job("held_elsewhere").orElseThrow().status()).isEqualTo(AsyncJob.Status.RUNNING);
        assertThat(store.job("finished_by_the_last_run").orElseThrow().status()).isEqualTo(AsyncJob.Status.DONE);
        assertThat(store.job("held_by_this_run").orElseThrow().status()).isEqualTo(AsyncJob.Status.RUNNING);
        assertThat(store.queuedJobCount()).isEqualTo(2);
        assertThat(store.claimJobs(HERE_RESTARTED, T0.plusSeconds(1), T0.plusSeconds(31), 5)).extracting(AsyncJob::id)
                .containsExactly("held_by_the_last_run", "still_queued");
        assertThat(store.requeueJobsOfEarlierRuns(HERE_RESTARTED)).as("its own jobs stay its own").isZero();
    }

    @Test
    void jobsWhoseLeaseEndedAndQueuedJobsAreClaimedTogetherOldestFirst() {
        JobStore store = openStore();
        add(store, "oldest_abandoned", T0);
        add(store, "still_held", T0.plusSeconds(1));
        store.claimJobs(ELSEWHERE, T0, T0.plus(LEASE), 2);
        store.renewLeases(ELSEWHERE, List.of("still_held"), T0.plus(Duration.ofHours(1)));
        add(store, "queued", T0.plusSeconds(2));

        assertThat(store.claimJobs(HERE, T0.plus(LEASE), T0.plus(LEASE).plus(LEASE), 5)).extracting(AsyncJob::id)
                .containsExactly("oldest_abandoned", "queued");
    }

    @Test
    void aJobIsFinishedOnlyWhileRunningAndKeepsItsFirstAnswer() {
        JobStore store = openStore();
        add(store, "job", T0);

        assertThat(store.finishJob("job", AsyncJob.Status.DONE, RESULT, 200, T0, T0, T0.plusSeconds(3600))).as("queued").isFalse();
        assertThat(store.job("job").orElseThrow().status()).isEqualTo(AsyncJob.Status.QUEUED);
        assertThat(store.job("job").orElseThrow().result()).isEmpty();

        claim(store, 1);
        assertThat(store.finishJob("job", AsyncJob.Status.DONE, RESULT, 200, T0.plusSeconds(1), T0.plusSeconds(1),
                T0.plusSeconds(3600))).isTrue();
        byte[] later = "{\"data\":2}".getBytes(StandardCharsets.UTF_8);
        assertThat(store.finishJob("job", AsyncJob.Status.FAILED, later, 500, T0.plusSeconds(2), T0.plusSeconds(2),
                T0.plusSeconds(3600))).as("finished already").isFalse();
        assertThat(store.finishJob("nobody", AsyncJob.Status.DONE, RESULT, 200, T0, T0, T0)).isFalse();

        AsyncJob job = store.job("job").orElseThrow();
        assertThat(job.status()).isEqualTo(AsyncJob.Status.DONE);
        assertThat(job.result()).hasValue(RESULT);
        assertThat(job.resultStatus()).hasValue(200);
        assertThat(job.finishedAt()).hasValue(T0.plusSeconds(1));
    }

    @Test
    void aFinishedJobKeepsItsAnswerAndIsDueForItsFirstDelivery() {
        JobStore store = openStore();
        running(store, "finished", T0, HERE);

        store.finishJob("finished", AsyncJob.Status.DONE, RESULT, 200, T0.plusSeconds(5), T0.plusSeconds(6), T0.plusSeconds(3600));

        AsyncJob job = store.job("finished").orElseThrow();
        assertThat(job.status()).isEqualTo(AsyncJob.Status.DONE);
        assertThat(job.result()).hasValue(RESULT);
        assertThat(job.resultStatus()).hasValue(200);
        assertThat(job.finishedAt()).hasValue(T0.plusSeconds(5));
        assertThat(job.nextDeliveryAt()).hasValue(T0.plusSeconds(6));
        assertThat(job.deliverUntil()).hasValue(T0.plusSeconds(3600));
        assertThat(store.dueDeliveries(T0.plusSeconds(5), 10)).isEmpty();
        assertThat(store.dueDeliveries(T0.plusSeconds(6), 10)).extracting(AsyncJob::id).containsExactly("finished");
    }

    @Test
    void aFinishedJobIsDueForDeliveryUntilAReceiverAcceptsIt() {
        JobStore store = openStore();
        running(store, "deliver", T0, HERE);
        store.finishJob("deliver", AsyncJob.Status.FAILED, RESULT, 500, T0, T0, T0.plusSeconds(3600));

        assertThat(store.dueDeliveries(T0, 10)).extracting(AsyncJob::id).containsExactly("deliver");
        store.deliveryFailed("deliver", "the receiver answered 503", Optional.of(T0.plusSeconds(2)));
        assertThat(store.job("deliver").orElseThrow().lastDeliveryError()).hasValue("the receiver answered 503");
        assertThat(store.dueDeliveries(T0.plusSeconds(1), 10)).isEmpty();
        assertThat(store.dueDeliveries(T0.plusSeconds(2), 10)).extracting(AsyncJob::id).containsExactly("deliver");

        store.deliveryAccepted("deliver", T0.plusSeconds(2));

        AsyncJob job = store.job("deliver").orElseThrow();
        assertThat(store.dueDeliveries(T0.plusSeconds(3600), 10)).isEmpty();
        assertThat(job.deliveries()).isEqualTo(2);
        assertThat(job.deliveredAt()).hasValue(T0.plusSeconds(2));
        assertThat(job.nextDeliveryAt()).isEmpty();
        assertThat(job.lastDeliveryError()).isEmpty();
        assertThat(job.status()).isEqualTo(AsyncJob.Status.FAILED);
        assertThat(job.resultStatus()).hasValue(500);
        assertThat(job.result()).hasValue(RESULT);
    }

    @Test
    void aDeliveryFailedWithoutARetryIsGivenUp() {
        JobStore store = openStore();
        finished(store, "given_up", T0);

        store.deliveryFailed("given_up", "the receiver answered 404", Optional.empty());

        AsyncJob job = store.job("given_up").orElseThrow();
        assertThat(job.deliveries()).isEqualTo(1);
        assertThat(job.deliveredAt()).isEmpty();
        assertThat(job.nextDeliveryAt()).isEmpty();
        assertThat(job.lastDeliveryError()).hasValue("the receiver answered 404");
        assertThat(store.dueDeliveries(T0.plus(Duration.ofDays(365)), 10)).isEmpty();
    }

    @Test
    void dueDeliveriesComeEarliestFirstUpToTheLimit() {
        JobStore store = openStore();
        finished(store, "third", T0.plusSeconds(3));
        finished(store, "first", T0.plusSeconds(1));
        finished(store, "second", T0.plusSeconds(2));
        finished(store, "not_yet", T0.plusSeconds(60));

        assertThat(store.dueDeliveries(T0.plusSeconds(10), 2)).extracting(AsyncJob::id).containsExactly("first", "second");
        assertThat(store.dueDeliveries(T0.plusSeconds(10), 10)).extracting(AsyncJob::id).containsExactly("first", "second", "third");
    }

    @Test
    void aLeasedDeliveryIsNotDueUntilItsLeaseEnds() {
        JobStore store = openStore();
        finished(store, "leased", T0);

        store.leaseDelivery("leased", T0.plusSeconds(300));

        assertThat(store.dueDeliveries(T0.plusSeconds(299), 10)).isEmpty();
        assertThat(store.dueDeliveries(T0.plusSeconds(300), 10)).extracting(AsyncJob::id).containsExactly("leased");
    }

    @Test
    void claimedDeliveriesAreLeasedEachUntilItsOwnTime() {
        JobStore store = openStore();
        finished(store, "first", T0);
        finished(store, "second", T0.plusSeconds(1));

        List<AsyncJob> claimed = store.claimDeliveries(T0.plusSeconds(5), 10,
                job -> T0.plusSeconds(job.id().equals("first") ? 100 : 200));

        assertThat(claimed).extracting(AsyncJob::id).containsExactly("first", "second");
        assertThat(store.dueDeliveries(T0.plusSeconds(99), 10)).isEmpty();
        assertThat(store.dueDeliveries(T0.plusSeconds(100), 10)).extracting(AsyncJob::id).containsExactly("first");
        assertThat(store.claimDeliveries(T0.plusSeconds(150), 10, job -> T0.plusSeconds(1000)))
                .extracting(AsyncJob::id).containsExactly("first");
    }

    @Test
    void storesClaimingAtOnceClaimEachJobAndEachDeliveryOnce() throws Exception {
        JobStore setup = openStore();
        for (int i = 0; i < 40; i++) {
            add(setup, "job" + i, T0.plusMillis(i));
        }
        for (int i = 0; i < 20; i++) {
            String id = "done" + i;
            add(setup, id, T0.minusSeconds(60));
            setup.claimJobs(HERE, T0.minusSeconds(60), T0.minusSeconds(30), 1);
            setup.finishJob(id, AsyncJob.Status.DONE, RESULT, 200, T0, T0, T0.plusSeconds(3600));
        }
        List<JobStore> stores = List.of(openStore(), openStore(), openStore(), openStore());
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(stores.size());
        try {
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<List<String>>> claims = new java.util.ArrayList<>();
            for (int i = 0; i < stores.size(); i++) {
                JobStore store = stores.get(i);
                JobOwner owner = new JobOwner("node" + i, "run");
                claims.add(threads.submit(() -> {
                    start.await();
                    List<String> ids = new java.util.ArrayList<>();
                    for (int round = 0; round < 20; round++) {
                        store.claimJobs(owner, T0, T0.plus(LEASE), 3).forEach(job -> ids.add(job.id()));
                        store.claimDeliveries(T0, 2, job -> T0.plus(LEASE)).forEach(job -> ids.add("delivery of " + job.id()));
                    }
                    return ids;
                }));
            }
            start.countDown();
            List<String> all = new java.util.ArrayList<>();
            for (java.util.concurrent.Future<List<String>> claim : claims) {
                all.addAll(claim.get(60, java.util.concurrent.TimeUnit.SECONDS));
            }

            assertThat(all).doesNotHaveDuplicates().hasSize(60);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void onlyJobsFinishedBeforeTheCutoffThatNeedNoMoreDeliveryAreRemoved() {
        JobStore store = openStore();
        Instant cutoff = T0.plus(Duration.ofHours(24));
        List<String> finishing = List.of("delivered_old", "given_up_old", "awaiting_old", "delivered_young");
        add(store, "running", T0);
        for (String id : finishing) {
            add(store, id, T0.plusSeconds(1));
        }
        add(store, "queued", T0.plusSeconds(2));
        assertThat(claim(store, 1 + finishing.size())).hasSize(1 + finishing.size());
        for (String id : finishing) {
            Instant finished = id.endsWith("young") ? cutoff.plusSeconds(1) : cutoff.minusSeconds(1);
            store.finishJob(id, AsyncJob.Status.DONE, RESULT, 200, finished, finished, finished.plusSeconds(3600));
        }
        store.deliveryAccepted("delivered_old", cutoff);
        store.deliveryFailed("given_up_old", "the receiver answered 404", Optional.empty());
        store.deliveryFailed("awaiting_old", "the receiver answered 500", Optional.of(cutoff.plusSeconds(60)));
        store.deliveryAccepted("delivered_young", cutoff.plusSeconds(2));

        int removed = store.deleteFinishedJobsBefore(cutoff);

        assertThat(removed).isEqualTo(2);
        assertThat(store.job("delivered_old")).isEmpty();
        assertThat(store.job("given_up_old")).isEmpty();
        assertThat(store.job("awaiting_old")).as("a result still to be delivered is kept").isPresent();
        assertThat(store.job("delivered_young")).isPresent();
        assertThat(store.job("queued").orElseThrow().status()).isEqualTo(AsyncJob.Status.QUEUED);
        assertThat(store.job("running").orElseThrow().status()).isEqualTo(AsyncJob.Status.RUNNING);
    }

    @Test
    void aResultLinkIsReadUntilItExpires() {
        JobStore store = openStore();
        store.addResultLink("link", RESULT, T0.plusSeconds(60));

        assertThat(store.resultLink("link", T0)).hasValueSatisfying(body -> assertThat(body).isEqualTo(RESULT));
        assertThat(openStore().resultLink("link", T0.plusSeconds(59))).hasValueSatisfying(body -> assertThat(body).isEqualTo(RESULT));
        assertThat(store.resultLink("link", T0.plusSeconds(60))).isEmpty();
        assertThat(store.resultLink("nobody", T0)).isEmpty();
    }

    @Test
    void onlyExpiredResultLinksAreDeleted() {
        JobStore store = openStore();
        store.addResultLink("expired", RESULT, T0.plusSeconds(60));
        store.addResultLink("current", RESULT, T0.plusSeconds(61));

        assertThat(store.deleteExpiredResultLinks(T0.plusSeconds(60))).isEqualTo(1);
        assertThat(store.deleteExpiredResultLinks(T0.plusSeconds(60))).isZero();

        assertThat(store.resultLink("current", T0)).isPresent();
        assertThat(store.resultLink("expired", T0)).as("deleted, not only expired").isEmpty();
    }

    /** A job accepted at {@code createdAt} and claimed by {@code owner} at {@link #T0}, when no other job is queued. */
    protected static void running(JobStore store, String id, Instant createdAt, JobOwner owner) {
        add(store, id, createdAt);
        assertThat(store.claimJobs(owner, T0, T0.plus(LEASE), 1)).extracting(AsyncJob::id).containsExactly(id);
    }

    /** Claims for {@link #HERE} at {@link #T0}. */
    private static List<AsyncJob> claim(JobStore store, int limit) {
        return store.claimJobs(HERE, T0, T0.plus(LEASE), limit);
    }

    protected static void add(JobStore store, String id, Instant createdAt) {
        store.addJob(AsyncJob.accepted(id, "scorer", 1, "{\"data\": 1}".getBytes(StandardCharsets.UTF_8),
                URI.create("https://example.com/hook"), false, Optional.empty(), createdAt));
    }

    /** A job run and finished at {@code firstDelivery}, its first delivery due then. */
    protected static void finished(JobStore store, String id, Instant firstDelivery) {
        running(store, id, T0, HERE);
        store.finishJob(id, AsyncJob.Status.DONE, RESULT, 200, firstDelivery, firstDelivery, firstDelivery.plusSeconds(3600));
    }
}
