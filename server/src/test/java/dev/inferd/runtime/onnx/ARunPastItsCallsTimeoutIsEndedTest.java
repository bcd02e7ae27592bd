package dev.inferd.runtime.onnx;

import dev.inferd.config.InvocationSettings;
import dev.inferd.testing.HttpAnswer;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/onnx-runtime.md, timeouts: a run still going when its call's {@code timeout_seconds} passes
 * is told to stop by ONNX Runtime's run termination, and the version serves on. The test model
 * slow_counter counts up to its argument one step of a Loop at a time (about a microsecond a step
 * here), so 30,000,000 is a run of half a minute, and 3 a run of a moment. The server has a single
 * invocation thread, which that run holds for as long as it goes on: the next call is answered at
 * once only if the run was really ended, not merely no longer waited for.
 */
class ARunPastItsCallsTimeoutIsEndedTest {
    private static final String HALF_A_MINUTE_OF_STEPS = "30000000";

    @RegisterExtension
    static final TestServer server = TestServer.perClass(settings -> settings.set(InvocationSettings::threads, 1));

    @BeforeAll
    static void deployTheSlowCounter() {
        OnnxBundles.deployed(server, "slow_counter");
    }

    private static HttpAnswer countToHalfAMinuteWithATimeoutOf1s() {
        return server.post("/v1/slow_counter", "{\"data\": " + HALF_A_MINUTE_OF_STEPS + ", \"timeout_seconds\": 1}");
    }

    @Test
    void aRunPastTheTimeoutAnswers504WithinAboutTheTimeout() {
        Timed<HttpAnswer> slow = Timed.of(ARunPastItsCallsTimeoutIsEndedTest::countToHalfAMinuteWithATimeoutOf1s);

        assertThat(slow.value().status()).as(slow.value().toString()).isEqualTo(504);
        assertThat(slow.value().errorCode()).isEqualTo("timeout");
        assertThat(slow.took()).isGreaterThanOrEqualTo(Duration.ofMillis(900)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void theRunIsEndedSoTheNextCallIsAnsweredAtOnce() {
        assertThat(countToHalfAMinuteWithATimeoutOf1s().status()).isEqualTo(504);

        Timed<HttpAnswer> next = Timed.of(() -> server.call("slow_counter", "3"));

        assertThat(next.value().body()).isEqualTo("{\"data\":3}");
        assertThat(next.took()).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void aVersionDeletedWhileItsRunIsBeingEndedIsClosedOnlyOnceTheRunHasEnded() throws Exception {
        OnnxBundles.deployed(server, "doubler");
        HttpAnswer deployed = OnnxBundles.deploy(server, "deleted_counter", "runtime: onnx\nmodel: slow_counter.onnx\n",
                Map.of("slow_counter.onnx", OnnxBundles.testModel("slow_counter")));
        assertThat(deployed.status()).isEqualTo(201);
        CompletableFuture<HttpAnswer> slow = CompletableFuture.supplyAsync(() ->
                server.post("/v1/deleted_counter", "{\"data\": " + HALF_A_MINUTE_OF_STEPS + ", \"timeout_seconds\": 1}"));
        Thread.sleep(300);

        // Retired under its running call: the model closes when the call ends, at its timeout, while
        // ONNX Runtime is still ending the run. A session closed under a run crashes the process.
        assertThat(server.delete("/api/deployments/deleted_counter").status()).isEqualTo(200);

        assertThat(slow.get().status()).isEqualTo(504);
        Thread.sleep(500);
        assertThat(server.get("/healthz").status()).isEqualTo(200);
        assertThat(server.call("doubler", "2").body()).isEqualTo("{\"data\":4.0}");
    }

    private record Timed<T>(T value, Duration took) {
        static <T> Timed<T> of(Supplier<T> action) {
            long start = System.nanoTime();
            T value = action.get();
            return new Timed<>(value, Duration.ofNanos(System.nanoTime() - start));
        }
    }
}
