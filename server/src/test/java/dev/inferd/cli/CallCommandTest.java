package dev.inferd.cli;

import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;

/** PROTOCOL §6: {@code inferd call NAME[/REF] JSON --server URL} posts {"data": JSON} and prints the answer. */
class CallCommandTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    @BeforeAll
    static void deployTwoVersionsAndAnAlias() {
        server.deployAdderVersions("cli_called", 2);
        server.put("/api/deployments/cli_called/aliases/stable", "{\"version\": 1}");
    }

    private static ConsoleCapture call(String... args) {
        return ConsoleCapture.run(() -> new CommandLine(new CallCommand()).execute(args));
    }

    @Test
    void callingANameCallsItsLatestVersionAndPrintsTheAnswer() {
        ConsoleCapture result = call("cli_called", "10", "--server", server.url());

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out().strip()).isEqualTo("{\"data\":12}");
    }

    @Test
    void aVersionNumberOrAliasAfterASlashCallsThatVersion() {
        assertThat(call("cli_called/1", "10", "--server", server.url()).out().strip()).isEqualTo("{\"data\":11}");
        assertThat(call("cli_called/stable", "10", "--server", server.url()).out().strip()).isEqualTo("{\"data\":11}");
        assertThat(call("cli_called/latest", "10", "--server", server.url()).out().strip()).isEqualTo("{\"data\":12}");
    }

    @Test
    void aBatchIsSentAsIs() {
        ConsoleCapture result = call("cli_called", "[[2, 5], [1, 10]]", "--server", server.url());

        assertThat(result.out().strip()).isEqualTo("{\"data\":[[1,12],[2,7]]}");
    }

    @Test
    void anErrorAnswerExitsWithOneAndPrintsTheError() {
        ConsoleCapture result = call("cli_never_deployed", "10", "--server", server.url());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("cli_never_deployed").contains("404");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void dataThatIsNotJsonIsAUsageErrorAndSendsNothing() {
        ConsoleCapture result = call("cli_called", "{not json", "--server", "http://127.0.0.1:1");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("not valid JSON");
    }

    @Test
    void aBareWordIsNotJsonAndTheErrorShowsHowToSendItAsAString() {
        ConsoleCapture result = call("greeter", "Ada", "--server", "http://127.0.0.1:1");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("JSON is not valid JSON: ")
                .contains("; to send the string Ada, quote it as JSON: inferd call greeter '\"Ada\"'");
    }

    @Test
    void theHintQuotesAStringWithAnApostropheForTheShell() {
        ConsoleCapture result = call("greeter/2", "O'Brien", "--server", "http://127.0.0.1:1");

        assertThat(result.err()).contains("inferd call greeter/2 '\"O'\\''Brien\"'");
    }

    @Test
    void dataThatStartsLikeAnObjectGetsNoStringHint() {
        ConsoleCapture result = call("greeter", "{\"name\": Ada}", "--server", "http://127.0.0.1:1");

        assertThat(result.err()).contains("not valid JSON").doesNotContain("to send the string");
    }
}
