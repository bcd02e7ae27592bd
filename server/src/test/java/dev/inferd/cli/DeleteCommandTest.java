package dev.inferd.cli;

import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code inferd delete NAME} deletes a deployment; {@code inferd delete NAME/N} one version of it. */
class DeleteCommandTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    private static ConsoleCapture delete(String target) {
        return Inferd.run(Map.of("INFERD_URL", server.url()), "delete", target);
    }

    @Test
    void aNameDeletesTheDeploymentWithAllItsVersions() {
        server.deployAdderVersions("cli_deleted", 2);

        ConsoleCapture result = delete("cli_deleted");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out().strip()).isEqualTo("deleted cli_deleted with all its versions and aliases");
        assertThat(server.get("/api/deployments/cli_deleted").status()).isEqualTo(404);
    }

    @Test
    void aNameAndNumberDeletesOnlyThatVersion() {
        server.deployAdderVersions("cli_version_deleted", 2);

        ConsoleCapture result = delete("cli_version_deleted/1");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out().strip()).isEqualTo("deleted version 1 of cli_version_deleted");
        assertThat(server.call("cli_version_deleted/1", "10").status()).isEqualTo(404);
        assertThat(server.call("cli_version_deleted/2", "10").body()).isEqualTo("{\"data\":12}");
    }

    @Test
    void aVersionAnAliasPointsAtIsRefusedWithTheServersReason() {
        server.deployAdderVersions("cli_version_aliased", 2);
        server.put("/api/deployments/cli_version_aliased/aliases/stable", "{\"version\": 1}");

        ConsoleCapture result = delete("cli_version_aliased/1");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("409 conflict");
        assertThat(server.call("cli_version_aliased/1", "10").status()).isEqualTo(200);
    }

    @Test
    void anUnknownDeploymentIsAnErrorOnStandardError() {
        ConsoleCapture result = delete("cli_never_deployed");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("cli_never_deployed").contains("404 not_found");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void anUnknownVersionIsAnErrorOnStandardError() {
        server.deployAdderVersions("cli_version_unknown", 1);

        ConsoleCapture result = delete("cli_version_unknown/7");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("404 not_found");
    }

    @Test
    void somethingOtherThanANumberAfterTheSlashIsAUsageErrorAndSendsNothing() {
        server.deployAdderVersions("cli_not_a_number", 1);

        ConsoleCapture result = delete("cli_not_a_number/stable");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("version number").contains("'stable'");
        assertThat(server.get("/api/deployments/cli_not_a_number").status()).isEqualTo(200);
    }
}
