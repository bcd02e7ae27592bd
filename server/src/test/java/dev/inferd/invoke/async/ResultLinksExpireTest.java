package dev.inferd.invoke.async;

import dev.inferd.config.AsyncSettings;
import dev.inferd.testing.Eventually;
import dev.inferd.testing.HttpAnswer;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;

import static dev.inferd.invoke.async.AsyncCalls.body;
import static org.assertj.core.api.Assertions.assertThat;

/** A result link stops working once {@code resultLinkLifetime} has passed; here 2 s. */
class ResultLinksExpireTest {
    private static final Duration LIFETIME = Duration.ofSeconds(2);

    @RegisterExtension
    static final TestServer server = TestServer.perClass(settings -> settings.set(AsyncSettings::resultLinkLifetime, LIFETIME));

    @BeforeAll
    static void deploy() {
        server.deployJavaClass("expiring_doubler", "Doubler", "twice", "public static int twice(int x) { return 2 * x; }");
    }

    @Test
    void aLinkIsNotFoundOnceItsLifetimeHasPassed() {
        Instant asked = Instant.now();
        String url = server.post("/v1/expiring_doubler", body("4", null, "{\"response_format\": \"links\"}"))
                .json().path("data").asText();
        String path = url.substring(server.url().length());
        HttpAnswer fresh = server.get(path);
        assertThat(fresh.status()).as(fresh.toString()).isEqualTo(200);
        assertThat(fresh.json()).isEqualTo(AsyncCalls.parse("{\"data\": 8}"));

        HttpAnswer expired = Eventually.poll("the link expired", LIFETIME.plusSeconds(3), () -> server.get(path),
                answer -> answer.status() != 200);

        assertThat(expired.status()).as(expired.toString()).isEqualTo(404);
        assertThat(expired.errorCode()).isEqualTo("not_found");
        // The expiry is written into the token in whole seconds, so a link may end up to 1 s early.
        assertThat(Duration.between(asked, Instant.now())).isGreaterThanOrEqualTo(LIFETIME.minusSeconds(1));
    }
}
