package dev.inferd.api.http;

import dev.inferd.config.LimitSettings;
import dev.inferd.testing.HttpAnswer;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static dev.inferd.api.http.ProtocolErrors.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/** PROTOCOL §1 errors: a body over the configured limit is a 413, however it is sent. */
class BodiesOverTheLimitAreRefusedTest {
    private static final int LIMIT = 4096;

    @RegisterExtension
    static final TestServer server = TestServer.perClass(settings -> settings.set(LimitSettings::maxBodyBytes, LIMIT));

    @BeforeAll
    static void deployALengthFunction() {
        server.deployJavaClass("length", "Length", "of", "public static int of(String text) { return text.length(); }");
    }

    /** {@code {"data": "xxx..."}} of exactly {@code bytes} bytes. */
    private static String bodyOf(int bytes) {
        String frame = "{\"data\": \"\"}";
        return "{\"data\": \"" + "x".repeat(bytes - frame.length()) + "\"}";
    }

    private static HttpRequest.BodyPublisher chunked(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        // A stream of unknown length is sent with Transfer-Encoding: chunked.
        return HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes));
    }

    @Test
    void aBodyDeclaredOverTheLimitIsTooLarge() {
        HttpAnswer answer = server.onFreshConnections().post("/v1/length", bodyOf(LIMIT + 1));

        assertThat(assertError(answer, 413, "payload_too_large")).contains(Integer.toString(LIMIT));
    }

    @Test
    void aBodyOfExactlyTheLimitIsServed() {
        HttpAnswer answer = server.onFreshConnections().post("/v1/length", bodyOf(LIMIT));

        assertThat(answer.status()).as("%s", answer).isEqualTo(200);
        assertThat(answer.json().get("data").asInt()).isEqualTo(LIMIT - "{\"data\": \"\"}".length());
    }

    @Test
    void aChunkedBodyOverTheLimitIsTooLarge() {
        HttpAnswer answer = server.onFreshConnections().sendBody("POST", "/v1/length", chunked(bodyOf(3 * LIMIT)));

        assertError(answer, 413, "payload_too_large");
    }

    @Test
    void aChunkedBodyJustOverTheLimitIsTooLarge() {
        HttpAnswer answer = server.onFreshConnections().sendBody("POST", "/v1/length", chunked(bodyOf(LIMIT + 1)));

        assertError(answer, 413, "payload_too_large");
    }

    @Test
    void aChunkedBodyWithinTheLimitIsServed() {
        HttpAnswer answer = server.onFreshConnections().sendBody("POST", "/v1/length", chunked(bodyOf(LIMIT)));

        assertThat(answer.status()).as("%s", answer).isEqualTo(200);
    }

    @Test
    void aMegabyteBodyOverTheLimitAlwaysGetsItsTooLargeAnswer() {
        String body = bodyOf(1024 * 1024);
        List<String> outcomes = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            try {
                outcomes.add(Integer.toString(server.onFreshConnections().post("/v1/length", body).status()));
            } catch (RuntimeException e) {
                outcomes.add(String.valueOf(e.getCause()));
            }
        }

        assertThat(outcomes).containsOnly("413");
    }

    @Test
    void theServerStillAnswersAfterRefusingALargeBody() {
        assertError(server.onFreshConnections().post("/v1/length", bodyOf(2 * LIMIT)), 413, "payload_too_large");

        assertThat(server.call("length", "\"abc\"").body()).isEqualTo("{\"data\":3}");
    }
}
