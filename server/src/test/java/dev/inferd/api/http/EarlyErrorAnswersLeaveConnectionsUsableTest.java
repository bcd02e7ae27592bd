package dev.inferd.api.http;

import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An error answered before the body is read (unknown deployment, too large) must reach the
 * client, and must not break other requests: PROTOCOL §1 says a malformed request never affects
 * other requests. On HTTP/1.1 a server that will close says {@code Connection: close}, so the
 * client does not send its next request into a closing connection. The server speaks HTTP/1.1
 * only: a client's offer to upgrade to HTTP/2 is declined, not a reason to fail.
 */
class EarlyErrorAnswersLeaveConnectionsUsableTest {
    private static final String CALL = "{\"data\": 1}";

    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    @BeforeAll
    static void deployASleeper() {
        server.deployJavaClass("sleeper", "Sleeper", "sleep", """
                public static long sleep(long millis) throws InterruptedException {
                    Thread.sleep(millis);
                    return millis;
                }
                """);
    }

    @Test
    void aKeptAliveConnectionEitherSaysItClosesOrServesTheNextRequest() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout((int) Duration.ofSeconds(10).toMillis());
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();

            out.write(request("/v1/nobody", CALL));
            out.flush();
            Map<String, String> first = readAnswer(in);
            assertThat(first.get(":status")).startsWith("HTTP/1.1 404");
            if ("close".equalsIgnoreCase(first.get("connection"))) {
                return;
            }
            out.write(request("/v1/sleeper", "{\"data\": 0}"));
            out.flush();
            Map<String, String> second;
            try {
                second = readAnswer(in);
            } catch (IOException e) {
                throw new AssertionError("the 404 had no 'Connection: close', yet the server closed the connection: "
                        + e.getMessage() + "; 404 headers: " + first, e);
            }
            assertThat(second.get(":status")).startsWith("HTTP/1.1 200");
        }
    }

    @Test
    void aTooLargeAnswerSaysTheConnectionWillClose() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout((int) Duration.ofSeconds(10).toMillis());
            socket.getOutputStream().write(("POST /v1/sleeper HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + (1L << 40) + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();

            Map<String, String> answer = readAnswer(socket.getInputStream());

            assertThat(answer.get(":status")).startsWith("HTTP/1.1 413");
            assertThat(answer.get("connection")).as("headers %s", answer).isEqualToIgnoringCase("close");
        }
    }

    @Test
    void aClientAskingForHttp2IsAnsweredOverHttp11() throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();

        HttpResponse<String> found = send(client, "/v1/sleeper", "{\"data\": 0}");
        HttpResponse<String> missing = send(client, "/v1/nobody", CALL);

        assertThat(found.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
        assertThat(found.body()).isEqualTo("{\"data\":0}");
        assertThat(missing.statusCode()).isEqualTo(404);
    }

    private static HttpRequest post(String path, String body) {
        return HttpRequest.newBuilder(URI.create(server.url() + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static HttpResponse<String> send(HttpClient client, String path, String body) throws Exception {
        return client.send(post(path, body), HttpResponse.BodyHandlers.ofString());
    }

    private static byte[] request(String path, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String head = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + server.port() + "\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + bytes.length + "\r\n\r\n";
        return (head + body).getBytes(StandardCharsets.UTF_8);
    }

    /** Headers by lower-case name, the status line under {@code :status}; the body is read and dropped. */
    private static Map<String, String> readAnswer(InputStream in) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(":status", readLine(in));
        for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
        return headers;
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("connection closed by the server");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }
}
