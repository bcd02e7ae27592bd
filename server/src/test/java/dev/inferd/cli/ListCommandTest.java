package dev.inferd.cli;

import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code inferd list}: a header, then each deployment with its latest version and aliases, in columns. */
class ListCommandTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    @BeforeAll
    static void deployTwoDeployments() {
        server.deployAdderVersions("cli_listed_b", 2);
        server.put("/api/deployments/cli_listed_b/aliases/stable", "{\"version\": 1}");
        server.put("/api/deployments/cli_listed_b/aliases/canary", "{\"version\": 2}");
        server.deployAdder("cli_listed_a", 3);
    }

    @Test
    void eachDeploymentIsALineWithItsLatestVersionAndAliasesUnderAHeader() {
        ConsoleCapture result = Inferd.run(Map.of("INFERD_URL", server.url()), "list");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out().lines().toList()).containsExactly(
                "NAME          LATEST  ALIASES",
                "cli_listed_a  1       -",
                "cli_listed_b  2       canary=2, stable=1");
    }

    @Test
    void aServerWithoutDeploymentsPrintsTheHeaderOnly() {
        try (TestServer empty = TestServer.start(server.dataDirectory().resolve("empty"))) {
            ConsoleCapture result = Inferd.run(Map.of("INFERD_URL", empty.url()), "list");

            assertThat(result.exitCode()).as(result.err()).isZero();
            assertThat(result.out().lines().toList()).containsExactly("NAME  LATEST  ALIASES");
        }
    }
}
