package dev.inferd.api.http;

import dev.inferd.testing.HttpAnswer;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static dev.inferd.api.http.ProtocolErrors.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/** PROTOCOL §1 errors: 404 for what does not exist, 405 with {@code Allow} for methods other than POST. */
class UnknownTargetsAndMethodsAreRefusedTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    @BeforeAll
    static void deployOneVersionWithAnAlias() {
        server.deployJavaClass("doubler", "Doubler", "twice", "public static long twice(long x) { return 2 * x; }");
        HttpAnswer alias = server.put("/api/deployments/doubler/aliases/official", "{\"version\": 1}");
        assertThat(alias.status()).as("%s", alias).isEqualTo(200);
    }

    /** A connection per request: these answers come before the body is read, and the server then closes. */
    private static HttpAnswer post(String path, String body) {
        return server.onFreshConnections().post(path, body);
    }

    @Test
    void everyWayOfNamingTheDeployedVersionAnswers() {
        for (String path : List.of("/v1/doubler", "/v1/doubler/latest", "/v1/doubler/1", "/v1/doubler/official")) {
            assertThat(post(path, "{\"data\": 21}").body()).as(path).isEqualTo("{\"data\":42}");
        }
    }

    @Test
    void anUnknownDeploymentIsNotFound() {
        assertThat(assertError(post("/v1/nobody", "{\"data\": 1}"), 404, "not_found")).contains("nobody");
        assertError(post("/v1/nobody/latest", "{\"data\": 1}"), 404, "not_found");
    }

    @Test
    void aDeploymentNameThatCouldNeverExistIsNotFound() {
        assertError(post("/v1/-bad%20name/latest", "{\"data\": 1}"), 404, "not_found");
    }

    @Test
    void anUnknownVersionNumberIsNotFound() {
        assertError(post("/v1/doubler/2", "{\"data\": 1}"), 404, "not_found");
        assertError(post("/v1/doubler/999999999", "{\"data\": 1}"), 404, "not_found");
        assertError(post("/v1/doubler/0", "{\"data\": 1}"), 404, "not_found");
    }

    @Test
    void aVersionNumberTooLargeForAnIntIsNotFound() {
        assertError(post("/v1/doubler/99999999999999999999", "{\"data\": 1}"), 404, "not_found");
    }

    @Test
    void anUnknownAliasIsNotFound() {
        assertThat(assertError(post("/v1/doubler/unofficial", "{\"data\": 1}"), 404, "not_found"))
                .contains("unofficial");
    }

    @Test
    void anUnknownPathIsNotFound() {
        for (String path : List.of("/", "/v1", "/v1/", "/v2/doubler", "/v1/doubler/latest/extra", "/api/nothing")) {
            assertError(post(path, "{\"data\": 1}"), 404, "not_found");
        }
        assertError(server.onFreshConnections().get("/nothing/here"), 404, "not_found");
    }

    @Test
    void getPutAndDeleteOnACallPathAreNotAllowed() {
        for (String method : List.of("GET", "PUT", "DELETE", "PATCH")) {
            for (String path : List.of("/v1/doubler", "/v1/doubler/latest")) {
                HttpAnswer answer = server.onFreshConnections().send(method, path, method.equals("GET") || method.equals("DELETE") ? null : "{\"data\": 1}");

                assertError(answer, 405, "method_not_allowed");
                assertThat(answer.header("Allow")).as(method + " " + path).isEqualTo("POST");
            }
        }
    }

    @Test
    void aWrongMethodOnAnUnknownDeploymentIsStillAWrongMethod() {
        HttpAnswer answer = server.onFreshConnections().get("/v1/nobody/latest");

        assertError(answer, 405, "method_not_allowed");
        assertThat(answer.header("Allow")).isEqualTo("POST");
    }

    @Test
    void theServerStillAnswersAfterRefusals() {
        assertError(post("/v1/nobody", "{\"data\": 1}"), 404, "not_found");
        assertError(server.onFreshConnections().get("/v1/doubler"), 405, "method_not_allowed");

        assertThat(server.call("doubler", "5").body()).isEqualTo("{\"data\":10}");
    }
}
