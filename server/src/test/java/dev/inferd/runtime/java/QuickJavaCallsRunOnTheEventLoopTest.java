package dev.inferd.runtime.java;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.inferd.testing.HttpAnswer;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Calls that have proved to take microseconds run on the event loop that read the request, which
 * saves two thread hand-offs per call; calls that are slow, or that once stall the event loop, run on
 * the invocation threads. The functions here answer with the name of the thread that ran them.
 */
class QuickJavaCallsRunOnTheEventLoopTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EVENT_LOOP = "vert.x-eventloop-thread-";
    private static final String INVOCATION_THREAD = "inferd-invoke-";

    @TempDir
    static Path dataDirectory;
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(dataDirectory);
        server.deployJavaClass("quick_thread", "Quick", "run",
                "public static String run(int x) { return Thread.currentThread().getName(); }");
        server.deployJavaClass("slow_thread", "Slow", "run", """
                public static String run(int x) throws InterruptedException {
                    Thread.sleep(1);
                    return Thread.currentThread().getName();
                }
                """);
        server.deployJavaClass("sometimes_stalls", "Stalls", "run", """
                public static String run(int x) throws InterruptedException {
                    if (x < 0) {
                        Thread.sleep(50);
                    }
                    return Thread.currentThread().getName();
                }
                """);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aFunctionNotYetMeasuredRunsOnAnInvocationThread() {
        server.deployJavaClass("fresh_thread", "Fresh", "run",
                "public static String run(int x) { return Thread.currentThread().getName(); }");

        assertThat(threadOf(server.call("fresh_thread", "1"))).startsWith(INVOCATION_THREAD);
    }

    @Test
    void aQuickFunctionRunsOnTheEventLoopOnceAThousandCallsHaveProvedIt() {
        proveWithBatch("quick_thread", 1_200);

        assertThat(threadOf(server.call("quick_thread", "1"))).startsWith(EVENT_LOOP);
    }

    @Test
    void aFunctionThatTakesAMillisecondNeverRunsOnTheEventLoop() {
        proveWithBatch("slow_thread", 1_200);

        assertThat(threadOf(server.call("slow_thread", "1"))).startsWith(INVOCATION_THREAD);
    }

    @Test
    void aCallThatStallsTheEventLoopSendsItsVersionBackToTheInvocationThreads() {
        proveWithBatch("sometimes_stalls", 1_200);
        assertThat(threadOf(server.call("sometimes_stalls", "-1"))).as("the stall itself").startsWith(EVENT_LOOP);

        assertThat(threadOf(server.call("sometimes_stalls", "1"))).startsWith(INVOCATION_THREAD);
    }

    /** Runs {@code items} calls as batches of 100, each of which passes the budget of a batch run on the event loop. */
    private static void proveWithBatch(String deployment, int items) {
        for (int start = 0; start < items; start += 100) {
            String batch = IntStream.range(start, start + 100).mapToObj(i -> "[" + i + ", " + i + "]")
                    .collect(Collectors.joining(",", "[", "]"));
            assertThat(server.call(deployment, batch).status()).isEqualTo(200);
        }
    }

    private static String threadOf(HttpAnswer answer) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        try {
            JsonNode body = JSON.readTree(answer.body());
            return body.get("data").asText();
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + answer.body(), e);
        }
    }
}
