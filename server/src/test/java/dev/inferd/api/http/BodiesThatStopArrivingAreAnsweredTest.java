package dev.inferd.api.http;

import dev.inferd.config.LimitSettings;
import dev.inferd.testing.RawHttp;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client that declares a large body, or starts a chunked one, and then sends nothing more gets
 * 408 once the idle timeout passes, and its share of the byte budget goes back: a few such clients
 * cannot refuse everybody else's calls.
 */
class BodiesThatStopArrivingAreAnsweredTest {
    private static final long BUDGET = 1024 * 1024;

    @RegisterExtension
    static final TestServer server = TestServer.perClass(settings -> settings
            .set(LimitSettings::bodyIdleTimeout, Duration.ofSeconds(1))
            .set(LimitSettings::maxInflightBytes, BUDGET));

    @BeforeAll
    static void deployAnEcho() {
        server.deployJavaClass("stall_echo", "Echo", "echo", "public static Object echo(Object x) { return x; }");
    }

    @Test
    void aDeclaredBodyThatStopsHalfWayIsAnswered408AndClosed() throws IOException {
        String answer = sendAndWait("POST /v1/stall_echo HTTP/1.1\r\nHost: x\r\nContent-Length: 200000\r\n\r\n{\"data\": [");

        assertThat(answer).startsWith("HTTP/1.1 408").contains("\"code\":\"timeout\"").contains("stopped arriving").endsWith("<closed>");
    }

    @Test
    void aChunkedBodyWhoseNextChunkNeverComesIsAnswered408() throws IOException {
        String answer = sendAndWait("POST /v1/stall_echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{\"dat\r\n");

        assertThat(answer).startsWith("HTTP/1.1 408").contains("\"code\":\"timeout\"");
    }

    @Test
    void aStalledUploadGivesItsBudgetBackSoOthersAreServedAgain() throws IOException {
        long declaredOverHalfTheBudget = BUDGET / 2 + 1;
        try (Socket stalled = new Socket("127.0.0.1", server.port())) {
            // 100 Continue comes once the server has taken the body's share of the budget: from then on
            // the second request cannot be the one that gets it, however the event loops are scheduled.
            stalled.getOutputStream().write(("POST /v1/stall_echo HTTP/1.1\r\nHost: x\r\nContent-Length: " + declaredOverHalfTheBudget
                    + "\r\nExpect: 100-continue\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            stalled.getOutputStream().flush();
            assertThat(readLine(stalled, Duration.ofSeconds(10))).isEqualTo("HTTP/1.1 100 Continue");
            stalled.getOutputStream().write('{');
            stalled.getOutputStream().flush();
            String refused = sendAndWait("POST /v1/stall_echo HTTP/1.1\r\nHost: x\r\nContent-Length: " + declaredOverHalfTheBudget
                    + "\r\nConnection: close\r\n\r\n");
            assertThat(refused).as("while the stalled body holds its share").startsWith("HTTP/1.1 429");

            RawHttp.readUntilClosed(stalled, Duration.ofSeconds(10));
        }

        assertThat(server.call("stall_echo", "1").status()).isEqualTo(200);
        assertThat(sendAndWait("POST /v1/stall_echo HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\nConnection: close\r\n\r\n{\"data\": 1}"))
                .startsWith("HTTP/1.1 200");
    }

    private static String sendAndWait(String request) throws IOException {
        return RawHttp.sendAndWait(server.port(), request);
    }

    /** Reads one line, without its CRLF. */
    private static String readLine(Socket socket, Duration within) throws IOException {
        socket.setSoTimeout((int) within.toMillis());
        InputStream in = socket.getInputStream();
        StringBuilder line = new StringBuilder();
        int next;
        while ((next = in.read()) >= 0 && next != '\n') {
            if (next != '\r') {
                line.append((char) next);
            }
        }
        return line.toString();
    }
}
