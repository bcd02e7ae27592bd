package dev.inferd.api.http;

import dev.inferd.config.LimitSettings;
import dev.inferd.json.JsonLimits;
import dev.inferd.testing.HttpAnswer;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static dev.inferd.api.http.ProtocolErrors.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/** JSON that breaks a parse limit (nesting, string or number length) is a 400, never a 500 or a crash. */
class JsonOverTheParseLimitsIsABadRequestTest {
    private static final int MAX_DEPTH = 16;
    private static final int MAX_STRING = 1024 * 1024;

    @RegisterExtension
    static final TestServer server = TestServer.perClass(settings -> settings
            .set(LimitSettings::jsonLimits, new JsonLimits(MAX_DEPTH, MAX_STRING, 1000)));

    @BeforeAll
    static void deployAKindDescriber() {
        // Describes what it was given, so answers stay small whatever the input.
        server.deployJavaClass("kind", "Kind", "of", """
                public static String of(Object value) {
                    if (value instanceof String text) {
                        return "string of " + text.length();
                    }
                    int depth = 0;
                    while (value instanceof List<?> list && !list.isEmpty()) {
                        depth++;
                        value = list.get(0);
                    }
                    return "depth " + depth;
                }
                """);
    }

    /** {@code depth} nested arrays around 1, e.g. {@code [[1]]} for 2. */
    private static String nested(int depth) {
        return "[".repeat(depth) + "1" + "]".repeat(depth);
    }

    @Test
    void nestingWellWithinTheLimitIsServed() {
        // The body object is one level, data's arrays the rest.
        assertThat(server.call("kind", nested(MAX_DEPTH - 2)).body()).isEqualTo("{\"data\":\"depth " + (MAX_DEPTH - 2) + "\"}");
    }

    @Test
    void nestingDeeperThanTheLimitIsABadRequest() {
        assertThat(assertError(server.call("kind", nested(MAX_DEPTH + 1)), 400, "bad_request")).contains("limit");
    }

    @Test
    void veryDeepNestingIsABadRequest() {
        assertError(server.call("kind", nested(100_000)), 400, "bad_request");
    }

    @Test
    void deeplyNestedObjectsAreABadRequest() {
        String data = "{\"a\":".repeat(MAX_DEPTH * 2) + "1" + "}".repeat(MAX_DEPTH * 2);

        assertError(server.call("kind", data), 400, "bad_request");
    }

    @Test
    void aStringWithinTheLimitIsServed() {
        assertThat(server.call("kind", "\"" + "y".repeat(1000) + "\"").body()).isEqualTo("{\"data\":\"string of 1000\"}");
    }

    @Test
    void aStringLongerThanTheLimitIsABadRequest() {
        HttpAnswer answer = server.call("kind", "\"" + "y".repeat(MAX_STRING + 1) + "\"");

        assertThat(assertError(answer, 400, "bad_request")).contains("limit");
    }

    @Test
    void aNumberLongerThanTheLimitIsABadRequest() {
        assertError(server.call("kind", "1" + "0".repeat(1500)), 400, "bad_request");
    }

    @Test
    void theServerStillAnswersAfterJsonOverTheLimits() {
        assertError(server.call("kind", nested(1000)), 400, "bad_request");

        assertThat(server.call("kind", "[1]").body()).isEqualTo("{\"data\":\"depth 1\"}");
    }
}
