package dev.inferd.api.http;

import dev.inferd.testing.HttpAnswer;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;

import static dev.inferd.api.http.ProtocolErrors.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/** PROTOCOL §1, {@code timeout_seconds}: a positive whole number up to 900; past it the answer is 504. */
class CallsPastTheirTimeoutAreAbandonedTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    @BeforeAll
    static void deployASleeper() {
        server.deployJavaClass("sleeper", "Sleeper", "sleep", """
                public static long sleep(long millis) throws InterruptedException {
                    Thread.sleep(millis);
                    return millis;
                }
                """);
    }

    private static HttpAnswer call(String data, String timeout) {
        return server.post("/v1/sleeper", "{\"data\": " + data + ", \"timeout_seconds\": " + timeout + "}");
    }

    @Test
    void aCallThatSleepsPastTimeoutSecondsIsATimeout() {
        long start = System.nanoTime();
        HttpAnswer answer = call("30000", "1");
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(assertError(answer, 504, "timeout")).contains("timeout_seconds");
        assertThat(took).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void theServerStillAnswersAfterATimeout() {
        assertError(call("30000", "1"), 504, "timeout");

        assertThat(call("5", "10").body()).isEqualTo("{\"data\":5}");
        assertThat(server.call("sleeper", "[[1, 0], [2, 1]]").body()).isEqualTo("{\"data\":[[1,0],[2,1]]}");
    }

    @Test
    void aBatchThatRunsPastTimeoutSecondsIsATimeoutAsAWhole() {
        assertError(call("[[1, 0], [2, 30000]]", "1"), 504, "timeout");
    }

    @Test
    void aCallThatFinishesWithinItsTimeoutAnswersNormally() {
        assertThat(call("200", "5").body()).isEqualTo("{\"data\":200}");
    }

    @Test
    void theLargestTimeoutIsAccepted() {
        assertThat(call("1", "900").status()).isEqualTo(200);
    }

    @Test
    void timeoutsThatAreNotAWholeNumberFromOneToNineHundredAreRefused() {
        for (String timeout : List.of("0", "-1", "1.5", "\"5\"", "901", "null", "true", "1e400")) {
            String message = assertError(call("1", timeout), 400, "bad_request");

            assertThat(message).as(timeout).contains("timeout_seconds");
        }
    }
}
