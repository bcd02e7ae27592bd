package dev.inferd.invoke.async;

import dev.inferd.config.AsyncSettings;
import dev.inferd.invoke.async.WebhookReceiver.Reply;
import dev.inferd.testing.Eventually;
import dev.inferd.testing.HttpAnswer;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static dev.inferd.invoke.async.AsyncCalls.body;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Finished jobs are removed once they are older than {@code asyncResultRetention} and need no more
 * delivery. The cleanup runs when the job runner starts and then about once a minute, so the test
 * restarts the server with a tiny retention instead of waiting a minute; the store's rule itself
 * is tested in {@link TheJobStoreKeepsJobsUntilTheyAreDeliveredAndOldTest}.
 */
class OldResultsAreRemovedTest {
    @TempDir
    Path dataDirectory;

    @Test
    void aDeliveredResultOlderThanTheRetentionIsRemovedButOneAwaitingDeliveryIsKept() {
        String delivered;
        String awaiting;
        try (WebhookReceiver accepting = WebhookReceiver.start();
             WebhookReceiver failing = WebhookReceiver.start().answerByDefault(Reply.status(500))) {
            try (TestServer server = TestServer.start(dataDirectory, settings -> settings.set(AsyncSettings::allowPrivateWebhooks, true))) {
                server.deployJavaClass("kept_doubler", "Doubler", "twice", "public static int twice(int x) { return 2 * x; }");
                delivered = AsyncCalls.accepted(server, "kept_doubler", body("1", accepting.url("/ok")));
                awaiting = AsyncCalls.accepted(server, "kept_doubler", body("2", failing.url("/down")));
                AsyncCalls.awaitDelivered(server, delivered);
                AsyncCalls.awaitBatch(server, awaiting, "a failed delivery", batch -> batch.path("deliveries").asInt() >= 1);
            }

            try (TestServer server = TestServer.start(dataDirectory,
                    settings -> settings.set(AsyncSettings::allowPrivateWebhooks, true)
                            .set(AsyncSettings::resultRetention, Duration.ofMillis(1)))) {
                HttpAnswer removed = Eventually.poll("batch " + delivered + " removed", Duration.ofSeconds(20),
                        () -> AsyncCalls.batch(server, delivered), answer -> answer.status() == 404);

                assertThat(removed.errorCode()).isEqualTo("not_found");
                HttpAnswer kept = AsyncCalls.batch(server, awaiting);
                assertThat(kept.status()).as(kept.toString()).isEqualTo(200);
                assertThat(kept.json().path("result")).isEqualTo(AsyncCalls.parse("{\"data\": 4}"));
            }
        }
    }
}
