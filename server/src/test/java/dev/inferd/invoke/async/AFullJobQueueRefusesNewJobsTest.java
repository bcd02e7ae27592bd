package dev.inferd.invoke.async;

import dev.inferd.config.AsyncSettings;
import dev.inferd.testing.HttpAnswer;
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
 * Accepted async jobs are stored until they run, so a caller sending faster than jobs finish would
 * fill the disk. With one job running and a queue of two, the fourth call is refused with 429 and a
 * Retry-After; once the queue moves, calls are accepted again.
 */
class AFullJobQueueRefusesNewJobsTest {
    @TempDir
    static Path gates;
    @RegisterExtension
    static final TestServer server = TestServer.perClass(settings -> settings
            .set(AsyncSettings::allowPrivateWebhooks, true)
            .set(AsyncSettings::concurrency, 1)
            .set(AsyncSettings::queueLength, 2));
    static WebhookReceiver receiver;

    @BeforeAll
    static void startTheReceiverAndDeploy() {
        receiver = WebhookReceiver.start();
        server.deployJavaClass("queue_gate", "Gate", "pass", AsyncCalls.GATE_CLASS);
    }

    @AfterAll
    static void stop() {
        receiver.close();
    }

    @Test
    void aCallBeyondTheQueueIsOverloadedUntilTheQueueMoves() throws IOException {
        Path gate = gates.resolve("open");
        String gateJson = AsyncCalls.JSON.getNodeFactory().textNode(gate.toString()).toString();
        String running = AsyncCalls.accepted(server, "queue_gate", body(gateJson, receiver.url("/queue")));
        AsyncCalls.awaitBatch(server, running, "running", batch -> batch.path("status").asText().equals("running"));
        AsyncCalls.accepted(server, "queue_gate", body(gateJson, receiver.url("/queue")));
        String last = AsyncCalls.accepted(server, "queue_gate", body(gateJson, receiver.url("/queue")));

        HttpAnswer refused = server.post("/v1/queue_gate", body(gateJson, receiver.url("/queue")));

        assertThat(refused.status()).as(refused.toString()).isEqualTo(429);
        assertThat(refused.errorCode()).isEqualTo("overloaded");
        assertThat(refused.errorMessage()).contains("2 async jobs are already waiting");
        assertThat(refused.header("Retry-After")).isNotBlank();

        Files.createFile(gate);
        AsyncCalls.awaitDelivered(server, last);
        AsyncCalls.accepted(server, "queue_gate", body(gateJson, receiver.url("/queue")));
    }
}
