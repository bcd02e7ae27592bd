package dev.inferd.invoke.async;

import com.fasterxml.jackson.databind.JsonNode;
import dev.inferd.config.AsyncSettings;
import dev.inferd.invoke.async.WebhookReceiver.Reply;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;

import static dev.inferd.invoke.async.AsyncCalls.body;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A receiver that takes longer than 10 s to answer counts as a failed attempt and is tried again,
 * unless the call said {@code response_webhook_ignore_timeout}. Each test waits out a real 11 s
 * receiver.
 */
class SlowReceiversTest {
    private static final Duration SLOW = Duration.ofSeconds(11);

    @RegisterExtension
    static final TestServer server = TestServer.perClass(settings -> settings.set(AsyncSettings::allowPrivateWebhooks, true));

    @BeforeAll
    static void deploy() {
        server.deployJavaClass("slow_doubler", "Doubler", "twice", "public static int twice(int x) { return 2 * x; }");
    }

    @Test
    void aReceiverSlowerThanTenSecondsIsTriedAgain() {
        try (WebhookReceiver receiver = WebhookReceiver.start().thenAnswer(Reply.after(SLOW, 200))) {
            String batchId = AsyncCalls.accepted(server, "slow_doubler", body("2", receiver.url("/slow")));

            JsonNode batch = AsyncCalls.awaitDelivered(server, batchId);

            assertThat(batch.path("deliveries").asInt()).isEqualTo(2);
            List<WebhookReceiver.Delivery> attempts = receiver.deliveriesOf(batchId);
            assertThat(attempts).hasSize(2);
            assertThat(Duration.between(attempts.get(0).at(), attempts.get(1).at()))
                    .as("the first attempt was given up after 10 s, then retried after the backoff")
                    .isGreaterThanOrEqualTo(Duration.ofSeconds(10)).isLessThan(SLOW.plusSeconds(5));
            assertThat(attempts).extracting(WebhookReceiver.Delivery::body).containsOnly("{\"data\":4}");
        }
    }

    @Test
    void withTheTimeoutIgnoredASlowReceiverCountsAsOneDelivery() {
        try (WebhookReceiver receiver = WebhookReceiver.start().thenAnswer(Reply.after(SLOW, 200))) {
            String batchId = AsyncCalls.accepted(server, "slow_doubler",
                    body("3", receiver.url("/patient"), "{\"response_webhook_ignore_timeout\": true}"));

            JsonNode batch = AsyncCalls.awaitDelivered(server, batchId);

            assertThat(batch.path("deliveries").asInt()).isEqualTo(1);
            assertThat(receiver.deliveriesOf(batchId)).hasSize(1);
        }
    }
}
