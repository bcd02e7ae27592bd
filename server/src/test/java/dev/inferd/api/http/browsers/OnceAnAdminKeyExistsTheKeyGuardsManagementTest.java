package dev.inferd.api.http.browsers;

import dev.inferd.auth.KeyedRequests;
import dev.inferd.testing.HttpAnswer;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PROTOCOL §7: with an admin key, the key is what protects {@code /api}, whatever name the request
 * was addressed to; the Origin rule still holds. Behind a reverse proxy the server's own origin is
 * the one the proxy forwards.
 */
class OnceAnAdminKeyExistsTheKeyGuardsManagementTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass();
    static final KeyedRequests requests = new KeyedRequests(server);
    static String admin;

    @BeforeAll
    static void createAnAdminKey() {
        admin = "Bearer " + requests.createKey("admin", null, true, null);
    }

    private static HttpAnswer listWith(String... headers) {
        String[] all = new String[headers.length + 2];
        all[0] = "Authorization";
        all[1] = admin;
        System.arraycopy(headers, 0, all, 2, headers.length);
        return server.send("GET", "/api/deployments", null, all);
    }

    @Test
    void anyHostIsAnsweredWithTheAdminKey() {
        assertThat(listWith("Host", "inferd.example.com").status()).isEqualTo(200);
    }

    @Test
    void anyHostWithoutAKeyIsAskedForOne() {
        HttpAnswer answer = server.send("GET", "/api/deployments", null, "Host", "inferd.example.com");

        assertThat(answer.status()).isEqualTo(401);
    }

    @Test
    void aPageOfAnotherSiteIsRefusedEvenWithTheAdminKey() {
        HttpAnswer answer = listWith("Origin", "http://evil.example");

        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.errorMessage()).contains("http://evil.example");
    }

    @Test
    void behindAProxyThePagesOfTheForwardedOriginAreTheServersOwn() {
        assertThat(listWith("X-Forwarded-For", "203.0.113.7", "X-Forwarded-Proto", "https",
                "X-Forwarded-Host", "inferd.example.com", "Origin", "https://inferd.example.com").status()).isEqualTo(200);
        assertThat(listWith("Forwarded", "for=203.0.113.7;proto=https;host=\"inferd.example.com:8443\"",
                "Origin", "https://inferd.example.com:8443").status()).isEqualTo(200);
    }

    @Test
    void behindAProxyWhoseHostHeaderIsPassedOnTheProtoAloneIsEnough() {
        // nginx's proxy_set_header Host $host with X-Forwarded-Proto: no X-Forwarded-Host needed.
        assertThat(listWith("Host", "inferd.example.com", "X-Forwarded-Proto", "https",
                "Origin", "https://inferd.example.com").status()).isEqualTo(200);
    }

    @Test
    void behindAProxyAPageOfTheServersLoopbackAddressIsNotTheServersOwn() {
        assertThat(listWith("X-Forwarded-Proto", "https", "X-Forwarded-Host", "inferd.example.com",
                "Origin", "http://127.0.0.1:" + server.port()).status()).isEqualTo(403);
    }

    @Test
    void behindAProxyAPageOfAnotherSiteIsStillRefused() {
        assertThat(listWith("X-Forwarded-Proto", "https", "X-Forwarded-Host", "inferd.example.com",
                "Origin", "https://evil.example").status()).isEqualTo(403);
    }
}
