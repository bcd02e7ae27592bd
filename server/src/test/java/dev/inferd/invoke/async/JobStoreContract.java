package dev.inferd.invoke.async;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link JobStore} does, whatever keeps the rows: jobs are claimed oldest first and
 * once, running jobs go back to the queue after a crash, deliveries come due and are leased, only
 * jobs that are finished, need no more delivery and are older than the cutoff are removed, and
 * result links read until they expire. An implementation's test extends this class and says how
 * to open its store.
 */
public abstract class JobStoreContract {
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private static final byte[] RESULT = "{\"data\":1}".getBytes(StandardCharsets.UTF_8);

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
        store.claimQueuedJobs(1);
        assertThat(store.queuedJobCount()).isEqualTo(2);
    }

    @Test
    void queuedJobsAreClaimedOldestFirstAndOnlyOnce() {
        JobStore store = openStore();
        add(store, "late", T0.plusSeconds(2));
        add(store, "early", T0);
        add(store, "middle", T0.plusSeconds(1));

        List<AsyncJob> first = store.claimQueuedJobs(2);
        List<AsyncJob> second = openStore().claimQueuedJobs(5);

        assertThat(first).extracting(AsyncJob::id).containsExactly("early", "middle");
        assertThat(second).extracting(AsyncJob::id).containsExactly("late");
        assertThat(store.claimQueuedJobs(5)).isEmpty();
        assertThat(store.job("early").orElseThrow().status()).isEqualTo(AsyncJob.Status.RUNNING);
    }

    @Test
    void jobsThatWereRunningAtACrashAreQueuedAgain() {
        JobStore store = openStore();
        add(store, "was_running", T0);
        add(store, "finished", T0.plusSeconds(1));
        store.claimQueuedJobs(2);
        store.finishJob("finished", AsyncJob.Status.DONE, RESULT, 200, T0, T0, T0.plusSeconds(3600));
        add(store, "still_queued", T0.plusSeconds(2));

        assertThat(store.requeueRunningJobs()).isEqualTo(1);

        assertThat(store.job("was_running").orElseThrow().status()).isEqualTo(AsyncJob.Status.QUEUED);
        assertThat(store.job("finished").orElseThrow().status()).isEqualTo(AsyncJob.Status.DONE);
        assertThat(store.claimQueuedJobs(5)).extracting(AsyncJob::id).containsExactly("was_running", "still_queued");
    }

    @Test
    void aFinishedJobKeepsItsAnswerAndIsDueForItsFirstDelivery() {
        JobStore store = openStore();
        add(store, "finished", T0);
        store.claimQueuedJobs(1);

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
        add(store, "deliver", T0);
        store.claimQueuedJobs(1);
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
    void resumingMakesEveryUndeliveredResultDueNow() {
        JobStore store = openStore();
        finished(store, "leased", T0);
        store.leaseDelivery("leased", T0.plusSeconds(300));
        finished(store, "retrying", T0);
        store.deliveryFailed("retrying", "the receiver answered 503", Optional.of(T0.plusSeconds(60)));
        finished(store, "due", T0);
        finished(store, "delivered", T0);
        store.deliveryAccepted("delivered", T0);
        finished(store, "given_up", T0);
        store.deliveryFailed("given_up", "the receiver answered 404", Optional.empty());

        assertThat(store.resumeDeliveries(T0.plusSeconds(1))).isEqualTo(2);

        assertThat(store.dueDeliveries(T0.plusSeconds(1), 10)).extracting(AsyncJob::id)
                .containsExactlyInAnyOrder("leased", "retrying", "due");
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
        assertThat(store.claimQueuedJobs(1 + finishing.size())).hasSize(1 + finishing.size());
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

    private static void add(JobStore store, String id, Instant createdAt) {
        store.addJob(AsyncJob.accepted(id, "scorer", 1, "{\"data\": 1}".getBytes(StandardCharsets.UTF_8),
                URI.create("https://example.com/hook"), false, Optional.empty(), createdAt));
    }

    /** A job run and finished at {@code firstDelivery}, its first delivery due then. */
    private static void finished(JobStore store, String id, Instant firstDelivery) {
        add(store, id, T0);
        assertThat(store.claimQueuedJobs(1)).extracting(AsyncJob::id).containsExactly(id);
        store.finishJob(id, AsyncJob.Status.DONE, RESULT, 200, firstDelivery, firstDelivery, firstDelivery.plusSeconds(3600));
    }
}
