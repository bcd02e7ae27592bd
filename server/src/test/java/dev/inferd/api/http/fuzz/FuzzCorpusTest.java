package dev.inferd.api.http.fuzz;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replays every input of src/test/resources/fuzz-corpus/ (format in its README) against a fuzz
 * server and applies the fuzzers' pass criteria, so what once broke, or nearly did, stays fixed.
 */
class FuzzCorpusTest {
    private static final String CORPUS = "/fuzz-corpus";
    private static FuzzServer server;

    @BeforeAll
    static void startServer() {
        server = FuzzServer.start();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @TestFactory
    Stream<DynamicTest> everyCorpusInputPassesTheFuzzCriteria() {
        List<Path> cases = corpusFiles();
        assertThat(cases).as("corpus files").hasSizeGreaterThan(10);
        return cases.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> replay(file)));
    }

    private static void replay(Path file) throws IOException {
        String name = file.getFileName().toString();
        Assumptions.assumeFalse(KnownBugs.CORPUS_CASES.containsKey(name), () -> KnownBugs.CORPUS_CASES.get(name) + " (" + name + ")");
        byte[] bytes = Files.readAllBytes(file);
        String problem;
        try {
            if (name.endsWith(".body")) {
                ClientRequest request = ClientRequest.post("/v1/" + FuzzServer.ECHO + "/latest", bytes);
                problem = request.send(server.url()).problem(request.method());
            } else {
                RawRequest request = new RawRequest(bytes);
                problem = request.send(server.port()).problem(request.method());
            }
        } catch (AssertionError e) {
            throw new AssertionError(name + ": " + e.getMessage(), e);
        }
        assertThat(problem).as("%s: %s", name, problem).isNull();
        server.assertStillAnswersANormalCall(name);
    }

    private static List<Path> corpusFiles() {
        URL root = FuzzCorpusTest.class.getResource(CORPUS);
        assertThat(root).as("the corpus directory on the test classpath").isNotNull();
        try (Stream<Path> files = Files.list(Path.of(root.toURI()))) {
            return files.filter(path -> path.toString().endsWith(".body") || path.toString().endsWith(".http")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
