package dev.inferd.runtime.java;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.inferd.error.BundleRejectedException;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static dev.inferd.runtime.java.JavaBundlesInProcess.awaitFile;
import static dev.inferd.runtime.java.JavaBundlesInProcess.call;
import static dev.inferd.runtime.java.JavaBundlesInProcess.failure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link JavaRuntime} below HTTP: one outcome per call in call order, each failure of the kind that
 * decides its status, the arity the invocation layer reads batches with, and cancellation that
 * reaches the user code.
 */
class JavaRuntimeRunsChunksOfCallsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

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
    void eachCallGetsItsOwnOutcomeOfTheRightKindInCallOrder() {
        try (LoadedModel model = load("outcomes", "Mixed#apply", Map.of("Mixed.java", "public class Mixed {\n"
                + "  public static class Opaque { }\n"
                + "  public static Object apply(int x) {\n"
                + "    if (x == 0) throw new ArithmeticException(\"zero\");\n"
                + "    if (x < 0) return new Opaque();\n"
                + "    return x * 2;\n"
                + "  }\n"
                + "}\n"))) {
            List<Outcome> outcomes = model.predict(List.of(call("4"), call("\"4\""), call("0"), call("-1"), call("5")))
                    .join();

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
    void aCountNoOverloadTakesIsABadArgumentsFailureOfThatCall() {
        try (LoadedModel model = load("counts", "Two#apply", Map.of("Two.java",
                "public class Two { public static int apply(int a, int b) { return a + b; } }\n"))) {
            List<Outcome> outcomes = model.predict(List.of(call("1", "2"), call("1"))).join();

            assertThat(outcomes.get(0)).isEqualTo(new Outcome.Success(JSON.getNodeFactory().numberNode(3)));
            assertThat(failure(outcomes.get(1)).kind()).isEqualTo(Outcome.FailureKind.BAD_ARGUMENTS);
            assertThat(failure(outcomes.get(1)).message()).contains("2 arguments");
        }
    }

    @Test
    void varargsAcceptAnyCountAndOverloadsOnlyTheirOwnCounts() {
        try (LoadedModel varargs = load("arity_varargs", "Sum#sum", Map.of("Sum.java",
                "public class Sum { public static long sum(String label, long... xs) { return xs.length; } }\n"));
             LoadedModel overloads = load("arity_overloads", "Over#apply", Map.of("Over.java", "public class Over {\n"
                     + "  public static int apply(int a) { return a; }\n"
                     + "  public static int apply(int a, int b, int c) { return a + b + c; }\n"
                     + "}\n"))) {
            assertThat(varargs.arity()).isEqualTo(Arity.atLeast(1));
            assertThat(overloads.arity()).isEqualTo(new Arity(List.of(new Arity.Range(1, 1), new Arity.Range(3, 3))));
        }
    }

    @Test
    void cancellingAChunkInterruptsTheUserCodeRunningIt() throws IOException {
        Path markers = Files.createDirectories(workDirectory.resolve("cancel-markers"));
        try (LoadedModel model = load("cancel", "Sleeper#sleep", Map.of("Sleeper.java", "import java.nio.file.*;\n"
                + "public class Sleeper {\n"
                + "  public static String sleep(String markers) throws Exception {\n"
                + "    Files.writeString(Path.of(markers, \"started\"), \"started\");\n"
                + "    try {\n"
                + "      Thread.sleep(60_000);\n"
                + "      return \"slept\";\n"
                + "    } catch (InterruptedException e) {\n"
                + "      Files.writeString(Path.of(markers, \"interrupted\"), \"interrupted\");\n"
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

    @Test
    void theUserLoaderIsTheContextClassLoaderOnlyWhileTheCallRuns() {
        InvocationExecutor oneThread = new InvocationExecutor(1, 100, "test-invoke-");
        try (LoadedModel model = load(new JavaRuntime(oneThread, Optional.empty()), "context_loader", "Who#loader", Map.of("Who.java",
                "public class Who { public static String loader(int x) {\n"
                        + "  return Thread.currentThread().getContextClassLoader().getName(); } }\n"))) {
            List<Outcome> outcomes = model.predict(List.of(call("1"))).join();

            assertThat(((Outcome.Success) outcomes.get(0)).value().asText()).isEqualTo("inferd:context_loader/1");
            String afterwards = CompletableFuture.supplyAsync(
                    () -> String.valueOf(Thread.currentThread().getContextClassLoader().getName()), oneThread).join();
            assertThat(afterwards).isNotEqualTo("inferd:context_loader");
        } finally {
            oneThread.shutdownNow();
        }
    }

    @Test
    void aBundleWithoutJavaSourcesOrJarsIsRejected() {
        assertThatThrownBy(() -> load("empty", "Nothing#apply", Map.of("README.txt", "nothing here")))
                .isInstanceOf(BundleRejectedException.class)
                .hasMessageContaining(".java sources or .jar files");
    }

    @Test
    void aCompileErrorNamesTheFileRelativeToTheBundleAndTheLine() {
        assertThatThrownBy(() -> load("compile_error", "pkg.Bad#apply", Map.of("src/pkg/Bad.java",
                "package pkg;\npublic class Bad {\n  public static int apply(int x) { return \"x\"; }\n}\n")))
                .isInstanceOf(BundleRejectedException.class)
                .hasMessageContaining("src/pkg/Bad.java:3: error: incompatible types")
                .hasMessageNotContaining(workDirectory.toString());
    }

    private static LoadedModel load(String label, String main, Map<String, String> files) {
        return load(runtime, label, main, files);
    }

    private static LoadedModel load(JavaRuntime javaRuntime, String label, String main, Map<String, String> files) {
        return JavaBundlesInProcess.load(javaRuntime, workDirectory, label, main, "", files);
    }
}
