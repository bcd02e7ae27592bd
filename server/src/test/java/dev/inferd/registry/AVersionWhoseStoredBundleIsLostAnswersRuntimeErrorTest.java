package dev.inferd.registry;

import dev.inferd.testing.HttpAnswer;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * After a restart a version is loaded from its stored bundle on first use. When that bundle is
 * missing or damaged the version cannot be loaded, which PROTOCOL §1 answers with 502
 * {@code runtime_error}; every other deployment and the server itself go on serving.
 */
class AVersionWhoseStoredBundleIsLostAnswersRuntimeErrorTest {

    @Test
    void aVersionWhoseBundleWasDeletedAnswers502RuntimeError(@TempDir Path dataDirectory) throws IOException {
        Path bundle = deployTwoAndStop(dataDirectory);
        Files.delete(bundle);

        try (TestServer restarted = TestServer.start(dataDirectory)) {
            assertRuntimeError(restarted.call("lost_doubler", "21"));
            assertTheRestStillServes(restarted);
        }
    }

    @Test
    void aVersionWhoseBundleWasOverwrittenAnswers502RuntimeError(@TempDir Path dataDirectory) throws IOException {
        Path bundle = deployTwoAndStop(dataDirectory);
        Files.writeString(bundle, "not a zip any more", StandardCharsets.UTF_8);

        try (TestServer restarted = TestServer.start(dataDirectory)) {
            assertRuntimeError(restarted.call("lost_doubler", "21"));
            assertTheRestStillServes(restarted);
        }
    }

    @Test
    void theVersionKeepsAnsweringRuntimeErrorRatherThanHanging(@TempDir Path dataDirectory) throws IOException {
        Path bundle = deployTwoAndStop(dataDirectory);
        Files.delete(bundle);

        try (TestServer restarted = TestServer.start(dataDirectory)) {
            // A failed load is tried again on the next call; that call must fail the same way, not wait.
            assertRuntimeError(restarted.call("lost_doubler", "21"));
            assertRuntimeError(restarted.call("lost_doubler/1", "21"));
        }
    }

    /**
     * Deploys {@code lost_doubler} and {@code kept_tripler} on a server that is then stopped, and
     * returns where the doubler's bundle is stored: {@code artifacts/<first two hex digits>/<hash>.zip}.
     */
    private static Path deployTwoAndStop(Path dataDirectory) {
        try (TestServer first = TestServer.start(dataDirectory)) {
            first.deployJavaClass("lost_doubler", "Doubler", "twice", "public static int twice(int x) { return 2 * x; }");
            first.deployJavaClass("kept_tripler", "Tripler", "thrice", "public static int thrice(int x) { return 3 * x; }");
            assertThat(first.call("lost_doubler", "21").body()).isEqualTo("{\"data\":42}");
            String hash = first.get("/api/deployments/lost_doubler").json().path("versions").path(0).path("contentHash").asText();
            Path bundle = dataDirectory.resolve("artifacts").resolve(hash.substring(0, 2)).resolve(hash + ".zip");
            assertThat(bundle).as("the stored bundle of lost_doubler/1").isRegularFile();
            return bundle;
        }
    }

    private static void assertRuntimeError(HttpAnswer answer) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(502);
        assertThat(answer.header("content-type")).startsWith("application/json");
        assertThat(answer.json().fieldNames()).toIterable().containsExactlyInAnyOrder("error", "code");
        assertThat(answer.errorCode()).isEqualTo("runtime_error");
        assertThat(answer.errorMessage()).contains("lost_doubler").contains("could not be loaded");
    }

    private static void assertTheRestStillServes(TestServer server) {
        assertThat(server.call("kept_tripler", "5").body()).isEqualTo("{\"data\":15}");
        assertThat(server.get("/healthz").status()).isEqualTo(200);
    }
}
