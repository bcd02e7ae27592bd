package dev.inferd.runtime.python;

import com.fasterxml.jackson.databind.JsonNode;
import dev.inferd.config.ServerConfig;
import dev.inferd.testing.Eventually;
import dev.inferd.testing.HttpAnswer;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A start waits only for the first worker of each Python version it deploys or loads; the others
 * are held until the server listens and must then start, or the version would serve on one worker
 * for good.
 */
class SpareWorkersStartOnceTheServerListensTest {
    /** Over twice the minimum chunk (256 items), so the batch is cut in two chunks. */
    private static final int BATCH_ITEMS = 600;

    private static final String SOURCE = """
            import os

            def pid(x):
                return os.getpid()
            """;

    private static Set<Long> twoWorkersAnswering(TestServer server) {
        return Eventually.poll("a big batch answered by two workers", Duration.ofSeconds(15),
                () -> pidsAnsweringABigBatch(server), pids -> pids.size() == 2);
    }

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
    void anExampleDeployedDuringTheStartIsServedByAllItsWorkers(@TempDir Path dataDirectory, @TempDir Path examples)
            throws IOException {
        PythonAvailability.assumePython();
        Path bundle = Files.createDirectories(examples.resolve("two_workers"));
        Files.writeString(bundle.resolve("inferd.yaml"), "runtime: python\nmain: pid\nworkers: 2\n");
        Files.writeString(bundle.resolve("source.py"), SOURCE);

        try (TestServer server = TestServer.start(dataDirectory, settings -> settings
                .set(ServerConfig::examplesDirectory, Optional.of(examples)))) {
            assertThat(twoWorkersAnswering(server)).hasSize(2);
        }
    }

    @Test
    void aVersionLoadedByARestartIsServedByAllItsWorkers(@TempDir Path dataDirectory) {
        PythonAvailability.assumePython();
        try (TestServer first = TestServer.start(dataDirectory)) {
            PythonBundles.deployed(first, "two_workers", "pid", 2, SOURCE);
        }

        try (TestServer second = TestServer.start(dataDirectory)) {
            assertThat(twoWorkersAnswering(second)).hasSize(2);
        }
    }
}
