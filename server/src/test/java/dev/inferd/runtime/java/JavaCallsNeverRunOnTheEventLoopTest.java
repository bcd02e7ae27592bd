package dev.inferd.runtime.java;

import dev.inferd.testing.HttpAnswer;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * However quick a Java function has proved, its calls run on the invocation threads, never on the
 * event loop that read the request: there no timeout could stop them, and every connection of that
 * event loop would wait. The function here answers with the name of the thread that runs it.
 */
class JavaCallsNeverRunOnTheEventLoopTest {
    private static final String INVOCATION_THREAD = "inferd-invoke-";

    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    @BeforeAll
    static void deployAndWarmUp() {
        server.deployJavaClass("thread_name", "ThreadName", "run",
                "public static String run(int x) { return Thread.currentThread().getName(); }");
        warmUp("thread_name");
    }

    @Test
    void aQuickFunctionsSingleCallRunsOnAnInvocationThreadAfterThousandsOfCalls() {
        HttpAnswer answer = server.call("thread_name", "1");

        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(answer.json().path("data").asText()).startsWith(INVOCATION_THREAD);
    }

    @Test
    void aQuickFunctionsBatchRunsOnAnInvocationThreadAfterThousandsOfCalls() {
        HttpAnswer answer = server.call("thread_name", "[[1, 1], [2, 2], [3, 3]]");

        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        answer.json().path("data").forEach(item -> assertThat(item.path(1).asText()).startsWith(INVOCATION_THREAD));
    }

    /** Batches of 100 and single calls, far more than any measurement of a version's speed takes. */
    private static void warmUp(String deployment) {
        for (int start = 0; start < 5_000; start += 100) {
            String batch = IntStream.range(start, start + 100).mapToObj(i -> "[" + i + ", " + i + "]")
                    .collect(Collectors.joining(",", "[", "]"));
            assertThat(server.call(deployment, batch).status()).isEqualTo(200);
        }
        for (int i = 0; i < 2_000; i++) {
            assertThat(server.call(deployment, Integer.toString(i)).status()).isEqualTo(200);
        }
    }
}
