package dev.inferd.cli;

import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code inferd versions NAME}: one line per version, oldest first, with the aliases that point at each. */
class VersionsCommandTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    @BeforeAll
    static void deployThreeVersions() {
        server.deployAdderVersions("cli_versioned", 3);
        server.put("/api/deployments/cli_versioned/aliases/stable", "{\"version\": 1}");
        server.put("/api/deployments/cli_versioned/aliases/old", "{\"version\": 1}");
        server.put("/api/deployments/cli_versioned/aliases/canary", "{\"version\": 3}");
    }

    @Test
    void eachVersionIsALineOldestFirstWithItsAliases() {
        ConsoleCapture result = Inferd.run(Map.of("INFERD_URL", server.url()), "versions", "cli_versioned");

        assertThat(result.exitCode()).as(result.err()).isZero();
        List<String> lines = result.out().lines().toList();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).matches("VERSION +CREATED +RUNTIME +MAIN +HASH +ALIASES");
        assertThat(lines.get(1)).matches("1 +\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z +java +Adder#add +[0-9a-f]{12} +old, stable");
        assertThat(lines.get(2)).matches("2 .* -");
        assertThat(lines.get(3)).matches("3 .* canary");
    }

    @Test
    void theHashIsTheStartOfTheVersionsContentHash() {
        String hash = server.get("/api/deployments/cli_versioned").json().path("versions").get(1).path("contentHash").asText();

        ConsoleCapture result = Inferd.run(Map.of("INFERD_URL", server.url()), "versions", "cli_versioned");

        assertThat(result.out().lines().toList().get(2)).contains(" " + hash.substring(0, 12) + " ");
    }

    @Test
    void anUnknownDeploymentIsAnErrorOnStandardError() {
        ConsoleCapture result = Inferd.run(Map.of("INFERD_URL", server.url()), "versions", "cli_never_deployed");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("cli_never_deployed").contains("404 not_found");
        assertThat(result.out()).isEmpty();
    }
}
