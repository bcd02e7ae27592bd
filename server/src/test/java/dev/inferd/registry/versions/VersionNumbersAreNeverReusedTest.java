package dev.inferd.registry.versions;

import dev.inferd.testing.HttpAnswer;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A name deleted and deployed again numbers on after the highest version it ever had, so a client
 * pinned to {@code /name/1} gets 404 rather than different code.
 */
class VersionNumbersAreNeverReusedTest {

    private static HttpAnswer deployAdding(TestServer server, String name, int offset) {
        return server.deployJavaClass(name, "Adder", "add", "public static long add(long x) { return x + " + offset + "; }");
    }

    @Test
    void aRedeployAfterDeletingTheDeploymentContinuesAfterItsHighestNumber(@TempDir Path dataDirectory) {
        try (TestServer server = TestServer.start(dataDirectory)) {
            deployAdding(server, "recreated", 1);
            deployAdding(server, "recreated", 2);
            server.delete("/api/deployments/recreated");

            HttpAnswer again = deployAdding(server, "recreated", 5);

            assertThat(again.json().get("version").asInt()).isEqualTo(3);
            assertThat(server.call("recreated/1", "10").status()).isEqualTo(404);
            assertThat(server.call("recreated/2", "10").status()).isEqualTo(404);
            assertThat(server.call("recreated/3", "10").body()).isEqualTo("{\"data\":15}");
        }
    }

    @Test
    void theHighestNumberIsRememberedAcrossARestart(@TempDir Path dataDirectory) {
        try (TestServer first = TestServer.start(dataDirectory)) {
            deployAdding(first, "remembered", 1);
            deployAdding(first, "remembered", 2);
            first.delete("/api/deployments/remembered/versions/2");
        }
        try (TestServer second = TestServer.start(dataDirectory)) {
            second.delete("/api/deployments/remembered");
        }

        try (TestServer third = TestServer.start(dataDirectory)) {
            assertThat(deployAdding(third, "remembered", 7).json().get("version").asInt()).isEqualTo(3);
        }
    }

    @Test
    void otherNamesKeepTheirOwnNumbering(@TempDir Path dataDirectory) {
        try (TestServer server = TestServer.start(dataDirectory)) {
            deployAdding(server, "busy", 1);
            deployAdding(server, "busy", 2);
            server.delete("/api/deployments/busy");

            assertThat(deployAdding(server, "fresh", 1).json().get("version").asInt()).isEqualTo(1);
        }
    }
}
