package dev.inferd.runtime.python;

import com.fasterxml.jackson.databind.JsonNode;
import dev.inferd.testing.HttpAnswer;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A start waits only for the first worker of each Python version it loads; the others are held
 * until the server listens and must then start, or the version would serve on one worker for good.
 */
class SpareWorkersOfARestartStartOnceItListensTest {
    /** Over twice the minimum chunk (256 items), so the batch is cut in two chunks. */
    private static final int BATCH_ITEMS = 600;

    private static Set<Long> pidsAnsweringABigBatch(TestServer server) {
        String batch = IntStream.range(0, BATCH_ITEMS).mapToObj(i -> "[" + i + ", " + i + "]")
                .collect(Collectors.joining(", ", "[", "]"));
        HttpAnswer answer = server.call("two_workers", batch);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        Set<Long> pids = new TreeSet<>();
        for (JsonNode item : answer.json().get("data")) {
            pids.add(item.get(1).asLong());
        }
        return pids;
    }

    @Test
    void aVersionLoadedByARestartIsServedByAllItsWorkers(@TempDir Path dataDirectory) {
        PythonAvailability.assumePython();
        try (TestServer first = TestServer.start(dataDirectory)) {
            PythonBundles.deployed(first, "two_workers", "pid", 2, """
                    import os

                    def pid(x):
                        return os.getpid()
                    """);
        }

        try (TestServer second = TestServer.start(dataDirectory)) {
            Set<Long> workers = Eventually.poll("a big batch answered by two workers", Duration.ofSeconds(15),
                    () -> pidsAnsweringABigBatch(second), pids -> pids.size() == 2);

            assertThat(workers).hasSize(2);
        }
    }
}
