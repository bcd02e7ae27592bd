package dev.inferd.auth;

import dev.inferd.config.AccessSettings;
import dev.inferd.testing.HttpAnswer;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PROTOCOL §2 with {@code serve --require-api-keys}: every inference call needs a valid key,
 * {@code Authorization: <key>} or {@code Authorization: Bearer <key>}; a key scoped to other
 * deployments gets 403. No admin key is made here, so keys are created from loopback.
 */
class InferenceNeedsAValidKeyWhenRequiredTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass(settings -> settings.set(AccessSettings::requireApiKeys, true));
    static final KeyedRequests requests = new KeyedRequests(server);

    @BeforeAll
    static void deploy() {
        for (String name : new String[] {"required_a", "required_b", "required_c"}) {
            server.deployJavaClass(name, "Echo", "echo", KeyedRequests.echoClass());
        }
    }

    @Test
    void aCallWithoutAKeyIsUnauthorized() {
        HttpAnswer answer = requests.call("required_a", null);

        assertThat(answer.status()).as(answer.toString()).isEqualTo(401);
        assertThat(answer.errorCode()).isEqualTo("unauthorized");
        assertThat(answer.errorMessage()).isNotBlank();
    }

    @Test
    void aCallWithoutAKeyToAnUnknownDeploymentIsUnauthorizedNotNotFound() {
        HttpAnswer answer = requests.call("no_such_deployment", null);

        assertThat(answer.status()).as(answer.toString()).isEqualTo(401);
    }

    @Test
    void theKeyAloneInTheAuthorizationHeaderIsAccepted() {
        String key = requests.createKey("bare_header", null, false, null);

        HttpAnswer answer = requests.call("required_a", key);

        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("{\"data\":7}");
    }

    @Test
    void theKeyAfterBearerIsAccepted() {
        String key = requests.createKey("bearer_header", null, false, null);

        HttpAnswer answer = requests.call("required_a", "Bearer " + key);

        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("{\"data\":7}");
    }

    @Test
    void aKeyWithoutScopeCallsEveryDeployment() {
        String key = requests.createKey("unscoped", null, false, null);

        assertThat(requests.call("required_a", key).status()).isEqualTo(200);
        assertThat(requests.call("required_b", key).status()).isEqualTo(200);
        assertThat(requests.call("required_c", key).status()).isEqualTo(200);
    }

    @Test
    void aScopedKeyCallsItsDeploymentsAndIsForbiddenElsewhere() {
        String key = requests.createKey("scoped_a_b", "[\"required_a\", \"required_b\"]", false, null);

        assertThat(requests.call("required_a", key).status()).isEqualTo(200);
        assertThat(requests.call("required_b", "Bearer " + key).status()).isEqualTo(200);
        HttpAnswer elsewhere = requests.call("required_c", key);
        assertThat(elsewhere.status()).as(elsewhere.toString()).isEqualTo(403);
        assertThat(elsewhere.errorCode()).isEqualTo("forbidden");
    }

    @Test
    void aScopedKeyIsForbiddenOnEveryRefOfAnotherDeployment() {
        String key = requests.createKey("scoped_refs", "[\"required_a\"]", false, null);

        assertThat(server.send("POST", "/v1/required_b/latest", "{\"data\": 7}", "Authorization", key).status()).isEqualTo(403);
        assertThat(server.send("POST", "/v1/required_b/1", "{\"data\": 7}", "Authorization", key).status()).isEqualTo(403);
        assertThat(server.send("POST", "/v1/required_a/1", "{\"data\": 7}", "Authorization", key).status()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "inferd_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            "Bearer inferd_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            "not-a-key",
            "Bearer",
            "Basic dXNlcjpwYXNz"})
    void aWrongKeyIsUnauthorized(String authorization) {
        HttpAnswer answer = requests.call("required_a", authorization);

        assertThat(answer.status()).as(answer.toString()).isEqualTo(401);
        assertThat(answer.errorCode()).isEqualTo("unauthorized");
    }

    @Test
    void aKeyWithOneCharacterChangedIsUnauthorized() {
        String key = requests.createKey("mistyped", null, false, null);
        char last = key.charAt(key.length() - 1);
        String mistyped = key.substring(0, key.length() - 1) + (last == 'A' ? 'B' : 'A');

        assertThat(requests.call("required_a", mistyped).status()).isEqualTo(401);
        assertThat(requests.call("required_a", key + "x").status()).isEqualTo(401);
    }

    @Test
    void aDeletedKeyIsUnauthorized() {
        String key = requests.createKey("deleted_while_required", null, false, null);
        assertThat(requests.call("required_a", key).status()).isEqualTo(200);

        assertThat(server.delete("/api/keys/deleted_while_required").status()).isEqualTo(200);

        HttpAnswer answer = requests.call("required_a", key);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(401);
        assertThat(answer.errorCode()).isEqualTo("unauthorized");
    }

    @Test
    void aRefusedCallNeverRunsTheFunction() {
        server.deployJavaClass("required_counter", "Counter", "count",
                "static final java.util.concurrent.atomic.AtomicLong CALLS = new java.util.concurrent.atomic.AtomicLong();\n"
                        + "public static long count(long x) { return CALLS.incrementAndGet(); }");
        String scopedElsewhere = requests.createKey("counter_outsider", "[\"required_a\"]", false, null);
        String allowed = requests.createKey("counter_insider", "[\"required_counter\"]", false, null);

        assertThat(requests.call("required_counter", null).status()).isEqualTo(401);
        assertThat(requests.call("required_counter", "inferd_wrong").status()).isEqualTo(401);
        assertThat(requests.call("required_counter", scopedElsewhere).status()).isEqualTo(403);

        HttpAnswer first = requests.call("required_counter", allowed);
        assertThat(first.body()).as("the allowed call is the first to run").isEqualTo("{\"data\":1}");
    }
}
