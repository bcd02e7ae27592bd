package dev.inferd.invoke.async;

import com.fasterxml.jackson.databind.JsonNode;
import dev.inferd.config.AsyncSettings;
import dev.inferd.testing.Eventually;
import dev.inferd.testing.HttpAnswer;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static dev.inferd.invoke.async.AsyncCalls.body;
import static dev.inferd.invoke.async.AsyncCalls.parse;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The webhook gets exactly the body the call would have been answered with synchronously, failures
 * included, as a POST with {@code x-batch-id} and {@code content-type: application/json}; the batch
 * then reads done (or failed) with that body as its result.
 */
class ResultsAreDeliveredToTheWebhookTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass(settings -> settings.set(AsyncSettings::allowPrivateWebhooks, true));
    static WebhookReceiver receiver;

    @BeforeAll
    static void startTheReceiverAndDeploy() {
        receiver = WebhookReceiver.start();
        server.deployJavaClass("delivered_scorer", "Scorer", "score",
                "public static Map<String, Object> score(int x) {\n"
                        + "  if (x < 0) throw new IllegalArgumentException(\"x must not be negative, got \" + x);\n"
                        + "  return Map.of(\"score\", 2 * x, \"label\", \"ünïcødé\");\n"
                        + "}");
    }

    @AfterAll
    static void stop() {
        receiver.close();
    }

    @Test
    void theWebhookGetsTheSynchronousAnswerBodyWithTheBatchIdAsAJsonPost() {
        String batchId = AsyncCalls.accepted(server, "delivered_scorer", body("21", receiver.url("/single")));

        WebhookReceiver.Delivery delivery = onlyDeliveryOf(batchId);

        HttpAnswer synchronous = server.call("delivered_scorer", "21");
        assertThat(delivery.method()).isEqualTo("POST");
        assertThat(delivery.path()).isEqualTo("/single");
        assertThat(delivery.headers()).containsEntry("x-batch-id", batchId);
        assertThat(delivery.headers().get("content-type")).isEqualTo("application/json");
        assertThat(parse(delivery.body())).isEqualTo(synchronous.json()).isEqualTo(parse("{\"data\": {\"score\": 42, \"label\": \"ünïcødé\"}}"));
    }

    @Test
    void aBatchCallDeliversTheSortedBatchAnswerWithItsItemErrors() {
        String batch = "[[3, 3], [\"b\", -1], [1, 1]]";
        String batchId = AsyncCalls.accepted(server, "delivered_scorer", body(batch, receiver.url("/batch")));

        WebhookReceiver.Delivery delivery = onlyDeliveryOf(batchId);

        JsonNode delivered = parse(delivery.body());
        JsonNode synchronous = server.call("delivered_scorer", batch).json();
        assertThat(delivered.path("data")).isEqualTo(synchronous.path("data"));
        assertThat(delivered.path("data").get(0).get(0).asInt()).isEqualTo(1);
        assertThat(delivered.path("error").asText()).isEqualTo(synchronous.path("error").asText()).contains("1 of 3 items failed");
        assertThat(AsyncCalls.batch(server, batchId).json().path("status").asText())
                .as("a batch answered 200 with item errors is done").isEqualTo("done");
    }

    @Test
    void aFailingFunctionIsDeliveredAsTheUsualErrorBodyAndTheBatchReadsFailed() {
        String batchId = AsyncCalls.accepted(server, "delivered_scorer", body("-5", receiver.url("/failing")));

        WebhookReceiver.Delivery delivery = onlyDeliveryOf(batchId);

        JsonNode delivered = parse(delivery.body());
        HttpAnswer synchronous = server.call("delivered_scorer", "-5");
        assertThat(synchronous.status()).isEqualTo(500);
        assertThat(delivered.path("code").asText()).isEqualTo("function_error");
        assertThat(delivered.path("error").asText()).isEqualTo(synchronous.errorMessage())
                .endsWith("java.lang.IllegalArgumentException: x must not be negative, got -5");
        JsonNode batch = AsyncCalls.awaitDelivered(server, batchId);
        assertThat(batch.path("status").asText()).isEqualTo("failed");
        assertThat(batch.path("result")).isEqualTo(delivered);
    }

    @Test
    void theBatchDescribesTheJobAndHoldsTheResultOnceDone() {
        Instant before = Instant.now().minusSeconds(1);
        String batchId = AsyncCalls.accepted(server, "delivered_scorer/1", body("4", receiver.url("/described")));

        JsonNode batch = AsyncCalls.awaitDelivered(server, batchId);

        assertThat(batch.path("batchId").asText()).isEqualTo(batchId);
        assertThat(batch.path("status").asText()).isEqualTo("done");
        assertThat(batch.path("deployment").asText()).isEqualTo("delivered_scorer");
        assertThat(batch.path("version").asInt()).isEqualTo(1);
        Instant created = Instant.parse(batch.path("created").asText());
        Instant finished = Instant.parse(batch.path("finished").asText());
        assertThat(created).isAfter(before);
        assertThat(finished).isAfterOrEqualTo(created);
        assertThat(batch.path("deliveries").asInt()).isEqualTo(1);
        assertThat(batch.path("result")).isEqualTo(parse("{\"data\": {\"score\": 8, \"label\": \"ünïcødé\"}}"));
    }

    @Test
    void theQueryStringOfTheWebhookIsKept() {
        String batchId = AsyncCalls.accepted(server, "delivered_scorer", body("1", receiver.url("/query?job=7&tag=a%20b")));

        WebhookReceiver.Delivery delivery = onlyDeliveryOf(batchId);

        assertThat(delivery.path()).isEqualTo("/query");
        assertThat(delivery.query()).isEqualTo("job=7&tag=a%20b");
    }

    @Test
    void anUnknownBatchIsNotFound() {
        HttpAnswer answer = AsyncCalls.batch(server, "0123456789abcdef0123456789abcdef");

        assertThat(answer.status()).as(answer.toString()).isEqualTo(404);
        assertThat(answer.errorCode()).isEqualTo("not_found");
    }

    @Test
    void batchesAreOnlyRead() {
        HttpAnswer answer = server.post("/v1/batches/0123456789abcdef0123456789abcdef", "{\"data\": 1}");

        assertThat(answer.status()).as(answer.toString()).isEqualTo(405);
        assertThat(answer.errorCode()).isEqualTo("method_not_allowed");
    }

    private static WebhookReceiver.Delivery onlyDeliveryOf(String batchId) {
        List<WebhookReceiver.Delivery> deliveries = Eventually.poll("a delivery of " + batchId, Duration.ofSeconds(30),
                () -> receiver.deliveriesOf(batchId), list -> !list.isEmpty());
        AsyncCalls.awaitDelivered(server, batchId);
        assertThat(receiver.deliveriesOf(batchId)).hasSize(1);
        return deliveries.get(0);
    }
}
