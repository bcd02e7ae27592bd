package dev.inferd.runtime.java;

import dev.inferd.config.AsyncSettings;
import dev.inferd.config.HttpSettings;
import dev.inferd.testing.HttpAnswer;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Java function that is nearly always fast and now and then slow (a cache miss, a lock, a pause)
 * is the normal case. After thousands of fast calls, a slow one still answers 504 when its
 * {@code timeout_seconds} pass, and meanwhile the health check and other deployments answer at once.
 * One event loop, so that a call run on it would hold up every other request. Each test warms its
 * deployment up first, so that none depends on what another one left behind.
 */
class SlowJavaCallsCannotStallTheServerTest {
    private static final long SLOW_INPUT = 424242;
    private static final Duration WELL_UNDER_A_SECOND = Duration.ofMillis(500);

    @RegisterExtension
    static final TestServer server = TestServer.perClass(settings -> settings
            .set(HttpSettings::eventLoops, 1)
            .set(AsyncSettings::allowPrivateWebhooks, true));

    @BeforeAll
    static void deploy() {
        server.deployJavaClass("jslow", "Slow", "f", """
                public static long f(long x) throws Exception {
                    if (x == 424242) Thread.sleep(5000);
                    return x + 1;
                }
                """);
        server.deployJavaClass("jspin", "Spin", "f", """
                /** Spins for four seconds on the slow input, and swallows every interrupt. */
                public static long f(long x) {
                    if (x == 424242) {
                        long end = System.nanoTime() + 4_000_000_000L;
                        while (System.nanoTime() < end) {
                            Thread.interrupted();
                        }
                    }
                    return x + 1;
                }
                """);
        server.deployJavaClass("jrecord", "Checked", "f", """
                public record Item(long value) {
                    public Item {
                        if (value == 424242) {
                            try { Thread.sleep(5000); } catch (InterruptedException e) { throw new IllegalStateException(e); }
                        }
                    }
                }
                public static long f(Item item) { return item.value() + 1; }
                """);
        server.deployJavaClass("jother", "Other", "f", "public static long f(long x) { return x * 2; }");
    }

    @Test
    void aSlowCallAfterAWarmUpOfFastCallsTimesOutAtItsTimeout() throws Exception {
        warmUp("jslow");

        Timed<HttpAnswer> slow = Timed.of(() -> server.post("/v1/jslow", "{\"data\": 424242, \"timeout_seconds\": 1}"));

        assertTimedOut(slow.value());
        assertThat(slow.took()).isBetween(Duration.ofMillis(900), Duration.ofMillis(2500));
    }

    @Test
    void aSlowItemInABatchParsedOnAnInvocationThreadTimesOutAtItsTimeout() throws Exception {
        warmUp("jslow");
        // Over 4 KiB, so the body is parsed on an invocation thread, which then runs the batch itself.
        StringBuilder items = new StringBuilder("[[0, 424242]");
        for (int i = 1; i < 600; i++) {
            items.append(", [").append(i).append(", ").append(i).append(']');
        }
        String body = "{\"data\": " + items.append(']') + ", \"timeout_seconds\": 1}";

        Timed<HttpAnswer> slow = Timed.of(() -> server.post("/v1/jslow", body));

        assertTimedOut(slow.value());
        assertThat(slow.took()).isBetween(Duration.ofMillis(900), Duration.ofMillis(2500));
    }

    @Test
    void theHealthCheckAnswersAtOnceWhileASlowCallRuns() throws Exception {
        assertHealthyAtOnceWhile("jslow");
    }

    @Test
    void aBusyLoopThatIgnoresInterruptsStillTimesOutAtItsTimeout() throws Exception {
        warmUp("jspin");

        Timed<HttpAnswer> spin = Timed.of(() -> server.post("/v1/jspin", "{\"data\": 424242, \"timeout_seconds\": 1}"));

        assertTimedOut(spin.value());
        assertThat(spin.took()).isBetween(Duration.ofMillis(900), Duration.ofMillis(2500));
    }

    @Test
    void theHealthCheckAnswersAtOnceWhileABusyLoopRuns() throws Exception {
        assertHealthyAtOnceWhile("jspin");
    }

