package dev.inferd.metrics;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.inferd.testing.Eventually;
import dev.inferd.testing.HttpAnswer;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every inference call writes one structured JSON line on the {@code dev.inferd.requests} logger:
 * time, deployment, version, ref, items, durationMs, status and, for a failure, error; never the
 * inputs or outputs. The line is written just after the answer is sent, so tests poll for it.
 */
class EveryCallWritesOneRequestLogLineTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SHOUT = """
            public static String shout(String text) {
                if (text.equals("boom")) {
                    throw new IllegalStateException("boom");
                }
                return text.toUpperCase();
            }
            """;

    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    @BeforeAll
    static void deploy() {
        for (String name : new String[] {"logged_ok", "logged_failure", "logged_batch", "logged_once"}) {
            server.deployJavaClass(name, "Shout", "shout", SHOUT);
        }
    }

    @Test
    void aSuccessfulCallIsOneInfoLineWithEveryFieldAndWithoutItsInputOrOutput() {
        try (RequestLog log = RequestLog.capture()) {
            Instant before = Instant.now();
            HttpAnswer answer = server.call("logged_ok", "\"s3cret-input\"");
            assertThat(answer.body()).isEqualTo("{\"data\":\"S3CRET-INPUT\"}");

            ILoggingEvent event = only(log, "logged_ok", 1);
            assertThat(event.getLevel()).isEqualTo(Level.INFO);
            assertThat(event.getLoggerName()).isEqualTo("dev.inferd.requests");
            String line = event.getFormattedMessage();
            assertThat(line).doesNotContain("s3cret").doesNotContain("S3CRET").doesNotContain("\n");
            JsonNode fields = parse(line);
            assertThat(fields.fieldNames()).toIterable()
                    .containsExactlyInAnyOrder("time", "deployment", "version", "ref", "items", "durationMs", "status");
            assertThat(Instant.parse(fields.get("time").asText())).isBetween(before.minusSeconds(1), Instant.now());
            assertThat(fields.get("deployment").asText()).isEqualTo("logged_ok");
            assertThat(fields.get("version").asInt()).isEqualTo(1);
            assertThat(fields.get("ref").asText()).isEqualTo("latest");
            assertThat(fields.get("items").asInt()).isEqualTo(1);
            assertThat(fields.get("durationMs").isNumber()).isTrue();
            assertThat(fields.get("durationMs").asDouble()).isNotNegative();
            assertThat(fields.get("status").asInt()).isEqualTo(200);
        }
    }

    @Test
    void aFailedCallIsLoggedWithItsStatusAndTheErrorSummary() {
        try (RequestLog log = RequestLog.capture()) {
            assertThat(server.call("logged_failure", "\"boom\"").status()).isEqualTo(500);
            assertThat(server.post("/v1/logged_failure", "{\"data\": \"s3cret\", \"nonsense\": 1}").status()).isEqualTo(400);

            List<JsonNode> lines = lines(log, "logged_failure", 2);
            JsonNode raised = lines.get(0);
            assertThat(raised.get("status").asInt()).isEqualTo(500);
            assertThat(raised.get("error").asText()).isEqualTo("java.lang.IllegalStateException: boom");
            JsonNode refused = lines.get(1);
            assertThat(refused.get("status").asInt()).isEqualTo(400);
            assertThat(refused.get("error").asText()).isNotBlank();
            assertThat(refused.toString()).doesNotContain("s3cret");
        }
    }

    @Test
    void aBatchIsOneLineWithItsItemCountAndTheRefAsCalled() {
        try (RequestLog log = RequestLog.capture()) {
            assertThat(server.call("logged_batch/1", "[[1, \"a\"], [2, \"b\"], [3, \"c\"]]").status()).isEqualTo(200);

            JsonNode fields = parse(only(log, "logged_batch", 1).getFormattedMessage());
            assertThat(fields.get("items").asInt()).isEqualTo(3);
            assertThat(fields.get("ref").asText()).isEqualTo("1");
            assertThat(fields.get("version").asInt()).isEqualTo(1);
        }
    }

    @Test
    void eachCallWritesExactlyOneLine() {
        try (RequestLog log = RequestLog.capture()) {
            for (int i = 0; i < 5; i++) {
                assertThat(server.call("logged_once", "\"x" + i + "\"").status()).isEqualTo(200);
            }

            assertThat(lines(log, "logged_once", 5)).hasSize(5);
        }
    }

    @Test
    void aCallToAnUnknownDeploymentIsLoggedToo() {
        try (RequestLog log = RequestLog.capture()) {
            assertThat(server.call("never_deployed", "1").status()).isEqualTo(404);

            Eventually.holds("a 404 line", Duration.ofSeconds(10), () -> log.events().stream()
                    .map(event -> parse(event.getFormattedMessage()))
                    .anyMatch(fields -> fields.get("status").asInt() == 404));
        }
    }

    /** The lines of {@code deployment}, oldest first, once there are {@code count}; fails if more. */
    private static List<JsonNode> lines(RequestLog log, String deployment, int count) {
        List<JsonNode> lines = Eventually.poll(count + " lines of " + deployment, Duration.ofSeconds(10),
                () -> log.events().stream().map(event -> parse(event.getFormattedMessage()))
                        .filter(fields -> fields.path("deployment").asText().equals(deployment)).toList(),
                found -> found.size() >= count);
        assertThat(lines).as("lines of %s", deployment).hasSize(count);
        return lines;
    }

    private static ILoggingEvent only(RequestLog log, String deployment, int count) {
        lines(log, deployment, count);
        return log.events().stream()
                .filter(event -> parse(event.getFormattedMessage()).path("deployment").asText().equals(deployment))
                .findFirst().orElseThrow();
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException("not a JSON line: " + line, e);
        }
    }
}
