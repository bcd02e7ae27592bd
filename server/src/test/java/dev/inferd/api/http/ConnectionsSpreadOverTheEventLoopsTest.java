package dev.inferd.api.http;

import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With several event loops, one port (a random one here) serves them all, and new connections are
 * dealt out among the loops. A quick Java function, which runs on the event loop that read its
 * request, tells which loop that was.
 */
class ConnectionsSpreadOverTheEventLoopsTest {
    private static final Pattern EVENT_LOOP = Pattern.compile("vert\\.x-eventloop-thread-\\d+");

    @TempDir
    static Path dataDirectory;
    static TestServer server;

    @BeforeAll
    static void startWithThreeEventLoops() {
        server = TestServer.start(dataDirectory, settings -> settings.eventLoops(3));
        server.deployJavaClass("which_loop", "Which", "run",
                "public static String run(int x) { return Thread.currentThread().getName(); }");
        String batch = IntStream.range(0, 100).mapToObj(i -> "[" + i + ", " + i + "]").collect(Collectors.joining(",", "[", "]"));
        for (int i = 0; i < 12; i++) {
            assertThat(server.call("which_loop", batch).status()).isEqualTo(200);
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void newConnectionsAreServedByMoreThanOneEventLoopOnTheSamePort() throws IOException {
        Set<String> loops = new HashSet<>();
        for (int i = 0; i < 9; i++) {
            loops.add(eventLoopOfNewConnection());
        }

        assertThat(loops).hasSizeGreaterThan(1);
    }

    private static String eventLoopOfNewConnection() throws IOException {
        String body = "{\"data\": 1}";
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/which_loop HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Length: "
                    + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            Matcher loop = EVENT_LOOP.matcher(answer);
            assertThat(loop.find()).as(answer).isTrue();
            return loop.group();
        }
    }
}
