package dev.inferd.invoke.async;

import dev.inferd.store.SqliteDatabase;
import dev.inferd.store.SqlJobStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A server keeps the jobs it runs by renewing their leases; a job whose run ended without an
 * answer, or whose server died, is claimed again once its lease has ended; a start takes back at
 * once what its node's last run left running. Time is a settable clock; the store a real SQLite file.
 */
class JobsRunUnderRenewedLeasesTest {
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    @TempDir
    Path dataDirectory;
    private SqliteDatabase database;
    private JobStore store;
    private final SettableClock clock = new SettableClock(T0);

    @BeforeEach
    void open() {
        database = SqliteDatabase.inDataDirectory(dataDirectory);
        store = new SqlJobStore(database);
    }

    @AfterEach
    void close() {
        database.close();
    }

    private JobLeases server(String node, String run) {
        return new JobLeases(store, new JobOwner(node, run), clock);
    }

    /** Moves the clock on a second at a time, renewing as the job thread's ticks would. */
    private void runFor(Duration duration, JobLeases... servers) {
        Instant until = clock.instant().plus(duration);
        while (clock.instant().isBefore(until)) {
            clock.advance(Duration.ofSeconds(1));
            for (JobLeases server : servers) {
                server.renewWhenDue();
            }
        }
    }

    @Test
    void aJobStillRunningKeepsItsLeaseLongPastTheFirstOne() {
        JobLeases here = server("here", "run1");
        JobLeases elsewhere = server("elsewhere", "run1");
        add("long_running");
        assertThat(here.claim(4)).extracting(AsyncJob::id).containsExactly("long_running");

        runFor(JobLeases.LEASE.multipliedBy(10), here, elsewhere);

        assertThat(elsewhere.claim(4)).isEmpty();
        assertThat(here.running()).isEqualTo(1);
    }

    @Test
    void aJobStillRunningHereWhoseLeaseEndedUnrenewedIsNotStartedHereASecondTime() {
        JobLeases here = server("here", "run1");
        add("unrenewed");
        here.claim(4);

        // No renewals, as when the store failed each one: the lease ends while the job still runs.
        clock.advance(JobLeases.LEASE.plusSeconds(1));

        assertThat(here.claim(4)).isEmpty();
        assertThat(here.running()).isEqualTo(1);
        assertThat(server("elsewhere", "run1").claim(4)).as("the claim renewed the lease").isEmpty();
    }

    @Test
    void aJobWhoseRunEndedWithoutAnAnswerRunsAgainOnceItsLeaseHasEnded() {
        JobLeases here = server("here", "run1");
        add("unanswered");
        here.claim(4);

        here.ended("unanswered");

        assertThat(here.running()).isZero();
        assertClaimedOnlyOnceItsLeaseHasEnded("unanswered", here);
    }

    @Test
    void aDeadServersJobIsTakenOverOnceItsLeaseHasEnded() {
        JobLeases dead = server("dead", "run1");
        JobLeases alive = server("alive", "run1");
        add("orphaned");
        dead.claim(4);

        assertClaimedOnlyOnceItsLeaseHasEnded("orphaned", alive);
    }

    /** Runs {@code claimer} for a lease: the job is not claimed a second before the lease ends, and is at its end. */
    private void assertClaimedOnlyOnceItsLeaseHasEnded(String jobId, JobLeases claimer) {
        runFor(JobLeases.LEASE.minusSeconds(1), claimer);
        assertThat(claimer.claim(4)).isEmpty();
        runFor(Duration.ofSeconds(1), claimer);
        assertThat(claimer.claim(4)).extracting(AsyncJob::id).containsExactly(jobId);
    }

    @Test
    void aStartTakesBackAtOnceTheJobsItsNodesLastRunLeftRunning() {
        JobLeases lastRun = server("here", "run1");
        add("interrupted");
        add("queued");
        lastRun.claim(1);

        JobLeases thisRun = server("here", "run2");

        assertThat(thisRun.takeBackEarlierRuns()).isEqualTo(1);
        assertThat(thisRun.claim(4)).extracting(AsyncJob::id).containsExactly("interrupted", "queued");
    }

    private void add(String id) {
        store.addJob(AsyncJob.accepted(id, "scorer", 1, "{\"data\": 1}".getBytes(StandardCharsets.UTF_8),
                URI.create("https://example.com/hook"), false, Optional.empty(), clock.instant()));
        // Jobs accepted one after the other are claimed in that order.
        clock.advance(Duration.ofMillis(1));
    }
}
