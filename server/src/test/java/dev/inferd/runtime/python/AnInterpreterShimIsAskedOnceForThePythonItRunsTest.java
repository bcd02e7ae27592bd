package dev.inferd.runtime.python;

import dev.inferd.testing.HttpAnswer;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A version manager's shim (a script named like the interpreter) is run once, to learn the Python
 * it chooses; workers start that Python directly. A shim that will not say is started as it is.
 */
class AnInterpreterShimIsAskedOnceForThePythonItRunsTest {
    private static final String SOURCE = """
            import os, sys

            def where(x):
                return [sys.executable, os.getpid()]
            """;

    /** The interpreter binary that {@code python3} runs here, shim or not. */
    private static Path realPython() throws IOException, InterruptedException {
        Process process = new ProcessBuilder(PythonAvailability.PYTHON, "-c", "import sys; sys.stdout.write(sys.executable)").start();
        String executable = new String(process.getInputStream().readAllBytes()).strip();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return Path.of(executable);
    }

    /** A shim that notes each run in {@code runs} and then runs the real Python, refusing {@code -c} if told to. */
    private static Path shim(Path directory, Path runs, boolean answersQuestions) throws IOException, InterruptedException {
        Path shim = directory.resolve("python3");
        String refuse = answersQuestions ? "" : "[ \"$1\" = \"-c\" ] && exit 3\n";
        Files.writeString(shim, "#!/bin/sh\necho run >> '" + runs + "'\n" + refuse + "exec '" + realPython() + "' \"$@\"\n");
        Files.setPosixFilePermissions(shim, PosixFilePermissions.fromString("rwxr-xr-x"));
        return shim;
    }

    private static long runsOf(Path runs) {
        try {
            return Files.exists(runs) ? Files.readAllLines(runs).size() : 0;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Over twice the minimum chunk (256 items), so that a batch is shared by both workers. */
    private static final String BIG_BATCH = IntStream.range(0, 600).mapToObj(i -> "[" + i + ", 0]")
            .collect(Collectors.joining(", ", "[", "]"));

    /** Sends big batches until two different workers have answered, and returns the executables they reported. */
    private static Set<String> executablesOfTwoWorkers(TestServer server) {
        return Eventually.poll("answers from both workers", Duration.ofSeconds(20), () -> {
            HttpAnswer answer = server.call("where", BIG_BATCH);
            assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
            Set<String> pids = new TreeSet<>();
            Set<String> executables = new TreeSet<>();
            answer.json().get("data").forEach(item -> {
                executables.add(item.get(1).get(0).asText());
                pids.add(item.get(1).get(1).asText());
            });
            return pids.size() == 2 ? executables : Set.<String>of();
        }, executables -> !executables.isEmpty());
    }

    @Test
    void workersOfAShimStartThePythonItChoseAndTheShimRunsOnce(@TempDir Path directory, @TempDir Path dataDirectory)
            throws IOException, InterruptedException {
        PythonAvailability.assumePython();
        Path runs = directory.resolve("runs");
        Path shim = shim(directory, runs, true);

        try (TestServer server = TestServer.start(dataDirectory, settings -> settings.pythonExecutable(shim.toString()))) {
            PythonBundles.deployed(server, "where", "where", 2, SOURCE);

            assertThat(executablesOfTwoWorkers(server)).containsExactly(realPython().toString());
            assertThat(runsOf(runs)).isEqualTo(1);
        }
    }

    @Test
    void aShimThatWillNotNameItsPythonStartsEveryWorker(@TempDir Path directory, @TempDir Path dataDirectory)
            throws IOException, InterruptedException {
        PythonAvailability.assumePython();
        Path runs = directory.resolve("runs");
        Path shim = shim(directory, runs, false);

        try (TestServer server = TestServer.start(dataDirectory, settings -> settings.pythonExecutable(shim.toString()))) {
            PythonBundles.deployed(server, "where", "where", 2, SOURCE);

            assertThat(executablesOfTwoWorkers(server)).containsExactly(realPython().toString());
            // The refused question, then one run per worker.
            assertThat(runsOf(runs)).isEqualTo(3);
        }
    }

    @Test
    void anInterpreterBinaryIsStartedAsConfiguredWithoutAQuestion(@TempDir Path dataDirectory)
            throws IOException, InterruptedException {
        PythonAvailability.assumePython();
        String python = realPython().toString();

        try (CapturedLog log = CapturedLog.of(PythonInterpreters.class.getName());
             TestServer server = TestServer.start(dataDirectory, settings -> settings.pythonExecutable(python))) {
            HttpAnswer deployed = PythonBundles.deploy(server, "where", "where", SOURCE, Map.of());

            assertThat(deployed.status()).as(deployed.toString()).isEqualTo(201);
            assertThat(log.lines()).isEmpty();
        }
    }

    @Test
    void aNameIsLookedUpOnThePathAsTheJdkStartsIt(@TempDir Path first, @TempDir Path second) throws IOException {
        Path found = Files.writeString(second.resolve("python3"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(found, PosixFilePermissions.fromString("rwxr-xr-x"));

        assertThat(PythonInterpreters.located("python3", first + ":" + second)).contains(found);
        assertThat(PythonInterpreters.located("python3", first.toString())).isEmpty();
        assertThat(PythonInterpreters.located(found.toString(), null)).contains(found);
    }

    @Test
    void aScriptIsKnownByItsFirstTwoBytes(@TempDir Path directory) throws IOException, InterruptedException {
        PythonAvailability.assumePython();
        Path script = Files.writeString(directory.resolve("script"), "#!/bin/sh\nexec python3 \"$@\"\n");
        Path notScript = Files.write(directory.resolve("binary"), new byte[]{0x7f, 'E', 'L', 'F'});

        assertThat(List.of(PythonInterpreters.isScript(script), PythonInterpreters.isScript(notScript),
                PythonInterpreters.isScript(realPython()))).containsExactly(true, false, false);
    }
}
