package dev.inferd.auth;

import dev.inferd.testing.HttpAnswer;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PROTOCOL §2: once an admin key exists, every management call needs one: no key is 401, a key
 * that is not an admin key is 403, an admin key may manage from anywhere. This server gets its
 * admin key at start, so every test here sees management closed.
 */
class ManagementNeedsAnAdminKeyOnceOneExistsTest {
    private static final String DEPLOY_BODY = "{\"runtime\": \"java\", \"main\": \"Echo#echo\", \"files\": "
            + "{\"Echo.java\": \"public class Echo { " + KeyedRequests.echoClass() + " }\"}}";

    @RegisterExtension
    static final TestServer server = TestServer.perClass();
    static final KeyedRequests requests = new KeyedRequests(server);
    static String adminKey;

    @TempDir
    Path otherDataDirectory;

    @BeforeAll
    static void deployAndCreateAnAdminKey() {
        server.deployJavaClass("guarded", "Echo", "echo", KeyedRequests.echoClass());
        server.deployJavaClass("guarded_other", "Echo", "echo", KeyedRequests.echoClass());
        adminKey = requests.createKey("first_admin", null, true, null);
    }

    /** Every management route, each with a method it accepts. */
    static Stream<Arguments> managementCalls() {
        return Stream.of(
                Arguments.of("GET", "/api/deployments", null),
                Arguments.of("GET", "/api/deployments/guarded", null),
                Arguments.of("POST", "/api/deployments/guarded/versions", DEPLOY_BODY),
                Arguments.of("PUT", "/api/deployments/guarded/aliases/official", "{\"version\": 1}"),
                Arguments.of("DELETE", "/api/deployments/guarded/aliases/official", null),
                Arguments.of("GET", "/api/deployments/guarded/logs", null),
                Arguments.of("DELETE", "/api/deployments/guarded", null),
                Arguments.of("GET", "/api/keys", null),
                Arguments.of("POST", "/api/keys", "{\"name\": \"sneaked_in\", \"admin\": true}"),
                Arguments.of("DELETE", "/api/keys/first_admin", null));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("managementCalls")
    void withoutAKeyEveryManagementCallIsUnauthorizedEvenFromLoopback(String method, String path, String body) {
        HttpAnswer answer = requests.manage(method, path, body, null);

        assertThat(answer.status()).as(answer.toString()).isEqualTo(401);
        assertThat(answer.errorCode()).isEqualTo("unauthorized");
        assertStillIntact();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("managementCalls")
    void withAnInferenceKeyEveryManagementCallIsForbidden(String method, String path, String body) {
        String key = requests.createKey("inference_" + Math.abs((method + path).hashCode()), null, false, adminKey);

        HttpAnswer answer = requests.manage(method, path, body, "Bearer " + key);

        assertThat(answer.status()).as(answer.toString()).isEqualTo(403);
        assertThat(answer.errorCode()).isEqualTo("forbidden");
        assertStillIntact();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("managementCalls")
    void withAWrongKeyEveryManagementCallIsUnauthorized(String method, String path, String body) {
        HttpAnswer answer = requests.manage(method, path, body, "Bearer " + adminKey.substring(0, adminKey.length() - 2) + "zz");

        assertThat(answer.status()).as(answer.toString()).isEqualTo(401);
        assertStillIntact();
    }

    @Test
    void anAdminKeyManagesInEitherHeaderForm() {
        assertThat(requests.manage("GET", "/api/deployments", null, adminKey).status()).isEqualTo(200);
        assertThat(requests.manage("GET", "/api/keys", null, "Bearer " + adminKey).status()).isEqualTo(200);
        HttpAnswer created = requests.manage("POST", "/api/keys", "{\"name\": \"made_by_admin\"}", adminKey);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        HttpAnswer deleted = requests.manage("DELETE", "/api/keys/made_by_admin", null, "Bearer " + adminKey);
        assertThat(deleted.status()).as(deleted.toString()).isEqualTo(200);
    }

    @Test
    void anAdminKeyDeploysAndMovesAliases() {
        HttpAnswer deployed = requests.manage("POST", "/api/deployments/admin_deployed/versions", DEPLOY_BODY, adminKey);
        HttpAnswer aliased = requests.manage("PUT", "/api/deployments/admin_deployed/aliases/stable", "{\"version\": 1}", adminKey);

        assertThat(deployed.status()).as(deployed.toString()).isEqualTo(201);
        assertThat(aliased.status()).as(aliased.toString()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"X-Forwarded-For", "Forwarded", "X-Real-IP"})
    void anAdminKeyManagesFromBehindAProxy(String header) {
        HttpAnswer answer = server.send("GET", "/api/keys", null, "Authorization", "Bearer " + adminKey, header, "for=203.0.113.7");

        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"X-Forwarded-For", "Forwarded", "X-Real-IP"})
    void aProxiedCallerWithoutAKeyIsUnauthorized(String header) {
        HttpAnswer answer = server.send("GET", "/api/keys", null, header, "203.0.113.7");

        assertThat(answer.status()).as(answer.toString()).isEqualTo(401);
    }

    @Test
    void anAdminKeyCallsEveryDeployment() {
        assertThat(requests.call("guarded", adminKey).status()).isEqualTo(200);
        assertThat(requests.call("guarded_other", "Bearer " + adminKey).status()).isEqualTo(200);
    }

    @Test
    void aDeletedAdminKeyIsUnauthorized() {
        String second = requests.createKey("second_admin", null, true, adminKey);
        assertThat(requests.manage("GET", "/api/keys", null, second).status()).isEqualTo(200);

        assertThat(requests.manage("DELETE", "/api/keys/second_admin", null, adminKey).status()).isEqualTo(200);

        HttpAnswer management = requests.manage("GET", "/api/keys", null, second);
        HttpAnswer inference = requests.call("guarded", second);
        assertThat(management.status()).as(management.toString()).isEqualTo(401);
        assertThat(inference.status()).as(inference.toString()).isEqualTo(401);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/keys/", "//api/keys", "/api/./keys", "/api/x/../keys", "/v1/../api/keys",
            "/api//keys", "/api/keys?x=1", "/api/%6Beys", "/%61pi/keys"})
    void noSpellingOfAManagementPathGetsAroundTheKeyCheck(String path) {
        HttpAnswer answer = server.send("GET", path, null);

        assertThat(answer.status()).as(answer.toString()).isGreaterThanOrEqualTo(400);
        assertThat(answer.body()).doesNotContain("first_admin");
    }

    @Test
    void deletingTheLastAdminKeyReopensManagementToLoopbackOnly() {
        try (TestServer own = TestServer.start(otherDataDirectory)) {
            KeyedRequests ownRequests = new KeyedRequests(own);
            String onlyAdmin = ownRequests.createKey("only_admin", null, true, null);
            assertThat(ownRequests.manage("GET", "/api/keys", null, null).status()).isEqualTo(401);

            assertThat(ownRequests.manage("DELETE", "/api/keys/only_admin", null, onlyAdmin).status()).isEqualTo(200);

            assertThat(ownRequests.manage("GET", "/api/keys", null, null).status()).isEqualTo(200);
            assertThat(own.send("GET", "/api/keys", null, "X-Forwarded-For", "203.0.113.7").status()).isEqualTo(403);
            assertThat(ownRequests.manage("GET", "/api/keys", null, onlyAdmin).status()).isEqualTo(401);
        }
    }

    /** A refused call changed nothing: the admin key, the deployment and its versions are all still there. */
    private static void assertStillIntact() {
        HttpAnswer keys = requests.manage("GET", "/api/keys", null, adminKey);
        assertThat(keys.status()).as(keys.toString()).isEqualTo(200);
        assertThat(keys.json().get("keys").findValuesAsText("name")).contains("first_admin").doesNotContain("sneaked_in");
        HttpAnswer guarded = requests.manage("GET", "/api/deployments/guarded", null, adminKey);
        assertThat(guarded.status()).as(guarded.toString()).isEqualTo(200);
        assertThat(guarded.json().get("versions")).hasSize(1);
        assertThat(guarded.json().get("aliases").size()).isZero();
    }
}
