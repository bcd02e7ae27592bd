package dev.inferd.cli;

import dev.inferd.testing.ChildServer;
import dev.inferd.testing.Eventually;
import dev.inferd.testing.HttpAnswer;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    private static final String DEPLOY_SLOW_DOUBLER = """
            {"runtime": "java", "main": "Slow#twice", "files": {"Slow.java":
              "public class Slow { public static int twice(int x) throws Exception { Thread.sleep(x); return 2 * x; } }"}}""";

    @TempDir
    Path dataDirectory;

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
            assertThat(child.post("/api/deployments/slow/versions", DEPLOY_SLOW_DOUBLER).status()).isEqualTo(201);
            assertThat(child.post("/v1/slow", "{\"data\": 1}").body()).isEqualTo("{\"data\":2}");
            CompletableFuture<HttpAnswer> inFlight = CompletableFuture.supplyAsync(() -> child.post("/v1/slow", "{\"data\": 1500}"));
            // The call is running once its request has had time to arrive; it then sleeps 1.5 s.
            Thread.sleep(500);

            signal.accept(child);

            assertThat(inFlight.get(30, TimeUnit.SECONDS).body()).isEqualTo("{\"data\":3000}");
            assertThat(child.exited(Duration.ofSeconds(30))).as("the server exits; its output:\n%s", child.output()).isTrue();
            // The last lines may still be on their way through the pipe when the process is gone.
            Eventually.holds("the log's last line says the server stopped", Duration.ofSeconds(10),
                    () -> child.output().contains("inferd stopped"));
            assertThat(child.output().split("\"deployment\":\"slow\"", -1)).as("both calls are in the request log").hasSize(3);
        }
        try (TestServer next = TestServer.start(dataDirectory)) {
            assertThat(next.call("slow", "2").body()).isEqualTo("{\"data\":4}");
        }
    }
}