    @Test
    void anotherDeploymentAnswersAtOnceWhileASlowCallRuns() throws Exception {
        warmUp("jslow");
        ExecutorService caller = Executors.newSingleThreadExecutor();
        try {
            CompletableFuture<HttpAnswer> slow = CompletableFuture.supplyAsync(
                    () -> server.post("/v1/jslow", "{\"data\": 424242, \"timeout_seconds\": 3}"), caller);
            Thread.sleep(200);

            Timed<HttpAnswer> other = Timed.of(() -> server.call("jother", "21"));

            assertThat(other.value().body()).isEqualTo("{\"data\":42}");
            assertThat(other.took()).isLessThan(WELL_UNDER_A_SECOND);
            assertTimedOut(slow.get(10, TimeUnit.SECONDS));
        } finally {
            caller.shutdownNow();
        }
    }

    @Test
    void bindingAnArgumentWhoseConstructorIsSlowIsHeldToTheTimeoutToo() throws Exception {
        // An async call's arguments are bound before it is accepted; a record's constructor is user code.
        String body = "{\"data\": {\"value\": 424242}, \"timeout_seconds\": 1,"
                + " \"response_webhook\": \"http://127.0.0.1:9/never\"}";
        ExecutorService caller = Executors.newSingleThreadExecutor();
        try {
            long start = System.nanoTime();
            CompletableFuture<HttpAnswer> slow = CompletableFuture.supplyAsync(() -> server.post("/v1/jrecord", body), caller);
            Thread.sleep(200);

            Timed<HttpAnswer> health = Timed.of(() -> server.get("/healthz"));
            HttpAnswer answer = slow.get(10, TimeUnit.SECONDS);

            assertThat(health.took()).isLessThan(WELL_UNDER_A_SECOND);
            assertTimedOut(answer);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2500));
        } finally {
            caller.shutdownNow();
        }
    }

    private static void assertHealthyAtOnceWhile(String deployment) throws Exception {
        warmUp(deployment);
        ExecutorService caller = Executors.newSingleThreadExecutor();
        try {
            CompletableFuture<HttpAnswer> slow = CompletableFuture.supplyAsync(
                    () -> server.post("/v1/" + deployment, "{\"data\": 424242, \"timeout_seconds\": 2}"), caller);
            Thread.sleep(300);

            Timed<HttpAnswer> health = Timed.of(() -> server.get("/healthz"));

            assertThat(health.value().status()).isEqualTo(200);
            assertThat(health.took()).isLessThan(WELL_UNDER_A_SECOND);
            assertThat(slow.isDone()).as("the slow call was still running while the health check was answered").isFalse();
            assertTimedOut(slow.get(10, TimeUnit.SECONDS));
        } finally {
            caller.shutdownNow();
        }
    }

    /** Fast calls from two connections at once, as {@code wrk -c2} sends them, then batches: more than any warm-up takes. */
    private static void warmUp(String deployment) throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(2);
        try {
            CompletableFuture<?>[] both = new CompletableFuture<?>[2];
            for (int c = 0; c < both.length; c++) {
                int offset = c;
                both[c] = CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < 3_000; i++) {
                        HttpAnswer answer = server.call(deployment, Integer.toString(2 * i + offset));
                        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
                    }
                }, callers);
            }
            CompletableFuture.allOf(both).get(120, TimeUnit.SECONDS);
        } finally {
            callers.shutdownNow();
        }
        StringBuilder batch = new StringBuilder("[");
        for (int i = 0; i < 1_000; i++) {
            batch.append(i == 0 ? "" : ",").append('[').append(i).append(',').append(i).append(']');
        }
        String items = batch.append(']').toString();
        for (int i = 0; i < 5; i++) {
            assertThat(server.call(deployment, items).status()).isEqualTo(200);
        }
    }

    private static void assertTimedOut(HttpAnswer answer) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(504);
        assertThat(answer.errorCode()).isEqualTo("timeout");
    }

    private record Timed<T>(T value, Duration took) {
        static <T> Timed<T> of(Supplier<T> action) {
            long start = System.nanoTime();
            T value = action.get();
            return new Timed<>(value, Duration.ofNanos(System.nanoTime() - start));
        }
    }
}
