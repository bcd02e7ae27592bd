package dev.inferd.api.http;

import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The version in a request line: later HTTP/1 minor versions are served as HTTP/1.1 (RFC 9110,
 * section 2.5), and any other version gets a PROTOCOL 400, not the HTTP library's bare 501.
 */
class RequestLineVersionsTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    @BeforeAll
    static void deployADoublerAndACounter() {
        server.deployJavaClass("doubler", "Doubler", "twice", "public static int twice(int x) { return 2 * x; }");
        server.deployJavaClass("counter", "Counter", "count",
                "static final java.util.concurrent.atomic.AtomicInteger CALLS = new java.util.concurrent.atomic.AtomicInteger();\n"
                        + "public static int count(int ignored) { return CALLS.incrementAndGet(); }");
    }

    /** HTTP/1.2 and later minor versions as HTTP/1.1 (RFC 9110, section 2.5); lower case as upper case. */
    @ParameterizedTest(name = "{0} is answered as {1}")
    @CsvSource({"HTTP/1.2, HTTP/1.1", "HTTP/1.9, HTTP/1.1", "http/1.1, HTTP/1.1", "HTTP/1.0, HTTP/1.0", "http/1.0, HTTP/1.0"})
    void everyHttp1VersionIsServed(String sent, String answeredAs) throws IOException {
        String answer = exchange(sent);

        assertThat(answer).startsWith(answeredAs + " 200").endsWith("{\"data\":42}");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"HTTP/2.0", "HTTP/9.9", "HTTP/0.9"})
    void anyOtherVersionIsABadRequest(String sent) throws IOException {
        String answer = exchange(sent);

        assertThat(answer).startsWith("HTTP/1.1 400")
                .contains("\"code\":\"bad_request\"")
                .contains(sent + " is not a version this server speaks");
    }

    @Test
    void aCallPipelinedBehindAnUnknownVersionIsNotRun() throws IOException {
        String refused = "POST /v1/counter/latest HTTP/2.0\r\nHost: 127.0.0.1\r\nContent-Length: 11\r\n\r\n{\"data\": 0}";
        String pipelined = "POST /v1/counter/latest HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 11\r\n\r\n{\"data\": 0}";

        String answers = send(refused + pipelined);

        assertThat(answers).startsWith("HTTP/1.1 400");
        assertThat(answers.lines().filter(line -> line.matches("HTTP/1\\.[01] \\d{3} .*")).count())
                .as("status lines in %s", answers).isEqualTo(1);
        assertThat(server.call("counter/latest", "0").body()).isEqualTo("{\"data\":1}");
    }

    @Test
    void aChunkedBodyBesideAContentLengthIsReadAsChunkedAndTheConnectionClosedAfter() throws IOException {
        // No "Connection: close": reading to the end only returns because the server closes.
        String answer = send("POST /v1/doubler/latest HTTP/1.2\r\n"
                + "Host: 127.0.0.1\r\n"
                + "Content-Length: 3\r\n"
                + "Transfer-Encoding: chunked\r\n"
                + "\r\n"
                + "c\r\n{\"data\": 21}\r\n0\r\n\r\n");

        assertThat(answer).startsWith("HTTP/1.1 200").endsWith("{\"data\":42}");
    }

    /** Sends one call with {@code version} in its request line and reads until the server closes. */
    private static String exchange(String version) throws IOException {
        String body = "{\"data\": 21}";
        String request = "POST /v1/doubler/latest " + version + "\r\n"
                + "Host: 127.0.0.1\r\n"
                + "Content-Length: " + body.length() + "\r\n"
                + "Connection: close\r\n"
                + "\r\n" + body;
        return send(request);
    }

    /** Writes {@code requests} at once and reads until the server closes the connection. */
    private static String send(String requests) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(requests.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
