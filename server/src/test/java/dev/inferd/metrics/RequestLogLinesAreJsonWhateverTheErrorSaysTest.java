package dev.inferd.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class RequestLogLinesAreJsonWhateverTheErrorSaysTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void quotesBackslashesControlCharactersAndNonAsciiTextSurviveTheLineIntact() throws Exception {
        String error = "ValueError: \"bad\" \\ path\nline two\ttab \u0001 é 😀";
        CallRecord call = new CallRecord(Instant.parse("2026-11-27T10:15:30.123Z"), "naïve_\"model\"", 3, "al\\ias",
                2, 1_234, 500, error, CallRecord.Excerpt.NONE, CallRecord.Excerpt.NONE);

        String line = new RequestLogLines().append(call, new StringBuilder()).toString();
        JsonNode fields = JSON.readTree(line);

        assertThat(line).doesNotContain("\n");
        assertThat(fields.get("time").asText()).isEqualTo("2026-11-27T10:15:30.123Z");
        assertThat(fields.get("deployment").asText()).isEqualTo("naïve_\"model\"");
        assertThat(fields.get("version").asInt()).isEqualTo(3);
        assertThat(fields.get("ref").asText()).isEqualTo("al\\ias");
        assertThat(fields.get("items").asInt()).isEqualTo(2);
        assertThat(fields.get("durationMs").asDouble()).isEqualTo(1.234);
        assertThat(fields.get("status").asInt()).isEqualTo(500);
        assertThat(fields.get("error").asText()).isEqualTo(error);
    }

    @Test
    void aCallThatNeverResolvedAVersionHasNoVersionField() throws Exception {
        CallRecord call = new CallRecord(Instant.now(), "", 0, "latest", 0, 7, 404, "no deployment named 'x'",
                CallRecord.Excerpt.NONE, CallRecord.Excerpt.NONE);

        JsonNode fields = JSON.readTree(new RequestLogLines().append(call, new StringBuilder()).toString());

        assertThat(fields.has("version")).isFalse();
        assertThat(fields.get("status").asInt()).isEqualTo(404);
    }
}
