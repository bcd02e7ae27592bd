package dev.inferd.runtime.java;

import dev.inferd.bundle.AtomicDirectory;
import dev.inferd.testing.HttpAnswer;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.ToolProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code --java-class-cache}: sources compiled for one data directory are copied, not compiled, for another. */
class CompiledClassesAreSharedThroughTheClassCacheTest {
    private static final String DOUBLER = "public class Doubler {\n  public static int twice(int x) { return 2 * x; }\n}\n";

    @TempDir
    Path scratch;

    @Test
    void aCompiledBundleLeavesItsClassesInTheCache() throws IOException {
        Path cache = scratch.resolve("cache");
        try (TestServer server = serverWithCache("data", cache)) {
            assertThat(deployDoubler(server, "doubler", DOUBLER).status()).isEqualTo(201);
        }

        List<Path> entries = entries(cache);
        assertThat(entries).hasSize(1);
        assertThat(entries.get(0).resolve("Doubler.class")).isRegularFile();
    }

    @Test
    void anotherDataDirectoryTakesTheClassesFromTheCacheInsteadOfCompiling() throws IOException {
        Path cache = scratch.resolve("cache");
        try (TestServer first = serverWithCache("first", cache)) {
            deployDoubler(first, "doubler", DOUBLER);
        }
        // The entry now holds classes that the sources do not say: only a copy can answer with them.
        Path entry = entries(cache).get(0);
        Files.delete(entry.resolve("Doubler.class"));
        compile("public class Doubler {\n  public static int twice(int x) { return 3 * x; }\n}\n", entry);

        try (TestServer second = serverWithCache("second", cache)) {
            deployDoubler(second, "doubler", DOUBLER);

            assertThat(second.call("doubler/latest", "5").body()).isEqualTo("{\"data\":15}");
        }
    }

    @Test
    void changedSourcesAreCompiledAgain() throws IOException {
        Path cache = scratch.resolve("cache");
        try (TestServer server = serverWithCache("data", cache)) {
            deployDoubler(server, "doubler", DOUBLER);
            deployDoubler(server, "tripler", DOUBLER.replace("2 * x", "3 * x"));

            assertThat(server.call("tripler/latest", "5").body()).isEqualTo("{\"data\":15}");
            assertThat(server.call("doubler/latest", "5").body()).isEqualTo("{\"data\":10}");
        }
        assertThat(entries(cache)).hasSize(2);
    }

    @Test
    void aDataDirectoryKeepsItsClassesWhenTheCacheIsRemoved() throws IOException {
        Path cache = scratch.resolve("cache");
        try (TestServer server = serverWithCache("data", cache)) {
            deployDoubler(server, "doubler", DOUBLER);
        }
        AtomicDirectory.deleteRecursively(cache);

        try (TestServer restarted = serverWithCache("data", cache)) {
            assertThat(restarted.call("doubler/latest", "5").body()).isEqualTo("{\"data\":10}");
        }
    }

    @Test
    void aCacheThatCannotBeWrittenDoesNotStopADeploy() throws IOException {
        Path notADirectory = Files.writeString(scratch.resolve("cache"), "a file where the cache should be");
        try (TestServer server = serverWithCache("data", notADirectory)) {
            assertThat(deployDoubler(server, "doubler", DOUBLER).status()).isEqualTo(201);

            assertThat(server.call("doubler/latest", "5").body()).isEqualTo("{\"data\":10}");
        }
    }

    @Test
    void sourcesThatDoNotCompileLeaveNothingInTheCache() throws IOException {
        Path cache = scratch.resolve("cache");
        try (TestServer server = serverWithCache("data", cache)) {
            HttpAnswer refused = deployDoubler(server, "broken", DOUBLER.replace("2 * x", "2 * y"));

            assertThat(refused.status()).isEqualTo(400);
        }
        assertThat(entries(cache)).isEmpty();
    }

    private TestServer serverWithCache(String dataDirectory, Path cache) {
        return TestServer.start(scratch.resolve(dataDirectory), settings -> settings.javaClassCache(cache));
    }

    private static HttpAnswer deployDoubler(TestServer server, String name, String source) {
        return server.deployJava(name, "Doubler#twice", Map.of("Doubler.java", source));
    }

    private static List<Path> entries(Path cache) throws IOException {
        if (!Files.isDirectory(cache)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(cache)) {
            // Entries are renamed into place; a dot names one still being written.
            return children.filter(child -> !child.getFileName().toString().startsWith(".")).toList();
        }
    }

    private static void compile(String source, Path output) throws IOException {
        Path sourceFile = Files.writeString(Files.createTempDirectory(output.getParent(), "src").resolve("Doubler.java"), source);
        int status = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", output.toString(), sourceFile.toString());
        assertThat(status).isZero();
        AtomicDirectory.deleteRecursively(sourceFile.getParent());
    }
}
