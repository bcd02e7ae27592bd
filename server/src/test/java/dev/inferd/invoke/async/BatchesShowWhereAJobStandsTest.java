package dev.inferd.invoke.async;

import com.fasterxml.jackson.databind.JsonNode;
import dev.inferd.config.AsyncSettings;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.inferd.invoke.async.AsyncCalls.body;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /v1/batches/{id}} follows a job from queued through running to done. The server runs
 * one job at a time, and the function waits for a file the test creates, so the test decides when
 * each job may end.
 */
class BatchesShowWhereAJobStandsTest {
    @TempDir
    static Path gates;
    @RegisterExtension
    static final TestServer server = TestServer.perClass(settings -> settings
            .set(AsyncSettings::allowPrivateWebhooks, true)
            .set(AsyncSettings::concurrency, 1));
    static WebhookReceiver receiver;

    @BeforeAll
    static void startTheReceiverAndDeploy() {
        receiver = WebhookReceiver.start();
        server.deployJavaClass("status_gate", "Gate", "pass", AsyncCalls.GATE_CLASS);
    }

    @AfterAll
    static void stop() {
        receiver.close();
    }

    @Test
    void aJobIsQueuedThenRunningThenDoneWithItsResult() throws IOException {
        Path first = gates.resolve("first");
        Path second = gates.resolve("second");
        String running = AsyncCalls.accepted(server, "status_gate", body(quoted(first), receiver.url("/status")));
        AsyncCalls.awaitBatch(server, running, "running", batch -> batch.path("status").asText().equals("running"));
        String queued = AsyncCalls.accepted(server, "status_gate", body(quoted(second), receiver.url("/status")));

        JsonNode whileRunning = AsyncCalls.batch(server, running).json();
        JsonNode whileQueued = AsyncCalls.batch(server, queued).json();

        assertThat(whileRunning.path("status").asText()).isEqualTo("running");
        assertThat(whileRunning.path("finished").isNull()).as("finished is null until the job ends: %s", whileRunning).isTrue();
        assertThat(whileRunning.has("result")).isFalse();
        assertThat(whileRunning.path("deliveries").asInt()).isZero();
        assertThat(whileQueued.path("status").asText()).as("one job runs at a time").isEqualTo("queued");
        assertThat(whileQueued.path("deployment").asText()).isEqualTo("status_gate");
        assertThat(whileQueued.path("version").asInt()).isEqualTo(1);
        assertThat(whileQueued.has("result")).isFalse();

        Files.createFile(first);
        JsonNode firstDone = AsyncCalls.awaitDelivered(server, running);
        assertThat(firstDone.path("status").asText()).isEqualTo("done");
        assertThat(firstDone.path("result")).isEqualTo(AsyncCalls.parse("{\"data\": \"passed first\"}"));
        AsyncCalls.awaitBatch(server, queued, "running once the first is done",
                batch -> batch.path("status").asText().equals("running"));

        Files.createFile(second);
        JsonNode secondDone = AsyncCalls.awaitDelivered(server, queued);
        assertThat(secondDone.path("result")).isEqualTo(AsyncCalls.parse("{\"data\": \"passed second\"}"));
        assertThat(secondDone.path("deliveries").asInt()).isEqualTo(1);
    }

    private static String quoted(Path path) {
        return AsyncCalls.JSON.getNodeFactory().textNode(path.toString()).toString();
    }
}
