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


    @Test
    void aRedeployAfterDeletingTheDeploymentContinuesAfterItsHighestNumber(@TempDir Path dataDirectory) {
        try (TestServer server = TestServer.start(dataDirectory)) {
            server.deployAdder("recreated", 1);
            server.deployAdder("recreated", 2);
            server.delete("/api/deployments/recreated");

            HttpAnswer again = server.deployAdder("recreated", 5);

            assertThat(again.json().get("version").asInt()).isEqualTo(3);
            assertThat(server.call("recreated/1", "10").status()).isEqualTo(404);
            assertThat(server.call("recreated/2", "10").status()).isEqualTo(404);
            assertThat(server.call("recreated/3", "10").body()).isEqualTo("{\"data\":15}");
        }
    }

    @Test
    void theHighestNumberIsRememberedAcrossARestart(@TempDir Path dataDirectory) {
        try (TestServer first = TestServer.start(dataDirectory)) {
            first.deployAdder("remembered", 1);
            first.deployAdder("remembered", 2);
            first.delete("/api/deployments/remembered/versions/2");
        }
        try (TestServer second = TestServer.start(dataDirectory)) {
            second.delete("/api/deployments/remembered");
        }

        try (TestServer third = TestServer.start(dataDirectory)) {
            assertThat(third.deployAdder("remembered", 7).json().get("version").asInt()).isEqualTo(3);
        }
    }

    @Test
    void otherNamesKeepTheirOwnNumbering(@TempDir Path dataDirectory) {
        try (TestServer server = TestServer.start(dataDirectory)) {
            server.deployAdder("busy", 1);
            server.deployAdder("busy", 2);
            server.delete("/api/deployments/busy");

            assertThat(server.deployAdder("fresh", 1).json().get("version").asInt()).isEqualTo(1);
        }
    }
}
