package dev.inferd.invoke;

import dev.inferd.testing.Eventually;
import dev.inferd.testing.HttpAnswer;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The manifest's {@code rate_limit_per_minute}: the items a deployment serves per calendar minute,
 * across its versions, with the latest version's manifest setting the cap. Over it: 429
 * {@code rate_limited} with Retry-After the seconds to the next minute; a batch counts whole.
 * Each test uses its own deployment, and starts only with enough of the current minute left.
 */
class RateLimitsCapItemsPerMinuteTest {
    /** Every test here finishes in far less than this; closer to a minute boundary, it waits for the next minute. */
    private static final long NEEDED_MILLIS = 10_000;

    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    @BeforeAll
    static void deploy() {
        for (String name : new String[] {"capped", "batched", "too_big", "malformed_first", "other_capped"}) {
            deployDoubler(name, 1, Map.of("rate_limit_per_minute", 5));
        }
        deployDoubler("uncapped", 1, Map.of());
        deployDoubler("two_versions", 1, Map.of("rate_limit_per_minute", 4));
        deployDoubler("two_versions", 2, Map.of("rate_limit_per_minute", 4));
        deployDoubler("tightened", 1, Map.of());
        deployDoubler("tightened", 2, Map.of("rate_limit_per_minute", 2));
        deployDoubler("loosened", 1, Map.of("rate_limit_per_minute", 2));
        deployDoubler("loosened", 2, Map.of());
    }

    /** Distinct factors give distinct contents, so each deploy creates a version. */
    private static void deployDoubler(String name, int factor, Map<String, Object> manifest) {
        String source = "public class Doubler { public static long twice(long x) { return " + (factor + 1) + " * x; } }";
        HttpAnswer answer = server.deployJava(name, "Doubler#twice", Map.of("Doubler.java", source), manifest);
        assertThat(answer.status()).as("deploy of %s: %s", name, answer).isEqualTo(201);
        assertThat(answer.json().get("version").asInt()).isEqualTo(factor);
    }

    @BeforeEach
    void startWithEnoughOfTheMinuteLeft() {
        if (millisLeftInMinute() < NEEDED_MILLIS) {
            long minute = System.currentTimeMillis() / 60_000;
            Eventually.holds("the next minute to start", Duration.ofSeconds(15),
                    () -> System.currentTimeMillis() / 60_000 > minute);
        }
    }

    @Test
    void callsUpToTheCapAreServedAndTheNextIsRateLimited() {
        for (int i = 0; i < 5; i++) {
            assertThat(call("capped", "1").status()).isEqualTo(200);
        }

        HttpAnswer refused = call("capped", "1");

        assertRateLimited(refused);
    }

    @Test
    void retryAfterIsTheSecondsToTheNextMinute() {
        for (int i = 0; i < 5; i++) {
            call("other_capped", "1");
        }

        long leftBefore = millisLeftInMinute();
        HttpAnswer refused = call("other_capped", "1");
        long leftAfter = millisLeftInMinute();

        assertRateLimited(refused);
        int retryAfter = Integer.parseInt(refused.header("Retry-After"));
        assertThat(retryAfter).isBetween((int) (leftAfter / 1000), (int) ((leftBefore + 999) / 1000));
    }

    @Test
    void aBatchCountsWholeAndIsNeverSplitAcrossMinutes() {
        for (int i = 0; i < 3; i++) {
            assertThat(call("batched", "1").status()).isEqualTo(200);
        }

        assertRateLimited(call("batched", "[[1, 1], [2, 2], [3, 3]]"));

        HttpAnswer fits = call("batched", "[[1, 1], [2, 2]]");
        assertThat(fits.status()).as(fits.toString()).isEqualTo(200);
        assertThat(fits.body()).isEqualTo("{\"data\":[[1,2],[2,4]]}");
        assertRateLimited(call("batched", "1"));
    }

    @Test
    void aBatchLargerThanTheCapIsRefusedEvenAtTheStartOfAMinute() {
        HttpAnswer refused = call("too_big", "[[1, 1], [2, 2], [3, 3], [4, 4], [5, 5], [6, 6]]");

        assertRateLimited(refused);
        assertThat(refused.errorMessage()).contains("6");
        assertThat(call("too_big", "[[1, 1], [2, 2], [3, 3], [4, 4], [5, 5]]").status()).isEqualTo(200);
    }

    @Test
    void theCapCountsItemsAcrossAllVersionsOfADeployment() {
        assertThat(call("two_versions/1", "[[1, 1], [2, 2]]").status()).isEqualTo(200);
        assertThat(call("two_versions/2", "1").status()).isEqualTo(200);
        assertThat(call("two_versions", "1").status()).isEqualTo(200);

        assertRateLimited(call("two_versions/1", "1"));
        assertRateLimited(call("two_versions/2", "1"));
    }

    @Test
    void theLatestVersionsCapAppliesToCallsOfOlderVersions() {
        assertThat(call("tightened/1", "1").status()).isEqualTo(200);
        assertThat(call("tightened/1", "1").status()).isEqualTo(200);

        assertRateLimited(call("tightened/1", "1"));
    }

    @Test
    void aLatestVersionWithoutACapLiftsTheCapOfOlderVersions() {
        for (int i = 0; i < 6; i++) {
            HttpAnswer answer = call("loosened/1", "1");
            assertThat(answer.status()).as("call %d: %s", i, answer).isEqualTo(200);
        }
    }

    @Test
    void aDeploymentWithoutACapIsNotRateLimited() {
        for (int i = 0; i < 30; i++) {
            assertThat(call("uncapped", "[[1, 1], [2, 2]]").status()).isEqualTo(200);
        }
    }

    @Test
    void callsRefusedAsBadRequestsDoNotCountAgainstTheCap() {
        for (int i = 0; i < 6; i++) {
            HttpAnswer malformed = server.post("/v1/malformed_first", "{\"data\": ");
            assertThat(malformed.status()).as(malformed.toString()).isEqualTo(400);
        }

        for (int i = 0; i < 5; i++) {
            assertThat(call("malformed_first", "1").status()).isEqualTo(200);
        }
    }

    private static HttpAnswer call(String target, String data) {
        return server.call(target, data);
    }

    private static void assertRateLimited(HttpAnswer answer) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(429);
        assertThat(answer.errorCode()).isEqualTo("rate_limited");
        assertThat(answer.json().fieldNames()).toIterable().containsExactlyInAnyOrder("error", "code");
        assertThat(answer.header("Retry-After")).as("Retry-After of %s", answer).isNotNull();
        assertThat(Integer.parseInt(answer.header("Retry-After"))).isBetween(1, 60);
    }

    private static long millisLeftInMinute() {
        return 60_000 - System.currentTimeMillis() % 60_000;
    }
}
