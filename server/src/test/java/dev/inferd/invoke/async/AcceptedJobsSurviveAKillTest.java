package dev.inferd.invoke.async;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inferd.invoke.async.WebhookReceiver.Reply;
import dev.inferd.testing.ChildServer;
import dev.inferd.testing.Eventually;
import dev.inferd.testing.HttpAnswer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.inferd.invoke.async.AsyncCalls.body;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * PROTOCOL §3: accepted jobs survive a crash. A real {@code inferd serve} in a child JVM runs one
 * job at a time, each taking 3 s, while the receiver answers 500; it is killed with SIGKILL while
 * one job awaits delivery, one runs and the rest are queued. A new server on the same data
 * directory runs every job (the interrupted one again) and delivers every result.
 */
class AcceptedJobsSurviveAKillTest {
    private static final int JOBS = 6;
    private static final String SLOW = "public class Slow {\n"
            + "  public static int twice(int x) throws InterruptedException {\n"
            + "    Thread.sleep(3000);\n"
            + "    return 2 * x;\n"
            + "  }\n"
            + "}\n";

    @TempDir
    Path dataDirectory;

    @Test
    void everyAcceptedJobIsRunAndDeliveredAfterTheServerIsKilledAndStartedAgain() {
        String[] serve = {"--data-dir", dataDirectory.toString(), "--allow-private-webhooks", "--async-jobs", "1"};
        try (WebhookReceiver receiver = WebhookReceiver.start().answerByDefault(Reply.status(500))) {
            Map<String, Integer> jobs = new LinkedHashMap<>();
            Map<String, String> statesAtTheKill;
            try (ChildServer first = ChildServer.start(Duration.ofSeconds(90), serve)) {
                deploySlow(first);
                for (int x = 1; x <= JOBS; x++) {
                    HttpAnswer accepted = first.post("/v1/slow", body(Integer.toString(x), receiver.url("/durable")));
                    assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
                    jobs.put(accepted.json().path("batchId").asText(), x);
                }

                statesAtTheKill = Eventually.poll("a job awaiting delivery, one running and one queued", Duration.ofSeconds(60),
                        () -> states(first, jobs.keySet()), AcceptedJobsSurviveAKillTest::mixed);
                first.kill();
            }
            assertThat(statesAtTheKill).containsValues("awaiting delivery", "running", "queued");

            Instant restarted = Instant.now();
            receiver.answerByDefault(Reply.status(200));
            try (ChildServer second = ChildServer.start(Duration.ofSeconds(90), serve)) {
                for (Map.Entry<String, Integer> job : jobs.entrySet()) {
                    String batchId = job.getKey();
                    JsonNode batch = Eventually.poll("batch " + batchId + " delivered after the restart", Duration.ofSeconds(60),
                            () -> second.get("/v1/batches/" + batchId).json(), json -> json.path("delivered").asBoolean());

                    assertThat(batch.path("status").asText()).isEqualTo("done");
                    assertThat(batch.path("result")).isEqualTo(AsyncCalls.parse("{\"data\": " + 2 * job.getValue() + "}"));
                    assertThat(receiver.deliveriesOf(batchId))
                            .as("batch %s (%s at the kill) is POSTed after the restart", batchId, statesAtTheKill.get(batchId))
                            .anySatisfy(delivery -> {
                                assertThat(delivery.at()).isAfter(restarted);
                                assertThat(AsyncCalls.parse(delivery.body())).isEqualTo(batch.path("result"));
                            });
                }
                assertThat(second.output()).contains("1 async job(s) were running when the server stopped; they run again");
            }
        }
    }

    private static void deploySlow(ChildServer server) {
        ObjectNode body = AsyncCalls.JSON.createObjectNode().put("runtime", "java").put("main", "Slow#twice");
        body.putObject("files").put("Slow.java", SLOW);
        HttpAnswer deployed = server.post("/api/deployments/slow/versions", body.toString());
        assertThat(deployed.status()).as(deployed.toString()).isEqualTo(201);
    }

    /** Each job's state as the batch tells it, with "awaiting delivery" for a finished job not yet delivered. */
    private static Map<String, String> states(ChildServer server, Iterable<String> batchIds) {
        Map<String, String> states = new LinkedHashMap<>();
        for (String batchId : batchIds) {
            JsonNode batch = server.get("/v1/batches/" + batchId).json();
            String status = batch.path("status").asText();
            boolean finished = status.equals("done") || status.equals("failed");
            if (finished && !batch.path("delivered").asBoolean() && batch.path("deliveries").asInt() >= 1) {
                status = "awaiting delivery";
            }
            states.put(batchId, status);
        }
        return states;
    }

    private static boolean mixed(Map<String, String> states) {
        List<String> values = new ArrayList<>(states.values());
        return values.contains("awaiting delivery") && values.contains("running") && values.contains("queued");
    }
}
