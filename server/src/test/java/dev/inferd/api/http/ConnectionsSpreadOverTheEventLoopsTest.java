package dev.inferd.api.http;

import dev.inferd.config.HttpSettings;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * With several event loops, one port (a random one here) serves them all, and new connections are
 * dealt out among the loops. User code never runs on a loop, so the loops' own CPU time tells which
 * of them served the connections: the server runs in this JVM.
 */
class ConnectionsSpreadOverTheEventLoopsTest {
    private static final String EVENT_LOOP = "vert.x-eventloop-thread-";
    /** More CPU than an idle loop spends in the time the connections take; far less than serving a hundred of them. */
    private static final long BUSY_NANOS = 2_000_000;

    @RegisterExtension
    static final TestServer server = TestServer.perClass(settings -> settings.set(HttpSettings::eventLoops, 3));
    static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    @BeforeAll
    static void measureThreadCpuTime() {
        assumeTrue(THREADS.isThreadCpuTimeSupported(), "this JVM cannot measure a thread's CPU time");
        THREADS.setThreadCpuTimeEnabled(true);
    }

    @Test
    void newConnectionsAreServedByMoreThanOneEventLoopOnTheSamePort() throws IOException {
        Map<Long, Long> before = eventLoopCpuTimes();

        for (int i = 0; i < 300; i++) {
            healthCheckOnANewConnection();
        }

        Map<Long, Long> after = eventLoopCpuTimes();
        long busyLoops = after.entrySet().stream()
                .filter(loop -> loop.getValue() - before.getOrDefault(loop.getKey(), 0L) > BUSY_NANOS)
                .count();
        assertThat(busyLoops).as("event loops that served connections, of " + after.size()).isGreaterThan(1);
    }

    private static Map<Long, Long> eventLoopCpuTimes() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith(EVENT_LOOP))
                .map(Thread::getId)
                .collect(Collectors.toMap(Function.identity(), THREADS::getThreadCpuTime));
    }

    private static void healthCheckOnANewConnection() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            OutputStream out = socket.getOutputStream();
            out.write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 200");
        }
    }
}
