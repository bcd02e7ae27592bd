package dev.inferd.invoke.async;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.Map;

import static dev.inferd.invoke.async.AsyncCalls.body;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A job runs on the version its ref resolved to when it was accepted: moving an alias, or deploying
 * a newer "latest", while the job waits in the queue changes nothing for it.
 */
class AsyncJobsRunOnTheVersionTheirRefNamedWhenAcceptedTest {
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
        // One job at a time: a job held at a gate keeps the pinned job queued while the ref moves.
        server.deployJavaClass("pinned_gate", "Gate", "pass", AsyncCalls.GATE_CLASS);
        server.deployJavaClass("pinned_alias", "Which", "which", "public static String which(int x) { return \"v1\"; }");
        server.deployJavaClass("pinned_alias", "Which", "which", "public static String which(int x) { return \"v2\"; }");
        server.deployJavaClass("pinned_latest", "Which", "which", "public static String which(int x) { return \"v1\"; }");
        server.deployJavaClass("pinned_deleted", "Which", "which", "public static String which(int x) { return \"v1\"; }");
        server.deployJavaClass("pinned_deleted", "Which", "which", "public static String which(int x) { return \"v2\"; }");
    }

    @AfterAll
    static void stop() {
        receiver.close();
    }

    @Test
    void movingTheAliasAfterAcceptanceDoesNotChangeTheVersionTheJobRunsOn() throws IOException {
        assertThat(server.put("/api/deployments/pinned_alias/aliases/official", "{\"version\": 1}").status()).isEqualTo(200);
        Path gate = gates.resolve("alias");
        String holder = holdTheRunner(gate);

        String batchId = AsyncCalls.accepted(server, "pinned_alias/official", body("0", receiver.url("/alias")));
        HttpAnswer moved = server.put("/api/deployments/pinned_alias/aliases/official", "{\"version\": 2}");
        assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
        assertThat(server.call("pinned_alias/official", "0").json().path("data").asText()).isEqualTo("v2");

        JsonNode queued = AsyncCalls.batch(server, batchId).json();
        assertThat(queued.path("status").asText()).isEqualTo("queued");
        assertThat(queued.path("version").asInt()).isEqualTo(1);
        Files.createFile(gate);

        AsyncCalls.awaitDelivered(server, holder);
        JsonNode done = AsyncCalls.awaitDelivered(server, batchId);
        assertThat(done.path("version").asInt()).isEqualTo(1);
        assertThat(done.path("result")).isEqualTo(AsyncCalls.parse("{\"data\": \"v1\"}"));
        assertThat(receiver.deliveriesOf(batchId)).singleElement()
                .satisfies(delivery -> assertThat(AsyncCalls.parse(delivery.body())).isEqualTo(AsyncCalls.parse("{\"data\": \"v1\"}")));
    }

    @Test
    void aNewerVersionDeployedAfterAcceptanceDoesNotChangeWhatLatestMeantForTheJob() throws IOException {
        Path gate = gates.resolve("latest");
        String holder = holdTheRunner(gate);

        String batchId = AsyncCalls.accepted(server, "pinned_latest", body("0", receiver.url("/latest")));
        server.deployJava("pinned_latest", "Which#which",
                Map.of("Which.java", "public class Which { public static String which(int x) { return \"v2\"; } }"));
        assertThat(server.call("pinned_latest", "0").json().path("data").asText()).isEqualTo("v2");
        Files.createFile(gate);

        AsyncCalls.awaitDelivered(server, holder);
        JsonNode done = AsyncCalls.awaitDelivered(server, batchId);
        assertThat(done.path("version").asInt()).isEqualTo(1);
        assertThat(done.path("result")).isEqualTo(AsyncCalls.parse("{\"data\": \"v1\"}"));
    }

    @Test
    void aJobWhoseVersionIsDeletedWhileItWaitsIsAnsweredGoneSayingSo() throws IOException {
        Path gate = gates.resolve("deleted");
        String holder = holdTheRunner(gate);

        String batchId = AsyncCalls.accepted(server, "pinned_deleted", body("0", receiver.url("/deleted")));
        assertThat(server.delete("/api/deployments/pinned_deleted/versions/2").status()).isEqualTo(200);
        Files.createFile(gate);

        AsyncCalls.awaitDelivered(server, holder);
        JsonNode done = AsyncCalls.awaitDelivered(server, batchId);
        assertThat(done.path("result").path("code").asText()).isEqualTo("gone");
        assertThat(done.path("result").path("error").asText())
                .isEqualTo("version pinned_deleted/2 was deleted after this call was accepted");
    }

    /** Starts a job that runs until {@code gate} exists, and waits until it is running. */
    private static String holdTheRunner(Path gate) {
        String holder = AsyncCalls.accepted(server, "pinned_gate",
                body(AsyncCalls.JSON.getNodeFactory().textNode(gate.toString()).toString(), receiver.url("/holder")));
        AsyncCalls.awaitBatch(server, holder, "running", batch -> batch.path("status").asText().equals("running"));
        return holder;
    }
}
