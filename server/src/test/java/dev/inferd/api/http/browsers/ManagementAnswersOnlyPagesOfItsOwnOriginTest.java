package dev.inferd.api.http.browsers;

import dev.inferd.testing.HttpAnswer;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PROTOCOL §7: a request to {@code /api} that a browser marks as coming from a page of another site
 * ({@code Origin}, {@code Sec-Fetch-Site}) is refused with 403 before its body is read; the server's
 * own pages, and clients that are not browsers, are answered as before.
 */
class ManagementAnswersOnlyPagesOfItsOwnOriginTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    private static HttpAnswer listWith(String... headers) {
        return server.send("GET", "/api/deployments", null, headers);
    }

    private static void assertForbidden(HttpAnswer answer) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(403);
        assertThat(answer.errorCode()).isEqualTo("forbidden");
    }

    @Test
    void aPageOfAnotherSiteIsRefusedWithAMessageNamingItsOrigin() {
        HttpAnswer answer = listWith("Origin", "http://evil.example");

        assertForbidden(answer);
        assertThat(answer.errorMessage()).contains("http://evil.example").contains("http://127.0.0.1:" + server.port());
    }

    @ParameterizedTest(name = "Origin: {0}")
    @ValueSource(strings = {"http://localhost:PORT", "https://127.0.0.1:PORT", "http://127.0.0.1:1", "http://127.0.0.1",
            "http://127.0.0.1:PORT/path", "not an origin", ""})
    void anOriginThatDiffersInAnyPartFromTheServersOwnIsRefused(String origin) {
        assertForbidden(listWith("Origin", origin.replace("PORT", Integer.toString(server.port()))));
    }

    @Test
    void originNullIsRefused() {
        HttpAnswer answer = listWith("Origin", "null");

        assertForbidden(answer);
        assertThat(answer.errorMessage()).contains("Origin: null");
    }

    @ParameterizedTest(name = "Sec-Fetch-Site: {0}")
    @ValueSource(strings = {"cross-site", "same-site", "Cross-Site"})
    void aRequestTheBrowserMarksAsFromAnotherSiteIsRefusedEvenWithoutAnOrigin(String site) {
        HttpAnswer answer = listWith("Sec-Fetch-Site", site);

        assertForbidden(answer);
        assertThat(answer.errorMessage()).contains("Sec-Fetch-Site");
    }

    @Test
    void theServersOwnPageIsAnswered() {
        HttpAnswer answer = listWith("Origin", "http://127.0.0.1:" + server.port(), "Sec-Fetch-Site", "same-origin");

        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
    }

    @Test
    void theServersOwnPageIsAnsweredUnderEachOfItsLoopbackNames() {
        String port = Integer.toString(server.port());

        assertThat(listWith("Host", "localhost:" + port, "Origin", "http://localhost:" + port).status()).isEqualTo(200);
        assertThat(listWith("Host", "LOCALHOST:" + port, "Origin", "http://localhost:" + port).status()).isEqualTo(200);
        assertThat(listWith("Host", "[::1]:" + port, "Origin", "http://[::1]:" + port).status()).isEqualTo(200);
    }

    @Test
    void aPortLeftOutIsTheSchemesOwnOnBothSides() {
        assertThat(listWith("Host", "localhost", "Origin", "http://localhost:80").status()).isEqualTo(200);
        assertThat(listWith("Host", "localhost:80", "Origin", "http://localhost").status()).isEqualTo(200);
    }

    @Test
    void anAddressTypedIntoTheBrowsersAddressBarIsAnswered() {
        assertThat(listWith("Sec-Fetch-Site", "none").status()).isEqualTo(200);
    }

    @Test
    void clientsThatAreNotBrowsersSendNoOriginAndAreAnswered() {
        assertThat(listWith().status()).isEqualTo(200);
    }

    @Test
    void twoOriginHeadersAreRefused() {
        String own = "http://127.0.0.1:" + server.port();

        assertForbidden(listWith("Origin", own, "Origin", "http://evil.example"));
    }

    @Test
    void theRefusalComesBeforeTheMethodIsConsidered() {
        assertForbidden(server.send("PATCH", "/api/deployments", null, "Origin", "http://evil.example"));
    }

    @Test
    void everyManagementResourceIsGuarded() {
        for (String path : new String[]{"/api/keys", "/api/deployments/anything", "/api/deployments/anything/logs"}) {
            assertForbidden(server.send("GET", path, null, "Origin", "http://evil.example"));
        }
        assertForbidden(server.send("PUT", "/api/deployments/a/aliases/b", "{\"version\": 1}", "Origin", "http://evil.example"));
        assertForbidden(server.send("DELETE", "/api/deployments/a", null, "Origin", "http://evil.example"));
        assertForbidden(server.send("POST", "/api/keys", "{\"name\": \"page\", \"admin\": true}", "Origin", "http://evil.example"));
    }

    @Test
    void inferenceAndOperationsAreNotGuarded() {
        // A page cannot read these answers without CORS; what it can send it could send before.
        assertThat(server.send("GET", "/healthz", null, "Origin", "http://evil.example").status()).isEqualTo(200);
        assertThat(server.send("POST", "/v1/missing", "{\"data\": 1}", "Origin", "http://evil.example").status()).isEqualTo(404);
    }
}
