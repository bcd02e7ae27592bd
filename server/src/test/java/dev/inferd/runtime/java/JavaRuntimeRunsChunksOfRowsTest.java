package dev.inferd.runtime.java;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.inferd.runtime.Arity;
import dev.inferd.runtime.InvocationExecutor;
import dev.inferd.runtime.LoadedModel;
import dev.inferd.runtime.Outcome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;

import static dev.inferd.runtime.java.JavaBundlesInProcess.awaitFile;
import static dev.inferd.runtime.java.JavaBundlesInProcess.call;
import static dev.inferd.runtime.java.JavaBundlesInProcess.failure;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link JavaRuntime} below HTTP for {@code batch: rows}: the chunk size and the arity the
 * invocation layer reads batches with, one outcome per row of the kind that decides its status,
 * the argument check of async calls, and cancellation that reaches the user code.
 */
class JavaRuntimeRunsChunksOfRowsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SUMS = "public class Sums {\n"
            + "  public static long[] sum(long[][] rows) {\n"
            + "    return java.util.Arrays.stream(rows).mapToLong(row -> java.util.Arrays.stream(row).sum()).toArray();\n"
            + "  }\n"
            + "}\n";

    @TempDir
    static Path workDirectory;
    static InvocationExecutor executor;
    static JavaRuntime runtime;

    @BeforeAll
    static void createRuntime() {
        executor = new InvocationExecutor(2, 100, "test-invoke-");
        runtime = new JavaRuntime(executor, Optional.empty());
    }

    @AfterAll
    static void stopExecutor() {
        executor.shutdownNow();
    }

    @Test
    void aRowsVersionTakesChunksOfItsBatchSizeAndAPerItemVersionNone() {
        try (LoadedModel rows = load("chunk_rows", "Sums#sum", "batch: rows\nbatch_size: 250\n", Map.of("Sums.java", SUMS));
             LoadedModel perItem = load("chunk_per_item", "One#apply", "", Map.of("One.java",
                     "public class One { public static long apply(long x) { return x; } }\n"))) {
            assertThat(rows.rowsPerCall()).isEqualTo(OptionalInt.of(250));
            assertThat(perItem.rowsPerCall()).isEmpty();
        }
    }

    @Test
    void aRowOfArgumentsHasAsManyAsTheColumnsAndARowOfOneValueHasOne() {
        try (LoadedModel columns = load("arity_columns", "Sums#sum", "batch: rows\ncolumns: [a, b, c]\n", Map.of("Sums.java", SUMS));
             LoadedModel anyCount = load("arity_any", "Sums#sum", "batch: rows\n", Map.of("Sums.java", SUMS));
             LoadedModel scalars = load("arity_scalars", "Twice#apply", "batch: rows\ncolumns: [x]\n", Map.of("Twice.java",
                     "public class Twice { public static long[] apply(long[] xs) { return xs; } }\n"))) {
            assertThat(columns.arity()).isEqualTo(Arity.exactly(3));
            assertThat(anyCount.arity()).isEqualTo(Arity.atLeast(1));
            assertThat(scalars.arity()).isEqualTo(Arity.exactly(1));
        }
    }

    @Test
    void eachRowGetsItsOwnOutcomeOfTheRightKindInRowOrder() {
        try (LoadedModel model = load("outcomes", "Mixed#apply", "batch: rows\n", Map.of("Mixed.java", "public class Mixed {\n"
                + "  public static class Opaque { }\n"
                + "  public static Object[] apply(int[] xs) {\n"
                + "    Object[] results = new Object[xs.length];\n"
                + "    for (int i = 0; i < xs.length; i++) {\n"
                + "      if (xs[i] == 0) throw new ArithmeticException(\"zero\");\n"
                + "      results[i] = xs[i] < 0 ? new Opaque() : (Object) (xs[i] * 2);\n"
                + "    }\n"
                + "    return results;\n"
                + "  }\n"
                + "}\n"))) {
            List<Outcome> outcomes = model.predict(List.of(call("4"), call("\"4\""), call("0"), call("-1"), call("5"))).join();

            assertThat(outcomes).hasSize(5);
            assertThat(outcomes.get(0)).isEqualTo(new Outcome.Success(JSON.getNodeFactory().numberNode(8)));
            assertThat(failure(outcomes.get(1)).kind()).isEqualTo(Outcome.FailureKind.BAD_ARGUMENTS);
            assertThat(failure(outcomes.get(1)).message()).startsWith("argument 1 cannot be read as int: ");
            assertThat(failure(outcomes.get(2)).kind()).isEqualTo(Outcome.FailureKind.FUNCTION_RAISED);
            assertThat(failure(outcomes.get(2)).summary()).isEqualTo("java.lang.ArithmeticException: zero");
            assertThat(failure(outcomes.get(3)).kind()).isEqualTo(Outcome.FailureKind.UNENCODABLE_RESULT);
            assertThat(failure(outcomes.get(3)).message()).contains("Mixed$Opaque");
            assertThat(outcomes.get(4)).isEqualTo(new Outcome.Success(JSON.getNodeFactory().numberNode(10)));
        }
    }

    @Test
    void aWrongNumberOfResultsFailsEveryRowThatWasCalledAndLeavesBindingFailuresTheirOwn() {
        try (LoadedModel model = load("wrong_count", "Extra#apply", "batch: rows\n", Map.of("Extra.java",
                "public class Extra { public static long[] apply(long[] xs) { return new long[xs.length + 1]; } }\n"))) {
            List<Outcome> outcomes = model.predict(List.of(call("1"), call("true"), call("3"))).join();

            assertThat(failure(outcomes.get(0)).kind()).isEqualTo(Outcome.FailureKind.WRONG_RESULT_COUNT);
            assertThat(failure(outcomes.get(0)).message()).startsWith("Extra#apply returned 3 results for 2 rows");
            assertThat(failure(outcomes.get(1)).kind()).isEqualTo(Outcome.FailureKind.BAD_ARGUMENTS);
            assertThat(outcomes.get(2)).isEqualTo(outcomes.get(0));
        }
    }

    @Test
    void anAsyncCallsArgumentsAreCheckedByBindingItsRow() {
        try (LoadedModel model = load("argument_problem", "Sums#sum", "batch: rows\ncolumns: [a, b]\n", Map.of("Sums.java", SUMS))) {
            assertThat(model.argumentProblem(call("1", "2")).join()).isEmpty();
            assertThat(model.argumentProblem(call("1", "\"2\"")).join()).hasValueSatisfying(problem ->
                    assertThat(problem).startsWith("argument 2 cannot be read as long: "));
        }
    }

    @Test
    void cancellingARowsCallInterruptsTheMethodRunningIt() throws IOException {
        Path markers = Files.createDirectories(workDirectory.resolve("cancel-markers"));
        try (LoadedModel model = load("cancel", "Sleeper#sleep", "batch: rows\n", Map.of("Sleeper.java", "import java.nio.file.*;\n"
                + "public class Sleeper {\n"
                + "  public static String[] sleep(String[] markers) throws Exception {\n"
                + "    Files.writeString(Path.of(markers[0], \"started\"), \"started\");\n"
                + "    try {\n"
                + "      Thread.sleep(60_000);\n"
                + "      return markers;\n"
                + "    } catch (InterruptedException e) {\n"
                + "      Files.writeString(Path.of(markers[0], \"interrupted\"), \"interrupted\");\n"
                + "      throw e;\n"
                + "    }\n"
                + "  }\n"
                + "}\n"))) {
            CompletableFuture<List<Outcome>> running = model.predict(List.of(call(JSON.writeValueAsString(markers.toString()))));
            awaitFile(markers.resolve("started"));

            running.cancel(true);

            awaitFile(markers.resolve("interrupted"));
            assertThat(markers.resolve("interrupted")).hasContent("interrupted");
        }
    }

    private static LoadedModel load(String label, String main, String batchKeys, Map<String, String> files) {
        return JavaBundlesInProcess.load(runtime, workDirectory, label, main, batchKeys, files);
    }
}
