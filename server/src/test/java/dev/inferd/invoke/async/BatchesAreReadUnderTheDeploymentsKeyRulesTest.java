package dev.inferd.invoke.async;

import dev.inferd.config.AccessSettings;
import dev.inferd.config.AsyncSettings;
import dev.inferd.testing.Eventually;
import dev.inferd.testing.HttpAnswer;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static dev.inferd.invoke.async.AsyncCalls.body;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * On a server that requires API keys, a batch is read under the same rules as a call of its
 * deployment: no key is 401, a key scoped to another deployment is 403, a key that may call the
 * deployment reads it.
 */
class BatchesAreReadUnderTheDeploymentsKeyRulesTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass(settings -> settings
            .set(AsyncSettings::allowPrivateWebhooks, true)
            .set(AccessSettings::requireApiKeys, true));
    static WebhookReceiver receiver;
    static String keyForA;
    static String keyForB;
    static String keyForAll;
    static String batchOfA;

    @BeforeAll
    static void startTheReceiverAndDeliverABatch() {
        receiver = WebhookReceiver.start();
        server.deployJavaClass("keyed_a", "Doubler", "twice", "public static int twice(int x) { return 2 * x; }");
        server.deployJavaClass("keyed_b", "Doubler", "twice", "public static int twice(int x) { return 2 * x; }");
        // From loopback, with no admin key yet, management is open: the test creates its keys itself.
        keyForA = createKey("{\"name\": \"for_a\", \"deployments\": [\"keyed_a\"]}");
        keyForB = createKey("{\"name\": \"for_b\", \"deployments\": [\"keyed_b\"]}");
        keyForAll = createKey("{\"name\": \"for_all\"}");
        HttpAnswer accepted = send("POST", "/v1/keyed_a", keyForA, body("21", receiver.url("/keyed")));
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        batchOfA = accepted.json().path("batchId").asText();
        Eventually.poll("batch " + batchOfA + " delivered", AsyncCalls.JOB_DONE,
                () -> send("GET", "/v1/batches/" + batchOfA, keyForA, null),
                answer -> answer.status() == 200 && answer.json().path("delivered").asBoolean());
    }

    @AfterAll
    static void stop() {
        receiver.close();
    }

    @Test
    void anAsyncCallWithoutAKeyIsUnauthorized() {
        HttpAnswer answer = send("POST", "/v1/keyed_a", null, body("1", receiver.url("/keyed")));

        assertThat(answer.status()).as(answer.toString()).isEqualTo(401);
        assertThat(answer.errorCode()).isEqualTo("unauthorized");
    }

    @Test
    void anAsyncCallWithAKeyForAnotherDeploymentIsForbidden() {
        HttpAnswer answer = send("POST", "/v1/keyed_a", keyForB, body("1", receiver.url("/keyed")));

        assertThat(answer.status()).as(answer.toString()).isEqualTo(403);
        assertThat(answer.errorCode()).isEqualTo("forbidden");
    }

    @Test
    void readingABatchWithoutAKeyIsUnauthorized() {
        HttpAnswer answer = send("GET", "/v1/batches/" + batchOfA, null, null);

        assertThat(answer.status()).as(answer.toString()).isEqualTo(401);
        assertThat(answer.errorCode()).isEqualTo("unauthorized");
        assertThat(answer.body()).doesNotContain("42");
    }

    @Test
    void readingABatchWithAnUnknownKeyIsUnauthorized() {
        HttpAnswer answer = send("GET", "/v1/batches/" + batchOfA, "inferd_not_a_real_key", null);

        assertThat(answer.status()).as(answer.toString()).isEqualTo(401);
    }

    @Test
    void readingABatchWithAKeyForAnotherDeploymentIsForbidden() {
        HttpAnswer answer = send("GET", "/v1/batches/" + batchOfA, keyForB, null);

        assertThat(answer.status()).as(answer.toString()).isEqualTo(403);
        assertThat(answer.errorCode()).isEqualTo("forbidden");
        assertThat(answer.body()).doesNotContain("42");
    }

    @Test
    void aKeyThatMayCallTheDeploymentReadsItsBatch() {
        HttpAnswer scoped = send("GET", "/v1/batches/" + batchOfA, "Bearer " + keyForA, null);
        HttpAnswer unscoped = send("GET", "/v1/batches/" + batchOfA, keyForAll, null);

        assertThat(scoped.status()).as(scoped.toString()).isEqualTo(200);
        assertThat(scoped.json().path("result")).isEqualTo(AsyncCalls.parse("{\"data\": 42}"));
        assertThat(unscoped.status()).as(unscoped.toString()).isEqualTo(200);
        assertThat(unscoped.json()).isEqualTo(scoped.json());
    }

    private static String createKey(String body) {
        HttpAnswer created = server.post("/api/keys", body);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().path("key").asText();
    }

    private static HttpAnswer send(String method, String path, String key, String body) {
        return key == null ? server.send(method, path, body) : server.send(method, path, body, "Authorization", key);
    }
}
