package dev.inferd.invoke.async;

import dev.inferd.store.SqliteDatabase;
import dev.inferd.store.SqliteJobStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The job store's side of async calls, on a real SQLite file: jobs are claimed oldest first,
 * running jobs go back to the queue after a crash, deliveries come due, and only jobs that are
 * finished, need no more delivery and are older than the cutoff are removed.
 */
class TheJobStoreKeepsJobsUntilTheyAreDeliveredAndOldTest {
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private static final byte[] RESULT = "{\"data\":1}".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dataDirectory;
    private SqliteDatabase database;
    private SqliteJobStore store;

    @BeforeEach
    void open() {
        database = SqliteDatabase.inDataDirectory(dataDirectory);
        store = new SqliteJobStore(database);
    }

    @AfterEach
    void close() throws Exception {
        database.close();
    }

    @Test
    void anAcceptedJobIsStoredAsSentAndQueued() {
        byte[] request = "{\"data\": 1, \"response_webhook\": \"https://example.com/h?x=1\"}".getBytes(StandardCharsets.UTF_8);
        store.addJob(AsyncJob.accepted("a1", "scorer", 3, request, URI.create("https://example.com/h?x=1"), true,
                Optional.of("http://127.0.0.1:8080/v1/results/"), T0));

        AsyncJob job = store.job("a1").orElseThrow();

        assertThat(job.deployment()).isEqualTo("scorer");
        assertThat(job.version()).isEqualTo(3);
        assertThat(job.request()).isEqualTo(request);
        assertThat(job.webhook()).isEqualTo(URI.create("https://example.com/h?x=1"));
        assertThat(job.ignoreWebhookTimeout()).isTrue();
        assertThat(job.linkBase()).hasValue("http://127.0.0.1:8080/v1/results/");
        assertThat(job.status()).isEqualTo(AsyncJob.Status.QUEUED);
        assertThat(job.createdAt()).isEqualTo(T0);
        assertThat(job.result()).isEmpty();
        assertThat(job.finishedAt()).isEmpty();
        assertThat(job.deliveries()).isZero();
        assertThat(store.job("nobody")).isEmpty();
    }

    @Test
    void queuedJobsAreClaimedOldestFirstAndOnlyOnce() {
        add("late", T0.plusSeconds(2));
        add("early", T0);
        add("middle", T0.plusSeconds(1));

        List<AsyncJob> first = store.claimQueuedJobs(2);
        List<AsyncJob> second = store.claimQueuedJobs(5);

        assertThat(first).extracting(AsyncJob::id).containsExactly("early", "middle");
        assertThat(second).extracting(AsyncJob::id).containsExactly("late");
        assertThat(store.claimQueuedJobs(5)).isEmpty();
        assertThat(store.job("early").orElseThrow().status()).isEqualTo(AsyncJob.Status.RUNNING);
    }

    @Test
    void jobsThatWereRunningAtACrashAreQueuedAgain() {
        add("was_running", T0);
        add("finished", T0.plusSeconds(1));
        store.claimQueuedJobs(2);
        store.finishJob("finished", AsyncJob.Status.DONE, RESULT, 200, T0, T0, T0.plusSeconds(3600));
        add("still_queued", T0.plusSeconds(2));

        assertThat(store.requeueRunningJobs()).isEqualTo(1);

        assertThat(store.job("was_running").orElseThrow().status()).isEqualTo(AsyncJob.Status.QUEUED);
        assertThat(store.job("finished").orElseThrow().status()).isEqualTo(AsyncJob.Status.DONE);
        assertThat(store.claimQueuedJobs(5)).extracting(AsyncJob::id).containsExactly("was_running", "still_queued");
    }

    @Test
    void aFinishedJobIsDueForDeliveryUntilAReceiverAcceptsIt() {
        add("deliver", T0);
        store.claimQueuedJobs(1);
        store.finishJob("deliver", AsyncJob.Status.FAILED, RESULT, 500, T0, T0, T0.plusSeconds(3600));

        assertThat(store.dueDeliveries(T0, 10)).extracting(AsyncJob::id).containsExactly("deliver");
        store.deliveryFailed("deliver", "the receiver answered 503", Optional.of(T0.plusSeconds(2)));
        assertThat(store.dueDeliveries(T0.plusSeconds(1), 10)).isEmpty();
        assertThat(store.dueDeliveries(T0.plusSeconds(2), 10)).extracting(AsyncJob::id).containsExactly("deliver");

        store.deliveryAccepted("deliver", T0.plusSeconds(2));

        AsyncJob job = store.job("deliver").orElseThrow();
        assertThat(store.dueDeliveries(T0.plusSeconds(3600), 10)).isEmpty();
        assertThat(job.deliveries()).isEqualTo(2);
        assertThat(job.deliveredAt()).hasValue(T0.plusSeconds(2));
        assertThat(job.lastDeliveryError()).isEmpty();
        assertThat(job.status()).isEqualTo(AsyncJob.Status.FAILED);
        assertThat(job.resultStatus()).hasValue(500);
        assertThat(job.result()).hasValue(RESULT);
    }

    @Test
    void onlyJobsFinishedBeforeTheCutoffThatNeedNoMoreDeliveryAreRemoved() {
        Instant cutoff = T0.plus(Duration.ofHours(24));
        List<String> finishing = List.of("delivered_old", "given_up_old", "awaiting_old", "delivered_young");
        add("running", T0);
        for (String id : finishing) {
            add(id, T0.plusSeconds(1));
        }
        add("queued", T0.plusSeconds(2));
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

    private void add(String id, Instant createdAt) {
        store.addJob(AsyncJob.accepted(id, "scorer", 1, "{\"data\": 1}".getBytes(StandardCharsets.UTF_8),
                URI.create("https://example.com/hook"), false, Optional.empty(), createdAt));
    }
}
