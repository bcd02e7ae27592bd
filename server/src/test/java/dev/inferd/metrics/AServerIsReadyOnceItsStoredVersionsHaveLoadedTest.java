package dev.inferd.metrics;

import dev.inferd.testing.Eventually;
import dev.inferd.testing.HttpAnswer;
import dev.inferd.testing.PythonFunctions;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A server that starts on versions deployed before (by its last run, or by another replica on the
 * same database) loads them after it listens. A load balancer that sent it calls then would make
 * them wait for Python workers to start, so readiness waits for those loads.
 */
class AServerIsReadyOnceItsStoredVersionsHaveLoadedTest {
    @TempDir
    Path dataDirectory;

    @Test
    void readyzAnswers503NamingTheVersionsWhileTheyLoadAndReadyOnceTheyHave() {
        PythonFunctions.assumePython();
        try (TestServer first = TestServer.start(dataDirectory)) {
            PythonFunctions.deploy(first, "slow_start", "double", """
                    import time
                    time.sleep(3)

                    def double(x):
                        return 2 * x
                    """, Map.of());
        }

        try (TestServer again = TestServer.start(dataDirectory)) {
            HttpAnswer early = again.get("/readyz");

            assertThat(early.status()).as(early.toString()).isEqualTo(503);
            assertThat(early.json().path("problems").path("versions").asText()).contains("still loading");
            Eventually.holds("ready once loaded", Duration.ofSeconds(60), () -> again.get("/readyz").status() == 200);
            assertThat(again.call("slow_start/latest", "5").body()).isEqualTo("{\"data\":10}");
        }
    }
}
