package dev.inferd.invoke;

import com.fasterxml.jackson.databind.JsonNode;
import dev.inferd.config.InvocationSettings;
import dev.inferd.testing.HttpAnswer;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/configuration.md, "Threads, queue and chunks": a Java batch of at least two minimum chunks is
 * cut into chunks that run at the same time on different invocation threads, while a smaller batch is
 * one chunk whose items run one after another on one thread.
 *
 * <p>With 4 invocation threads a Java deployment may use 2 at once, so with a minimum chunk of 4
 * items a batch of 8 is two chunks and a batch of 7 is one. The function proves overlap without
 * relying on timing: the first call of a version holds its thread until another call is inside the
 * function too, and every call reports the most calls it has seen inside at once. Two calls of one
 * chunk can never overlap, so a report of 2 means two chunks ran in parallel.
 */
class BigJavaBatchesRunAsParallelChunksTest {
    private static final int MIN_CHUNK_SIZE = 4;
    private static final String INVOCATION_THREAD = "inferd-invoke-";

    /** Static state is per version: each version has its own class loader, so each deployment counts alone. */
    private static final String MEETING_POINT = """
            private static final java.util.concurrent.atomic.AtomicInteger entered = new java.util.concurrent.atomic.AtomicInteger();
            private static final java.util.concurrent.atomic.AtomicInteger inside = new java.util.concurrent.atomic.AtomicInteger();
            private static final java.util.concurrent.atomic.AtomicInteger mostAtOnce = new java.util.concurrent.atomic.AtomicInteger();

            public static Map<String, Object> meet(int waitMillis) throws InterruptedException {
                mostAtOnce.accumulateAndGet(inside.incrementAndGet(), Math::max);
                try {
                    if (entered.getAndIncrement() == 0) {
                        long deadline = System.nanoTime() + waitMillis * 1_000_000L;
                        while (mostAtOnce.get() < 2 && System.nanoTime() < deadline) {
                            Thread.sleep(1);
                        }
                    }
                    Map<String, Object> seen = new LinkedHashMap<>();
                    seen.put("thread", Thread.currentThread().getName());
                    seen.put("atOnce", mostAtOnce.get());
                    return seen;
                } finally {
                    inside.decrementAndGet();
                }
            }
            """;

    @RegisterExtension
    static final TestServer server = TestServer.perClass(settings -> settings
            .set(InvocationSettings::threads, 4)
            .set(InvocationSettings::minChunkSize, MIN_CHUNK_SIZE));

    @BeforeAll
    static void deployMeetingPoints() {
        server.deployJavaClass("meet_big_batch", "Meeting", "meet", MEETING_POINT);
        server.deployJavaClass("meet_small_batch", "Meeting", "meet", MEETING_POINT);
    }

    @Test
    void aBatchOfTwoMinimumChunksRunsOnTwoThreadsAtOnce() {
        // Parallel chunks meet at once; the wait only bounds how long a broken split takes to fail.
        List<JsonNode> seen = batch("meet_big_batch", 2 * MIN_CHUNK_SIZE, 10_000);

        assertThat(seen).extracting(item -> item.get("thread").asText()).allMatch(name -> name.startsWith(INVOCATION_THREAD));
        assertThat(seen.stream().map(item -> item.get("thread").asText()).distinct()).hasSize(2);
        assertThat(seen.stream().mapToInt(item -> item.get("atOnce").asInt()).max()).hasValue(2);
    }

    @Test
    void aBatchSmallerThanTwoMinimumChunksRunsOnOneThreadOneItemAtATime() {
        // Long enough for a wrongly made second chunk to start and be seen, short enough to keep the test quick.
        List<JsonNode> seen = batch("meet_small_batch", 2 * MIN_CHUNK_SIZE - 1, 500);

        assertThat(seen.stream().map(item -> item.get("thread").asText()).distinct()).hasSize(1);
        assertThat(seen).extracting(item -> item.get("atOnce").asInt()).containsOnly(1);
    }

    /** Sends a batch of {@code items} calls, each waiting up to {@code waitMillis} if first, and returns each item's report. */
    private static List<JsonNode> batch(String deployment, int items, int waitMillis) {
        String data = IntStream.rangeClosed(1, items).mapToObj(id -> "[" + id + ", " + waitMillis + "]")
                .collect(Collectors.joining(",", "[", "]"));

        HttpAnswer answer = server.call(deployment, data);

        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        List<JsonNode> reports = new ArrayList<>();
        answer.json().get("data").forEach(item -> reports.add(item.get(1)));
        assertThat(reports).hasSize(items);
        return reports;
    }
}
