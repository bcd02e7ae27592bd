package dev.inferd.runtime.java;

import dev.inferd.bundle.AtomicDirectory;
import dev.inferd.config.JavaSettings;
import dev.inferd.testing.HttpAnswer;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.ToolProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
        Path cache = cacheWhoseDoublerTriples();

        try (TestServer second = serverWithCache("second", cache)) {
            deployDoubler(second, "doubler", DOUBLER);

            assertThat(second.call("doubler/latest", "5").body()).isEqualTo("{\"data\":15}");
        }
    }

    @Test
    void classesInPackagesAreCopiedWithTheirFolders() throws IOException {
        Path cache = scratch.resolve("cache");
        String packaged = "package com.example;\n" + DOUBLER;
        try (TestServer first = serverWithCache("first", cache)) {
            first.deployJava("doubler", "com.example.Doubler#twice", Map.of("src/com/example/Doubler.java", packaged));
        }
        replaceClasses(entries(cache).get(0), "com/example/Doubler", packaged.replace("2 * x", "3 * x"));

        try (TestServer second = serverWithCache("second", cache)) {
            second.deployJava("doubler", "com.example.Doubler#twice", Map.of("src/com/example/Doubler.java", packaged));

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
    void bundlesThatDifferInAnyFileHaveEntriesOfTheirOwn() throws IOException {
        // A jar's manifest can put any file of the bundle on the compile's class path, so every file counts.
        Path cache = scratch.resolve("cache");
        try (TestServer server = serverWithCache("data", cache)) {
            server.deployJava("first", "Doubler#twice", Map.of("Doubler.java", DOUBLER, "notes.txt", "one"));
            server.deployJava("second", "Doubler#twice", Map.of("Doubler.java", DOUBLER, "notes.txt", "two"));
        }

        assertThat(entries(cache)).hasSize(2);
    }

    @Test
    void anEntryThatDoesNotMatchItsListingIsCompiledAnewAndReplaced() throws IOException {
        Path cache = scratch.resolve("cache");
        try (TestServer first = serverWithCache("first", cache)) {
            deployDoubler(first, "doubler", DOUBLER);
        }
        // What a crash before the entry reached the disk can leave: the file is there, empty.
        Path classFile = entries(cache).get(0).resolve("Doubler.class");
        Files.write(classFile, new byte[0]);

        try (TestServer second = serverWithCache("second", cache)) {
            deployDoubler(second, "doubler", DOUBLER);

            assertThat(second.call("doubler/latest", "5").body()).isEqualTo("{\"data\":10}");
        }
        assertThat(entries(cache)).hasSize(1);
        assertThat(Files.size(entries(cache).get(0).resolve("Doubler.class"))).isPositive();
    }

    @Test
    void aDataDirectoryKeepsTheClassesItCopiedWhenTheCacheIsRemoved() throws IOException {
        Path cache = cacheWhoseDoublerTriples();
        try (TestServer second = serverWithCache("second", cache)) {
            deployDoubler(second, "doubler", DOUBLER);
        }
        AtomicDirectory.deleteRecursively(cache);

        // Compiling again would answer 10: only the copy in the data directory answers 15.
        try (TestServer restarted = serverWithCache("second", cache)) {
            assertThat(restarted.call("doubler/latest", "5").body()).isEqualTo("{\"data\":15}");
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
        if (Files.exists(cache)) {
            try (Stream<Path> children = Files.list(cache)) {
                assertThat(children).isEmpty();
            }
        }
    }

    /** A cache filled by a first server, then doctored: its entry for {@link #DOUBLER} holds a tripler. */
    private Path cacheWhoseDoublerTriples() throws IOException {
        Path cache = scratch.resolve("cache");
        try (TestServer first = serverWithCache("first", cache)) {
            deployDoubler(first, "doubler", DOUBLER);
        }
        replaceClasses(entries(cache).get(0), "Doubler", DOUBLER.replace("2 * x", "3 * x"));
        return cache;
    }

    private TestServer serverWithCache(String dataDirectory, Path cache) {
        return TestServer.start(scratch.resolve(dataDirectory), settings -> settings.set(JavaSettings::classCache, Optional.of(cache)));
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

    /**
     * Puts classes compiled from {@code source} in place of the entry's {@code className} and lists
     * them as the cache lists its entries, so the entry is valid and holds what its sources do not say.
     */
    private static void replaceClasses(Path entry, String className, String source) throws IOException {
        Path sources = Files.createTempDirectory(entry.getParent(), ".sources");
        Path sourceFile = sources.resolve(className.substring(className.lastIndexOf('/') + 1) + ".java");
        Files.writeString(sourceFile, source);
        Files.delete(entry.resolve(className + ".class"));
        int status = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", entry.toString(), sourceFile.toString());
        assertThat(status).isZero();
        AtomicDirectory.deleteRecursively(sources);

        List<String> listing = new ArrayList<>();
        try (Stream<Path> files = Files.walk(entry)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                String name = entry.relativize(file).toString().replace('\\', '/');
                if (!name.equals(CompiledClassCache.LISTING)) {
                    byte[] bytes = Files.readAllBytes(file);
                    listing.add(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes))
                            + " " + bytes.length + " " + name);
                }
            }
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        Files.write(entry.resolve(CompiledClassCache.LISTING), listing);
    }
}
