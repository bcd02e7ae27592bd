package dev.inferd.invoke.async;

import com.fasterxml.jackson.databind.JsonNode;
import dev.inferd.config.AsyncSettings;
import dev.inferd.invoke.async.WebhookReceiver.Reply;
import dev.inferd.testing.Eventually;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static dev.inferd.invoke.async.AsyncCalls.body;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Retrying is bounded by the retry window ({@code webhookRetryWindow}, counted from when the job
 * finished): a receiver that keeps failing stops getting attempts, and the result stays readable.
 */
class DeliveriesStopWhenTheRetryWindowClosesTest {
    private static final Duration WINDOW = Duration.ofSeconds(4);

    @RegisterExtension
    static final TestServer server = TestServer.perClass(settings -> settings
            .set(AsyncSettings::allowPrivateWebhooks, true)
            .set(AsyncSettings::webhookRetryWindow, WINDOW));
    static WebhookReceiver receiver;

    @BeforeAll
    static void startTheReceiverAndDeploy() {
        receiver = WebhookReceiver.start().answerByDefault(Reply.status(500));
        server.deployJavaClass("window_doubler", "Doubler", "twice", "public static int twice(int x) { return 2 * x; }");
    }

    @AfterAll
    static void stop() {
        receiver.close();
    }

    @Test
    void aReceiverThatKeepsFailingIsGivenUpOnceTheWindowHasPassed() {
        String batchId = AsyncCalls.accepted(server, "window_doubler", body("3", receiver.url("/down")));

        JobRows.Row row = Eventually.poll("retrying of " + batchId + " stopped", Duration.ofSeconds(30),
                () -> JobRows.row(server.dataDirectory(), batchId), JobRows.Row::givenUp);

        assertThat(row.deliverUntil() - row.finishedAt()).isEqualTo(WINDOW.toMillis());
        // Attempts after 0 s, then 1 s, 2 s, 4 s later (each ±50%), while before the end of the window.
        assertThat(row.deliveries()).isBetween(2, 4);
        assertThat(receiver.deliveriesOf(batchId)).hasSize(row.deliveries());
        assertThat(receiver.deliveriesOf(batchId).get(row.deliveries() - 1).at().toEpochMilli())
                .isLessThanOrEqualTo(row.deliverUntil() + 1000);
        JsonNode batch = AsyncCalls.batch(server, batchId).json();
        assertThat(batch.path("status").asText()).isEqualTo("done");
        assertThat(batch.path("delivered").asBoolean()).isFalse();
        assertThat(batch.path("deliveries").asInt()).isEqualTo(row.deliveries());
        assertThat(batch.path("lastDeliveryError").asText()).contains("500");
        assertThat(batch.path("result")).isEqualTo(AsyncCalls.parse("{\"data\": 6}"));
    }
}
