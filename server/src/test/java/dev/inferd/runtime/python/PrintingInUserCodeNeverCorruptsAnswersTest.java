package dev.inferd.runtime.python;

import dev.inferd.config.PythonSettings;
import dev.inferd.testing.Eventually;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The worker keeps its frame pipe away from descriptor 1: whatever user code prints, with or
 * without a newline, through {@code print} or raw {@code os.write(1, ...)}, at import or during a
 * call, leaves answers intact and reaches the server log tagged with deployment, version and worker.
 */
class PrintingInUserCodeNeverCorruptsAnswersTest {
    private static final String OUTPUT_LOGGER = "dev.inferd.python.output";
    private static final Duration LOG_DELAY = Duration.ofSeconds(5);

    @RegisterExtension
    static final TestServer server = TestServer.perClass(settings -> settings.set(PythonSettings::workers, 1));
    static CapturedLog output;

    @BeforeAll
    static void deployAFunctionThatPrintsEverywhere() {
        PythonAvailability.assumePython();
        output = CapturedLog.of(OUTPUT_LOGGER);
        PythonBundles.deployed(server, "print_test", "f", 1, """
                import os
                import sys

                print("module of print_test imported")
                sys.stdout.write("import without newline")
                os.write(1, b"\\x00\\x00\\x00\\x02{}")  # looks like a frame header and a frame

                def f(x):
                    print("print_test called with", x)
                    print("no newline after", x, end="")
                    sys.stdout.flush()
                    os.write(1, b"\\x00\\x00\\x00\\x05hello raw bytes on descriptor 1\\n")
                    os.write(1, b"\\xff\\xfe not utf-8\\n")
                    print("to stderr", x, file=sys.stderr)
                    print("x" * 100000)
                    return 2 * x
                """);
    }

    @AfterAll
    static void stop() {
        if (output != null) {
            output.close();
        }
    }

    @Test
    void aSingleCallThatPrintsAnswersCorrectly() {
        assertThat(server.call("print_test", "21").body()).isEqualTo("{\"data\":42}");
        assertThat(server.call("print_test", "22").body()).isEqualTo("{\"data\":44}");
    }

    @Test
    void aBatchWhoseItemsPrintAnswersCorrectly() {
        assertThat(server.call("print_test", "[[1, 1], [2, 2], [3, 3]]").body())
                .isEqualTo("{\"data\":[[1,2],[2,4],[3,6]]}");
    }

    @Test
    void printedLinesReachTheServerLogTaggedWithDeploymentVersionAndWorker() {
        server.call("print_test", "31");

        List<String> lines = Eventually.poll("a log line with the print of call 31", LOG_DELAY, output::lines,
                all -> all.stream().anyMatch(line -> line.contains("print_test called with 31")));

        assertThat(lines).anySatisfy(line -> assertThat(line)
                .startsWith("[print_test/1 worker ").contains("] print_test called with 31"));
        assertThat(lines).anySatisfy(line -> assertThat(line)
                .startsWith("[print_test/1 worker ").contains("to stderr 31"));
    }

    @Test
    void outputWithoutANewlineAndRawBytesReachTheLogToo() {
        server.call("print_test", "32");

        Eventually.holds("the unterminated print and the raw write of call 32 in the log", LOG_DELAY,
                () -> !output.linesContaining("[print_test/1 worker ", "no newline after 32").isEmpty()
                        && !output.linesContaining("[print_test/1 worker ", "hello raw bytes on descriptor 1").isEmpty());
    }

    @Test
    void printsAtImportReachTheLog() {
        Eventually.holds("the module-level print in the log", LOG_DELAY,
                () -> !output.linesContaining("[print_test/1 worker 1] module of print_test imported").isEmpty());
    }

    @Test
    void aVeryLongPrintedLineIsCutInTheLog() {
        server.call("print_test", "33");

        List<String> longLines = Eventually.poll("the 100000-character line in the log", LOG_DELAY,
                () -> output.linesContaining("[print_test/1 worker ", "xxxxxxxxxx"), found -> !found.isEmpty());

        assertThat(longLines).allSatisfy(line -> assertThat(line).hasSizeLessThan(9 * 1024).endsWith("... (cut)"));
    }
}
