package dev.inferd.auth;

import dev.inferd.testing.HttpAnswer;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PROTOCOL §2 on a server that does not require keys: calls without a key pass, but a key that is
 * present is always checked, so a wrong, deleted or out-of-scope key never succeeds.
 */
class PresentedKeysAreCheckedEvenWhenNotRequiredTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass();
    static final KeyedRequests requests = new KeyedRequests(server);

    @BeforeAll
    static void deploy() {
        server.deployJavaClass("open_a", "Echo", "echo", KeyedRequests.echoClass());
        server.deployJavaClass("open_b", "Echo", "echo", KeyedRequests.echoClass());
    }

    @Test
    void aCallWithoutAKeyPasses() {
        HttpAnswer answer = requests.call("open_a", null);

        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("{\"data\":7}");
    }

    @Test
    void aValidKeyPassesInEitherForm() {
        String key = requests.createKey("open_valid", null, false, null);

        assertThat(requests.call("open_a", key).status()).isEqualTo(200);
        assertThat(requests.call("open_a", "Bearer " + key).status()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "inferd_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            "Bearer inferd_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            "not-a-key",
            "Basic dXNlcjpwYXNz"})
    void aWrongKeyIsUnauthorized(String authorization) {
        HttpAnswer answer = requests.call("open_a", authorization);

        assertThat(answer.status()).as(answer.toString()).isEqualTo(401);
        assertThat(answer.errorCode()).isEqualTo("unauthorized");
    }

    @Test
    void aKeyScopedToOtherDeploymentsIsForbidden() {
        String key = requests.createKey("open_scoped", "[\"open_a\"]", false, null);

        assertThat(requests.call("open_a", key).status()).isEqualTo(200);
        HttpAnswer answer = requests.call("open_b", "Bearer " + key);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(403);
        assertThat(answer.errorCode()).isEqualTo("forbidden");
    }

    @Test
    void aDeletedKeyIsUnauthorized() {
        String key = requests.createKey("open_deleted", null, false, null);
        assertThat(requests.call("open_a", key).status()).isEqualTo(200);

        assertThat(server.delete("/api/keys/open_deleted").status()).isEqualTo(200);

        HttpAnswer answer = requests.call("open_a", key);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(401);
        assertThat(answer.errorCode()).isEqualTo("unauthorized");
    }
}
