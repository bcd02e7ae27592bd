package dev.inferd.api.http;

import dev.inferd.testing.TestServer;
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
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request the HTTP decoder refuses (a request line or a header too long) is answered with its
 * PROTOCOL error even while the client is still sending a large body: the server reads and drops
 * the rest for a moment before it closes, since closing with unread bytes makes the kernel send a
 * reset, which can destroy the answer before the client has read it.
 */
class UnparseableRequestsAreAnsweredWhileTheirBodyArrivesTest {
    private static final int BODY_BYTES = 8 * 1024 * 1024;

    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    @Test
    void aRequestLineTooLongIsAnswered414() throws Exception {
        String answer = sendWithBody("POST /v1/" + "a".repeat(5_000) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n");

        // The version is in the line that could not be read, so the answer is an HTTP/1.0 one.
        assertThat(answer).startsWith("HTTP/1.0 414").contains("\"code\":\"bad_request\"");
    }

    @Test
    void aHeaderTooLongIsAnswered431() throws Exception {
        String answer = sendWithBody("POST /v1/doubler HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Long: " + "b".repeat(10_000) + "\r\n");

        assertThat(answer).matches("(?s)HTTP/1\\.[01] 431.*").contains("\"code\":\"bad_request\"");
    }

    @Test
    void javasHttpClientGetsThe414RatherThanAFailedSend() throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.url() + "/v1/" + "a".repeat(5_000)))
                .timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString(" ".repeat(256 * 1024)))
                .build();

        for (int attempt = 0; attempt < 20; attempt++) {
            HttpResponse<String> answer = client.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(414);
        }
    }

    @Test
    void theServerAnswersTheNextConnectionAfterwards() throws Exception {
        sendWithBody("POST /v1/" + "a".repeat(5_000) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n");

        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout((int) Duration.ofSeconds(10).toMillis());
            socket.getOutputStream().write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            assertThat(readAll(socket.getInputStream())).startsWith("HTTP/1.1 200");
        }
    }

    /** Sends the head, then a large body from another thread while this one reads what comes back. */
    private static String sendWithBody(String headLines) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout((int) Duration.ofSeconds(20).toMillis());
            OutputStream out = socket.getOutputStream();
            out.write((headLines + "Content-Type: application/json\r\nContent-Length: " + BODY_BYTES + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
                byte[] chunk = new byte[64 * 1024];
                Arrays.fill(chunk, (byte) ' ');
                try {
                    for (int sent = 0; sent < BODY_BYTES; sent += chunk.length) {
                        out.write(chunk);
                    }
                } catch (IOException closedByTheServer) {
                    // Expected once the server has answered and stopped reading.
                }
            });
            String answer = readAll(socket.getInputStream());
            sending.cancel(true);
            return answer;
        }
    }

    /** Everything the server sends until it closes; a reset after the answer still leaves the answer. */
    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                received.write(buffer, 0, read);
            }
        } catch (IOException reset) {
            if (received.size() == 0) {
                throw reset;
            }
        }
        return received.toString(StandardCharsets.ISO_8859_1);
    }
}
