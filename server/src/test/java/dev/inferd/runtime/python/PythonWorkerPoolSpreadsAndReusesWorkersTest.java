package dev.inferd.runtime.python;

import com.fasterxml.jackson.databind.JsonNode;
import dev.inferd.config.PythonSettings;
import dev.inferd.testing.Eventually;
import dev.inferd.testing.HttpAnswer;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PROTOCOL §5, Python: {@code workers: N} runs N processes per version; a large batch is split
 * across them, module-level code runs once per worker, and workers serve call after call.
 */
class PythonWorkerPoolSpreadsAndReusesWorkersTest {
    /** Above three times the default minimum chunk size (256), so the batch is cut in three chunks. */
    private static final int BATCH_ITEMS = 900;

    @TempDir
    static Path scratch;
    @RegisterExtension
    static final TestServer server = TestServer.perClass(settings -> settings.set(PythonSettings::workers, 1));
    static Path loads;

    @BeforeAll
    static void deployThreeWorkersThatRecordTheirImports() {
        PythonAvailability.assumePython();
        loads = scratch.resolve("loads.txt");
        PythonBundles.deployed(server, "pool_of_three", "f", 3, """
                import os

                with open(%s, "a") as loads:
                    loads.write("%%d\\n" %% os.getpid())

                def f(x):
                    return os.getpid()
                """.formatted(PythonBundles.literal(loads.toString())));
    }

    private static String bigBatch() {
        List<String> items = new ArrayList<>();
        for (int i = 0; i < BATCH_ITEMS; i++) {
            items.add("[" + i + ", " + i + "]");
        }
        return "[" + String.join(", ", items) + "]";
    }

    private static Set<Long> pidsAnsweringABigBatch() {
        HttpAnswer answer = server.call("pool_of_three", bigBatch());
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        Set<Long> pids = new TreeSet<>();
        for (JsonNode item : answer.json().get("data")) {
            pids.add(item.get(1).asLong());
        }
        assertThat(answer.json().get("data")).hasSize(BATCH_ITEMS);
        return pids;
    }

    /** The two workers other than the first start in the background after the deploy. */
    private static Set<Long> allThreeWorkers() {
        return Eventually.poll("a big batch answered by three workers", Duration.ofSeconds(15),
                PythonWorkerPoolSpreadsAndReusesWorkersTest::pidsAnsweringABigBatch, pids -> pids.size() == 3);
    }

    private static List<Long> importsRecorded() {
        try {
            return Files.readAllLines(loads).stream().map(Long::parseLong).toList();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aBigBatchIsSplitAcrossThreeDistinctWorkers() {
        assertThat(allThreeWorkers()).hasSize(3).allSatisfy(pid -> assertThat(Eventually.isRunning(pid)).isTrue());
    }

    @Test
    void theSameWorkersServeCallAfterCall() {
        Set<Long> workers = allThreeWorkers();

        // A worker that finishes its chunk first may take a waiting one too, so not every batch
        // reaches all three; what matters is that no other process answers.
        assertThat(workers).containsAll(pidsAnsweringABigBatch());
        Set<Long> singles = new TreeSet<>();
        for (int i = 0; i < 9; i++) {
            singles.add(server.call("pool_of_three", "0").json().get("data").asLong());
        }
        assertThat(workers).containsAll(singles);
    }

    @Test
    void moduleLevelCodeRunsOncePerWorker() {
        Set<Long> workers = allThreeWorkers();
        pidsAnsweringABigBatch();

        List<Long> imports = importsRecorded();
        assertThat(imports).doesNotHaveDuplicates();
        assertThat(imports).hasSize(3);
        assertThat(imports.stream().collect(Collectors.toSet())).isEqualTo(workers);
    }
}
