package dev.inferd.invoke.async;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inferd.testing.Eventually;
import dev.inferd.testing.HttpAnswer;
import dev.inferd.testing.TestServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/** Sending async calls and reading their batches, over a {@link TestServer}. */
final class AsyncCalls {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration JOB_DONE = Duration.ofSeconds(30);

    /** A Java function that returns once the file its argument names exists, so tests decide when jobs end. */
    static final String GATE_CLASS = "public static String pass(String gate) throws Exception {\n"
            + "  java.nio.file.Path path = java.nio.file.Path.of(gate);\n"
            + "  long deadline = System.nanoTime() + 60_000_000_000L;\n"
            + "  while (!java.nio.file.Files.exists(path)) {\n"
            + "    if (System.nanoTime() > deadline) throw new IllegalStateException(\"the gate never opened: \" + gate);\n"
            + "    Thread.sleep(20);\n"
            + "  }\n"
            + "  return \"passed \" + path.getFileName();\n"
            + "}";

    private AsyncCalls() {
    }

    /** A call body: {@code {"data": <data>, "response_webhook": <webhook>}} plus {@code options} (a JSON object's fields). */
    static String body(String dataJson, String webhook, String optionsJson) {
        ObjectNode body = JSON.createObjectNode();
        body.set("data", parse(dataJson));
        if (webhook != null) {
            body.put("response_webhook", webhook);
        }
        parse(optionsJson).fields().forEachRemaining(field -> body.set(field.getKey(), field.getValue()));
        return body.toString();
    }

    static String body(String dataJson, String webhook) {
        return body(dataJson, webhook, "{}");
    }

    /** Sends an async call that must be accepted and returns its batch id, checking the 202 answer on the way. */
    static String accepted(TestServer server, String target, String body) {
        HttpAnswer answer = server.post("/v1/" + target, body);
        assertThat(answer.status()).as("async call to %s: %s", target, answer).isEqualTo(202);
        String batchId = answer.json().path("batchId").asText();
        assertThat(batchId).isNotBlank();
        assertThat(answer.header("x-batch-id")).isEqualTo(batchId);
        return batchId;
    }

    static HttpAnswer batch(TestServer server, String batchId) {
        return server.get("/v1/batches/" + batchId);
    }

    /** Polls the batch until {@code accepted} holds for its description. */
    static JsonNode awaitBatch(TestServer server, String batchId, String what, Predicate<JsonNode> accepted) {
        return Eventually.poll("batch " + batchId + " " + what, JOB_DONE, () -> batch(server, batchId).json(), accepted);
    }

    /** Waits until the job has run and a receiver has accepted its result. */
    static JsonNode awaitDelivered(TestServer server, String batchId) {
        return awaitBatch(server, batchId, "delivered", batch -> batch.path("delivered").asBoolean());
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
