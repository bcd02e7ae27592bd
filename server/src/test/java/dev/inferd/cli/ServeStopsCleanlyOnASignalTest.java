package dev.inferd.cli;

import dev.inferd.testing.ChildServer;
import dev.inferd.testing.Eventually;
import dev.inferd.testing.HttpAnswer;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code inferd serve} in a JVM of its own, stopped by SIGTERM (a service manager) or SIGINT
 * (Ctrl-C): a call in flight is still answered, the process exits, and the data directory is let go
 * with everything in it, so the next server starts on it and serves what was deployed.
 */
class ServeStopsCleanlyOnASignalTest {
    /** Leaves the file it is given, so the test knows the call is inside the function, then takes a second. */
    private static final String DEPLOY_SLOW_FUNCTION = """
            {"runtime": "java", "main": "Slow#run", "files": {"Slow.java":
              "import java.nio.file.*; public class Slow { public static String run(String marker) throws Exception {
                 Files.createFile(Path.of(marker)); Thread.sleep(1000); return \\"done\\"; } }"}}""";

    @TempDir
    Path dataDirectory;
    @TempDir
    Path markers;

    @Test
    void sigintAnswersTheCallInFlightThenExitsAndLetsTheDataDirectoryGo() throws Exception {
        stopsCleanly(ChildServer::interrupt);
    }

    @Test
    void sigtermAnswersTheCallInFlightThenExitsAndLetsTheDataDirectoryGo() throws Exception {
        stopsCleanly(ChildServer::terminate);
    }

    private void stopsCleanly(Consumer<ChildServer> signal) throws Exception {
        try (ChildServer child = ChildServer.start(Duration.ofSeconds(60), "--data-dir", dataDirectory.toString())) {
            assertThat(child.post("/api/deployments/slow/versions", DEPLOY_SLOW_FUNCTION.replace("\n", " ")).status()).isEqualTo(201);
            Path inside = markers.resolve("in-flight");
            CompletableFuture<HttpAnswer> inFlight = CompletableFuture.supplyAsync(() -> child.post("/v1/slow", data(inside)));
            Eventually.holds("the call is running", Duration.ofSeconds(30), () -> Files.exists(inside));

            signal.accept(child);

            assertThat(inFlight.get(30, TimeUnit.SECONDS).body()).isEqualTo("{\"data\":\"done\"}");
            assertThat(child.exited(Duration.ofSeconds(30))).as("the server exits; its output:\n%s", child.output()).isTrue();
            // The last lines may still be on their way through the pipe when the process is gone.
            Eventually.holds("the log's last line says the server stopped", Duration.ofSeconds(10),
                    () -> child.output().contains("inferd stopped"));
            assertThat(child.output()).as("the call in flight is in the request log").contains("\"deployment\":\"slow\"");
        }
        try (TestServer next = TestServer.start(dataDirectory)) {
            assertThat(next.post("/v1/slow", data(markers.resolve("after-restart"))).body()).isEqualTo("{\"data\":\"done\"}");
        }
    }

    private static String data(Path marker) {
        return "{\"data\": \"" + marker.toString().replace("\\", "\\\\") + "\"}";
    }
}
