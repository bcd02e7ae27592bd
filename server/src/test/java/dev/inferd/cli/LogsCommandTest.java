package dev.inferd.cli;

import dev.inferd.testing.Eventually;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code inferd logs NAME [--limit N] [--version N] [--follow]}: recent calls, oldest first, one line each. */
class LogsCommandTest {
    private static final Duration PRINTED_WITHIN = Duration.ofSeconds(10);
    private static final String ADDER = "public static long add(long x) { if (x < 0) throw new IllegalArgumentException(\"negative\"); return x + %d; }";

    @RegisterExtension
    static final TestServer server = TestServer.perClass();
    static Map<String, String> environment;

    @BeforeAll
    static void pointInferdUrlAtTheServer() {
        environment = Map.of("INFERD_URL", server.url());
    }

    private static void deploy(String name, int offset) {
        server.deployJavaClass(name, "Adder", "add", ADDER.formatted(offset));
    }

    private static long occurrences(String text, String part) {
        return Pattern.compile(Pattern.quote(part)).matcher(text).results().count();
    }

    @Test
    void callsArePrintedOldestFirstOneLineEach() {
        deploy("cli_logged", 1);
        server.call("cli_logged", "1");
        server.call("cli_logged/1", "2");
        server.post("/v1/cli_logged", "{\"data\":\n [[1, 3], [2, 4]]}");

        ConsoleCapture result = Inferd.run(environment, "logs", "cli_logged");

        assertThat(result.exitCode()).as(result.err()).isZero();
        List<String> lines = result.out().lines().toList();
        assertThat(lines).hasSize(3);
        String time = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z";
        assertThat(lines.get(0)).matches(time + "  v1 latest  1 item  \\d+\\.\\d\\d ms  200  \\{\"data\": 1} -> \\{\"data\":2}");
        assertThat(lines.get(1)).matches(time + "  v1  1 item  .* 200  \\{\"data\": 2} -> \\{\"data\":3}");
        assertThat(lines.get(2)).matches(time + "  v1 latest  2 items  .* 200  \\{\"data\": \\[\\[1, 3], \\[2, 4]]} -> \\{\"data\":\\[\\[1,4],\\[2,5]]}");
    }

    @Test
    void aFailedCallShowsItsErrorInsteadOfAnAnswer() {
        deploy("cli_logged_failure", 1);
        server.call("cli_logged_failure", "-1");

        ConsoleCapture result = Inferd.run(environment, "logs", "cli_logged_failure");

        assertThat(result.out()).containsPattern(" 500  \\{\"data\": -1} -> error: .*negative");
    }

    @Test
    void limitPrintsOnlyTheLatestCalls() {
        deploy("cli_logged_limit", 1);
        for (int value = 1; value <= 5; value++) {
            server.call("cli_logged_limit", Integer.toString(value));
        }

        ConsoleCapture result = Inferd.run(environment, "logs", "cli_logged_limit", "--limit", "2");

        assertThat(result.out().lines().toList()).hasSize(2)
                .satisfiesExactly(line -> assertThat(line).contains("{\"data\": 4}"), line -> assertThat(line).contains("{\"data\": 5}"));
    }

    @Test
    void versionPrintsOnlyTheCallsThatRanThatVersion() {
        deploy("cli_logged_versions", 1);
        deploy("cli_logged_versions", 2);
        server.call("cli_logged_versions/1", "10");
        server.call("cli_logged_versions/2", "20");

        ConsoleCapture result = Inferd.run(environment, "logs", "cli_logged_versions", "--version", "1");

        assertThat(result.out().lines().toList()).singleElement().asString().contains("v1").contains("{\"data\": 10}");
    }

    @Test
    void aDeploymentWithoutCallsPrintsNoLinesAndSaysSoOnStandardError() {
        deploy("cli_logged_quiet", 1);

        ConsoleCapture result = Inferd.run(environment, "logs", "cli_logged_quiet");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).isEqualTo("no calls of cli_logged_quiet kept yet\n");
    }

    @Test
    void aLimitOutsideOneToAThousandIsAUsageErrorAndNothingIsAsked() {
        for (String limit : new String[] {"0", "-5", "1001"}) {
            ConsoleCapture result = Inferd.run(environment, "logs", "cli_never_deployed", "--limit", limit, "--follow");

            assertThat(result.exitCode()).as(limit).isEqualTo(2);
            assertThat(result.err()).as(limit).contains("--limit must be a whole number from 1 to 1000; got " + limit);
        }
    }

    @Test
    void anUnknownDeploymentIsAnErrorOnStandardError() {
        ConsoleCapture result = Inferd.run(environment, "logs", "cli_never_deployed");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("cli_never_deployed").contains("404 not_found");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void followPrintsACallMadeWhileFollowingExactlyOnce() throws InterruptedException {
        deploy("cli_followed", 1);
        server.call("cli_followed", "1");
        ConsoleCapture.Running follow = Inferd.start(environment, "logs", "cli_followed", "--follow");
        ConsoleCapture stopped;
        try {
            Eventually.holds("the earlier call printed", PRINTED_WITHIN, () -> follow.out().contains("{\"data\": 1} -> "));
            server.call("cli_followed", "41");
            Eventually.holds("the later call printed", PRINTED_WITHIN, () -> follow.out().contains("{\"data\": 41} -> {\"data\":42}"));
            // One more call printed means at least one more poll after the one that printed 41.
            server.call("cli_followed", "99");
            Eventually.holds("the last call printed", PRINTED_WITHIN, () -> follow.out().contains("{\"data\": 99} -> "));
        } finally {
            stopped = follow.stop();
        }

        assertThat(stopped.exitCode()).as(stopped.err()).isZero();
        assertThat(occurrences(stopped.out(), "{\"data\": 1} -> ")).isEqualTo(1);
        assertThat(occurrences(stopped.out(), "{\"data\": 41} -> ")).isEqualTo(1);
        assertThat(stopped.out().lines().toList()).hasSize(3);
    }
}
