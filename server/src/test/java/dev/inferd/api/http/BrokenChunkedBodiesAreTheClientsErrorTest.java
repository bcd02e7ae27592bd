package dev.inferd.api.http;

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
 * A chunked body whose framing the HTTP decoder cannot read (a chunk size that is not hex) is the
 * client's error: the call is counted and logged as a 400, not as a failure of the server, which
 * would set off alerts on 5xx rates for any client that sends garbage.
 */
class BrokenChunkedBodiesAreTheClientsErrorTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    @BeforeAll
    static void deployADoubler() {
        server.deployJavaClass("doubler", "Doubler", "twice", """
                public static long twice(long x) {
                    return 2 * x;
                }
                """);
    }

    @Test
    void aCallWithAChunkSizeThatIsNotHexCountsAsA400() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout((int) Duration.ofSeconds(10).toMillis());
            socket.getOutputStream().write(("POST /v1/doubler HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "5\r\n{\"dat\r\nZZ\r\nabc\r\n0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            readUntilClosed(socket.getInputStream());
        }

        String metrics = server.get("/metrics").body();

        assertThat(metrics).contains("inferd_requests_total{deployment=\"doubler\",status=\"400\",version=\"1\"} 1.0");
        assertThat(metrics).doesNotContain("status=\"500\"");
    }

    /** The server may answer or just close; either way the connection ends. */
    private static void readUntilClosed(InputStream in) {
        byte[] buffer = new byte[8192];
        try {
            while (in.read(buffer) >= 0) {
                // Whatever came is not what this test is about.
            }
        } catch (IOException reset) {
            // A reset ends it too.
        }
    }
}
