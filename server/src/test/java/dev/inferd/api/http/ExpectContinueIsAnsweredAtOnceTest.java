package dev.inferd.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PROTOCOL §1: {@code Expect: 100-continue} is answered at once. curl sends it for every body over
 * 1 KiB and waits a whole second for the 100, so a server that waits for the body makes every
 * such call a second slower. Spoken over a raw socket, because HTTP clients hide the interim answer.
 */
class ExpectContinueIsAnsweredAtOnceTest {
    /** Far below curl's one-second wait, with room for a busy test machine. */
    private static final Duration AT_ONCE = Duration.ofMillis(250);
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    @BeforeAll
    static void deployADoubler() {
        server.deployJavaClass("doubler", "Doubler", "twice", "public static long twice(long x) { return 2 * x; }");
        // Loads the version, so the first test does not time the load.
        assertThat(server.call("doubler", "1").status()).isEqualTo(200);
    }

    /** A batch body of about {@code items * 12} bytes: {@code [[0, 0], [1, 1], ...]}. */
    private static String batchBody(int items) {
        StringBuilder body = new StringBuilder("{\"data\": [");
        for (int i = 0; i < items; i++) {
            body.append(i == 0 ? "" : ", ").append('[').append(i).append(", ").append(i).append(']');
        }
        return body.append("]}").toString();
    }

    private static String headers(String path, long contentLength) {
        return "POST " + path + " HTTP/1.1\r\n"
                + "Host: 127.0.0.1:" + server.port() + "\r\n"
                + "User-Agent: curl/8.5.0\r\n"
                + "Accept: */*\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\n"
                + "Content-Length: " + contentLength + "\r\n"
                + "Expect: 100-continue\r\n"
                + "\r\n";
    }

    @Test
    void theHundredContinueArrivesBeforeTheBodyIsSentAndTheAnswerIsRight() throws IOException {
        byte[] body = batchBody(200).getBytes(StandardCharsets.US_ASCII);
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout((int) Duration.ofSeconds(30).toMillis());
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();

            out.write(headers("/v1/doubler", body.length).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            long sent = System.nanoTime();
            socket.setSoTimeout((int) Duration.ofSeconds(2).toMillis());
            String interim = readLine(in);
            Duration waited = Duration.ofNanos(System.nanoTime() - sent);

            assertThat(interim).isEqualTo("HTTP/1.1 100 Continue");
            assertThat(waited).isLessThan(AT_ONCE);
            assertThat(readLine(in)).isEmpty();

            socket.setSoTimeout((int) Duration.ofSeconds(30).toMillis());
            out.write(body);
            out.flush();
            Answer answer = readAnswer(in);

            assertThat(answer.statusLine()).isEqualTo("HTTP/1.1 200 OK");
            JsonNode data = JSON.readTree(answer.body()).get("data");
            assertThat(data).hasSize(200);
            assertThat(data.get(0).toString()).isEqualTo("[0,0]");
            assertThat(data.get(199).toString()).isEqualTo("[199,398]");
        }
    }

    @Test
    void aBodyDeclaredOverTheLimitIsRefusedWithoutAHundredContinue() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout((int) Duration.ofSeconds(10).toMillis());
            socket.getOutputStream().write(headers("/v1/doubler", 1L << 40).getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();

            Answer answer = readAnswer(socket.getInputStream());

            assertThat(answer.statusLine()).startsWith("HTTP/1.1 413");
            assertThat(JSON.readTree(answer.body()).get("code").asText()).isEqualTo("payload_too_large");
        }
    }

    @Test
    void anUnknownDeploymentIsRefusedWithoutAHundredContinue() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout((int) Duration.ofSeconds(10).toMillis());
            socket.getOutputStream().write(headers("/v1/nobody", 5000).getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();

            Answer answer = readAnswer(socket.getInputStream());

            assertThat(answer.statusLine()).startsWith("HTTP/1.1 404");
            assertThat(JSON.readTree(answer.body()).get("code").asText()).isEqualTo("not_found");
        }
    }

    @Test
    void withoutExpectNoHundredContinueIsSent() throws IOException {
        byte[] body = batchBody(3).getBytes(StandardCharsets.US_ASCII);
        String request = headers("/v1/doubler", body.length).replace("Expect: 100-continue\r\n", "");
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout((int) Duration.ofSeconds(10).toMillis());
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().write(body);
            socket.getOutputStream().flush();

            Answer answer = readAnswer(socket.getInputStream());

            assertThat(answer.statusLine()).isEqualTo("HTTP/1.1 200 OK");
            assertThat(answer.body()).isEqualTo("{\"data\":[[0,0],[1,2],[2,4]]}");
        }
    }

    private record Answer(String statusLine, Map<String, String> headers, String body) {
    }

    /** Reads a final answer; a body is read by its Content-Length, which inferd always sends. */
    private static Answer readAnswer(InputStream in) throws IOException {
        String statusLine = readLine(in);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        assertThat(headers).as("headers after %s", statusLine).containsKey("content-length");
        byte[] body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
        return new Answer(statusLine, headers, new String(body, StandardCharsets.UTF_8));
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new IOException("connection closed after " + line.toString(StandardCharsets.US_ASCII));
                }
                if (b != '\r') {
                    line.write(b);
                }
            }
        } catch (SocketTimeoutException e) {
            throw new IOException("no complete line in time; got '" + line.toString(StandardCharsets.US_ASCII) + "'", e);
        }
        return line.toString(StandardCharsets.US_ASCII);
    }
}
