package dev.inferd.invoke.async;

import dev.inferd.config.AsyncSettings;
import dev.inferd.testing.Eventually;
import dev.inferd.testing.HttpAnswer;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Map;

import static dev.inferd.invoke.async.AsyncCalls.body;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An async call is counted against its deployment's {@code rate_limit_per_minute} when it is
 * accepted, as a synchronous call is when it runs, and refused over it with the same answer; the
 * job, once it runs, is not counted a second time. Each test uses its own deployment with a cap of
 * 3 items, and starts only with enough of the current minute left for its counts to stay in it.
 */
class AsyncCallsCountAgainstTheRateLimitOnceTest {
    private static final Duration ENOUGH_OF_THE_MINUTE = Duration.ofSeconds(10);

    @RegisterExtension
    static final TestServer server = TestServer.perClass(settings -> settings.set(AsyncSettings::allowPrivateWebhooks, true));
    static WebhookReceiver receiver;

    @BeforeAll
    static void startTheReceiverAndDeploy() {
        receiver = WebhookReceiver.start();
        for (String name : new String[] {"counted_refused", "counted_once"}) {
            HttpAnswer deployed = server.deployJava(name, "Doubler#twice",
                    Map.of("Doubler.java", "public class Doubler { public static long twice(long x) { return 2 * x; } }"),
                    Map.of("rate_limit_per_minute", 3));
            assertThat(deployed.status()).as("deploy of %s: %s", name, deployed).isEqualTo(201);
        }
    }

    @AfterAll
    static void stopTheReceiver() {
        receiver.close();
    }

    @BeforeEach
    void waitForAMinuteWithEnoughLeft() {
        long minute = System.currentTimeMillis() / 60_000;
        if ((minute + 1) * 60_000 - System.currentTimeMillis() < ENOUGH_OF_THE_MINUTE.toMillis()) {
            Eventually.holds("a new calendar minute", ENOUGH_OF_THE_MINUTE, () -> System.currentTimeMillis() / 60_000 > minute);
        }
    }

    @Test
    void anAsyncCallOverTheCapIsRefusedAsASynchronousOneIsAndGetsNoBatchId() {
        assertThat(server.call("counted_refused", "[[1, 1], [2, 2]]").status()).isEqualTo(200);
        HttpAnswer synchronous = server.call("counted_refused", "[[1, 1], [2, 2]]");

        HttpAnswer async = server.post("/v1/counted_refused", asyncBatchOfTwo());

        assertThat(synchronous.status()).as(synchronous.toString()).isEqualTo(429);
        assertThat(async.status()).as(async.toString()).isEqualTo(429);
        assertThat(async.errorCode()).isEqualTo("rate_limited");
        assertThat(async.errorMessage()).isEqualTo(synchronous.errorMessage());
        assertThat(async.header("Retry-After")).isNotNull();
        assertThat(async.header("x-batch-id")).isNull();
    }

    @Test
    void anAcceptedJobIsCountedWhenAcceptedAndNotAgainWhenItRuns() {
        String batchId = AsyncCalls.accepted(server, "counted_once", asyncBatchOfTwo());
        AsyncCalls.awaitDelivered(server, batchId);

        HttpAnswer third = server.call("counted_once", "1");
        HttpAnswer fourth = server.call("counted_once", "1");

        assertThat(third.status()).as("the third item of the minute: %s", third).isEqualTo(200);
        assertThat(fourth.status()).as("the fourth item of the minute: %s", fourth).isEqualTo(429);
        assertThat(fourth.errorCode()).isEqualTo("rate_limited");
    }

    private static String asyncBatchOfTwo() {
        return body("[[1, 1], [2, 2]]", receiver.url("/counted"));
    }
}
