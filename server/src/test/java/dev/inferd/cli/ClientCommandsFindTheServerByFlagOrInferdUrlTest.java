package dev.inferd.cli;

import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The commands that talk to a server find it by {@code --server}, else {@code INFERD_URL}, else the older {@code INFERD_SERVER}. */
class ClientCommandsFindTheServerByFlagOrInferdUrlTest {
    private static final String NOTHING_LISTENS = "http://127.0.0.1:1";

    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    @BeforeAll
    static void deployAnAdder() {
        server.deployAdder("cli_located", 1);
    }

    @Test
    void inferdUrlNamesTheServer() {
        ConsoleCapture result = Inferd.run(Map.of("INFERD_URL", server.url()), "list");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("cli_located");
    }

    @Test
    void theFlagWinsOverInferdUrl() {
        ConsoleCapture result = Inferd.run(Map.of("INFERD_URL", NOTHING_LISTENS), "call", "cli_located", "1", "--server", server.url());

        assertThat(result.out().strip()).as(result.err()).isEqualTo("{\"data\":2}");
    }

    @Test
    void inferdUrlWinsOverTheOlderInferdServer() {
        ConsoleCapture result = Inferd.run(Map.of("INFERD_URL", server.url(), "INFERD_SERVER", NOTHING_LISTENS), "list");

        assertThat(result.exitCode()).as(result.err()).isZero();
    }

    @Test
    void inferdServerIsStillReadWithoutInferdUrl() {
        ConsoleCapture result = Inferd.run(Map.of("INFERD_SERVER", server.url()), "list");

        assertThat(result.exitCode()).as(result.err()).isZero();
    }

    @Test
    void anUnreachableServerIsNamedWithTheWaysToSetIt() {
        ConsoleCapture result = Inferd.run(Map.of("INFERD_URL", NOTHING_LISTENS), "list");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains(NOTHING_LISTENS).contains("--server").contains("INFERD_URL");
    }
}
