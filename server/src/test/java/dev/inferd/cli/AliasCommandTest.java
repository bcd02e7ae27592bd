package dev.inferd.cli;

import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code inferd alias NAME ALIAS N}: creates an alias or moves it, and calls by the alias then run that version. */
class AliasCommandTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    @BeforeAll
    static void deployTwoVersions() {
        server.deployAdderVersions("cli_aliased", 2);
    }

    private static ConsoleCapture alias(String... args) {
        String[] command = new String[args.length + 1];
        command[0] = "alias";
        System.arraycopy(args, 0, command, 1, args.length);
        return Inferd.run(Map.of("INFERD_URL", server.url()), command);
    }

    @Test
    void anAliasIsCreatedAndThenMoved() {
        ConsoleCapture created = alias("cli_aliased", "stable", "1");
        String callByCreated = server.call("cli_aliased/stable", "10").body();
        ConsoleCapture moved = alias("cli_aliased", "stable", "2");

        assertThat(created.exitCode()).as(created.err()).isZero();
        assertThat(created.out().strip()).isEqualTo("stable of cli_aliased now points at version 1");
        assertThat(callByCreated).isEqualTo("{\"data\":11}");
        assertThat(moved.out().strip()).isEqualTo("stable of cli_aliased now points at version 2");
        assertThat(server.call("cli_aliased/stable", "10").body()).isEqualTo("{\"data\":12}");
    }

    @Test
    void anUnknownDeploymentIsAnErrorOnStandardError() {
        ConsoleCapture result = alias("cli_never_deployed", "stable", "1");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("cli_never_deployed").contains("404 not_found");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void anUnknownVersionIsAnErrorOnStandardError() {
        ConsoleCapture result = alias("cli_aliased", "future", "9");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("404 not_found");
    }
}
