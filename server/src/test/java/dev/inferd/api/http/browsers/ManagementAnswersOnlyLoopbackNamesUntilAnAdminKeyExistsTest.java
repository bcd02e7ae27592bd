package dev.inferd.api.http.browsers;

import dev.inferd.config.AccessSettings;
import dev.inferd.config.Authority;
import dev.inferd.testing.HttpAnswer;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PROTOCOL §7, DNS rebinding: a page on {@code evil.example} whose name then resolves to 127.0.0.1 is
 * same-origin to itself, so its requests carry {@code Host: evil.example}. While no admin key exists,
 * {@code /api} answers only a loopback name in {@code Host} or one given by {@code --allowed-host}.
 */
class ManagementAnswersOnlyLoopbackNamesUntilAnAdminKeyExistsTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass(settings -> settings
            .set(AccessSettings::allowedHosts, List.of(
                    new Authority("inferd.internal", Authority.NO_PORT), new Authority("pinned.internal", 9))));
    static String port;

    @BeforeAll
    static void start() {
        port = Integer.toString(server.port());
    }

    private static HttpAnswer listAddressedTo(String host, String... headers) {
        String[] all = new String[headers.length + 2];
        all[0] = "Host";
        all[1] = host.replace("PORT", port);
        System.arraycopy(headers, 0, all, 2, headers.length);
        return server.send("GET", "/api/deployments", null, all);
    }

    @Test
    void aRebindingPagesRequestIsRefusedWithAMessageNamingItsHost() {
        HttpAnswer answer = listAddressedTo("evil.example:PORT");

        assertThat(answer.status()).as(answer.toString()).isEqualTo(403);
        assertThat(answer.errorCode()).isEqualTo("forbidden");
        assertThat(answer.errorMessage()).contains("evil.example:" + port).contains("--allowed-host");
    }

    @Test
    void aRebindingPagesDeployIsRefusedThoughItsOriginMatchesItsHost() {
        HttpAnswer answer = server.send("POST", "/api/deployments/x/versions",
                "{\"runtime\": \"java\", \"main\": \"A#f\", \"files\": {\"A.java\": \"public class A { public static int f(int x) { return x; } }\"}}",
                "Host", "evil.example:" + port, "Origin", "http://evil.example:" + port, "Content-Type", "text/plain");

        assertThat(answer.status()).as(answer.toString()).isEqualTo(403);
        assertThat(server.get("/api/deployments/x").status()).isEqualTo(404);
    }

    @ParameterizedTest(name = "Host: {0}")
    @ValueSource(strings = {"localhost:PORT", "localhost", "LocalHost:PORT", "localhost.:PORT", "127.0.0.1:PORT",
            "127.1.2.3:PORT", "[::1]:PORT", "[0:0:0:0:0:0:0:1]:PORT"})
    void everyLoopbackNameIsAnswered(String host) {
        assertThat(listAddressedTo(host).status()).isEqualTo(200);
    }

    @ParameterizedTest(name = "Host: {0}")
    @ValueSource(strings = {"127.0.0.1.evil.example:PORT", "localhost.evil.example:PORT", "evil.localhost.example",
            "2130706433:PORT", "0.0.0.0:PORT", "[::]:PORT", "127.0.0.256:PORT", "192.168.1.20:PORT", "inferd.internal.evil.example"})
    void namesThatOnlyLookLocalAreRefused(String host) {
        assertThat(listAddressedTo(host).status()).isEqualTo(403);
    }

    @Test
    void aNameGivenWithAllowedHostIsAnsweredOnAnyPort() {
        assertThat(listAddressedTo("inferd.internal:PORT").status()).isEqualTo(200);
        assertThat(listAddressedTo("Inferd.Internal").status()).isEqualTo(200);
    }

    @Test
    void aPageOfAnAllowedNameIsAnsweredAsTheServersOwn() {
        assertThat(listAddressedTo("inferd.internal:PORT", "Origin", "http://inferd.internal:" + port).status()).isEqualTo(200);
    }

    @Test
    void aNameGivenWithAPortIsAnsweredOnlyOnThatPort() {
        assertThat(listAddressedTo("pinned.internal:9").status()).isEqualTo(200);
        assertThat(listAddressedTo("pinned.internal:PORT").status()).isEqualTo(403);
    }

    @Test
    void twoHostHeadersAreRefused() {
        HttpAnswer answer = server.send("GET", "/api/deployments", null, "Host", "localhost:" + port, "Host", "evil.example");

        assertThat(answer.status()).isIn(400, 403);
    }

    @Test
    void inferenceAnswersAnyHostAsBefore() {
        assertThat(server.send("POST", "/v1/missing", "{\"data\": 1}", "Host", "evil.example:" + port).status()).isEqualTo(404);
    }
}
