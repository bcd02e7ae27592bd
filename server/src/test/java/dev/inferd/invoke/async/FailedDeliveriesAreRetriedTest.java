package dev.inferd.invoke.async;

import com.fasterxml.jackson.databind.JsonNode;
import dev.inferd.config.AsyncSettings;
import dev.inferd.invoke.async.WebhookReceiver.Reply;
import dev.inferd.testing.Eventually;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;

import static dev.inferd.invoke.async.AsyncCalls.body;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Deliveries that fail in a way that may pass later (no connection, 408, 429, 5xx) are tried again
 * with the same body and batch id; answers that will not change by retrying (other 4xx, redirects)
 * end the delivery, and the result stays readable at its batch.
 */
class FailedDeliveriesAreRetriedTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass(settings -> settings.set(AsyncSettings::allowPrivateWebhooks, true));

    @BeforeAll
    static void deploy() {
        server.deployJavaClass("retried_doubler", "Doubler", "twice", "public static int twice(int x) { return 2 * x; }");
    }

    @Test
    void aReceiverAnswering500TwiceGetsTheResultOnTheThirdAttempt() {
        try (WebhookReceiver receiver = WebhookReceiver.start().thenAnswer(Reply.status(500), Reply.status(500))) {
            String batchId = AsyncCalls.accepted(server, "retried_doubler", body("5", receiver.url("/hook")));

            JsonNode batch = AsyncCalls.awaitDelivered(server, batchId);

            assertThat(batch.path("deliveries").asInt()).isEqualTo(3);
            assertThat(batch.has("lastDeliveryError")).as("a delivered batch shows no error: %s", batch).isFalse();
            List<WebhookReceiver.Delivery> attempts = receiver.deliveriesOf(batchId);
            assertThat(attempts).hasSize(3);
            assertThat(attempts).extracting(WebhookReceiver.Delivery::body).containsOnly("{\"data\":10}");
            assertThat(attempts).extracting(WebhookReceiver.Delivery::batchId).containsOnly(batchId);
        }
    }

    @Test
    void attemptsAreSpacedByABackoffOfAboutASecondAndGrowing() {
        try (WebhookReceiver receiver = WebhookReceiver.start().thenAnswer(Reply.status(503), Reply.status(502))) {
            String batchId = AsyncCalls.accepted(server, "retried_doubler", body("6", receiver.url("/hook")));

            AsyncCalls.awaitDelivered(server, batchId);

            List<WebhookReceiver.Delivery> attempts = receiver.deliveriesOf(batchId);
            assertThat(attempts).hasSize(3);
            Duration first = Duration.between(attempts.get(0).at(), attempts.get(1).at());
            Duration second = Duration.between(attempts.get(1).at(), attempts.get(2).at());
            // 1 s then 2 s, each spread by ±50%.
            assertThat(first).isBetween(Duration.ofMillis(450), Duration.ofMillis(2500));
            assertThat(second).isBetween(Duration.ofMillis(950), Duration.ofMillis(4000));
        }
    }

    @Test
    void requestTimeoutAndTooManyRequestsAreRetried() {
        try (WebhookReceiver receiver = WebhookReceiver.start().thenAnswer(Reply.status(408), Reply.status(429))) {
            String batchId = AsyncCalls.accepted(server, "retried_doubler", body("7", receiver.url("/hook")));

            JsonNode batch = AsyncCalls.awaitDelivered(server, batchId);

            assertThat(batch.path("deliveries").asInt()).isEqualTo(3);
            assertThat(receiver.deliveriesOf(batchId)).hasSize(3);
        }
    }

    @Test
    void aReceiverThatCannotBeReachedIsTriedAgainUntilItIsUp() {
        int port = freePort();
        String batchId = AsyncCalls.accepted(server, "retried_doubler", body("8", "http://127.0.0.1:" + port + "/hook"));
        AsyncCalls.awaitBatch(server, batchId, "a failed connection attempt",
                batch -> batch.path("deliveries").asInt() >= 1 && batch.has("lastDeliveryError"));

        try (WebhookReceiver receiver = WebhookReceiver.start(port)) {
            JsonNode batch = AsyncCalls.awaitDelivered(server, batchId);

            assertThat(batch.path("deliveries").asInt()).isGreaterThanOrEqualTo(2);
            assertThat(receiver.deliveriesOf(batchId)).hasSize(1);
            assertThat(receiver.deliveriesOf(batchId).get(0).body()).isEqualTo("{\"data\":16}");
        }
    }

    @Test
    void aClientErrorEndsTheDeliveryAndTheResultStaysReadable() {
        try (WebhookReceiver receiver = WebhookReceiver.start().thenAnswer(Reply.status(404))) {
            String batchId = AsyncCalls.accepted(server, "retried_doubler", body("9", receiver.url("/gone")));

            JobRows.Row row = Eventually.poll("the delivery of " + batchId + " given up", AsyncCalls.JOB_DONE,
                    () -> JobRows.row(server.dataDirectory(), batchId), JobRows.Row::givenUp);

            assertThat(row.deliveries()).isEqualTo(1);
            assertThat(receiver.deliveriesOf(batchId)).hasSize(1);
            JsonNode batch = AsyncCalls.batch(server, batchId).json();
            assertThat(batch.path("status").asText()).isEqualTo("done");
            assertThat(batch.path("delivered").asBoolean()).isFalse();
            assertThat(batch.path("lastDeliveryError").asText()).contains("404");
            assertThat(batch.path("result")).isEqualTo(AsyncCalls.parse("{\"data\": 18}"));
        }
    }

    @Test
    void aRedirectIsNotFollowedNorRetried() {
        try (WebhookReceiver target = WebhookReceiver.start();
             WebhookReceiver redirecting = WebhookReceiver.start().thenAnswer(Reply.redirectTo(target.url("/elsewhere")))) {
            String batchId = AsyncCalls.accepted(server, "retried_doubler", body("10", redirecting.url("/moved")));

            Eventually.poll("the delivery of " + batchId + " given up", AsyncCalls.JOB_DONE,
                    () -> JobRows.row(server.dataDirectory(), batchId), JobRows.Row::givenUp);

            assertThat(redirecting.deliveriesOf(batchId)).hasSize(1);
            assertThat(target.deliveries()).as("the redirect target never gets the result").isEmpty();
            JsonNode batch = AsyncCalls.batch(server, batchId).json();
            assertThat(batch.path("delivered").asBoolean()).isFalse();
            assertThat(batch.path("deliveries").asInt()).isEqualTo(1);
            assertThat(batch.path("lastDeliveryError").asText()).contains("302");
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
