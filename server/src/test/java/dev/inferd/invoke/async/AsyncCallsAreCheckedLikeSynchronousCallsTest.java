package dev.inferd.invoke.async;

import com.fasterxml.jackson.databind.JsonNode;
import dev.inferd.config.AsyncSettings;
import dev.inferd.testing.HttpAnswer;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static dev.inferd.invoke.async.AsyncCalls.body;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An async call is checked as a synchronous one would be before it is accepted (PROTOCOL §1, §3):
 * whatever a synchronous call would be refused for is refused at once, with the same status, and
 * never gets a batch id. An accepted one is answered 202 with its batch id in body and header.
 */
class AsyncCallsAreCheckedLikeSynchronousCallsTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass(settings -> settings.set(AsyncSettings::allowPrivateWebhooks, true));
    static WebhookReceiver receiver;
    static String hook;

    @BeforeAll
    static void startTheReceiverAndDeploy() {
        receiver = WebhookReceiver.start();
        hook = receiver.url("/checked");
        server.deployJavaClass("checked_adder", "Adder", "add", "public static int add(int a, int b) { return a + b; }");
        server.deployJavaClass("checked_doubler", "Doubler", "twice", "public static int twice(int x) { return 2 * x; }");
    }

    @AfterAll
    static void stop() {
        receiver.close();
    }

    @Test
    void anAcceptedCallIsAnswered202WithItsBatchIdInTheBodyAndTheHeader() {
        HttpAnswer answer = server.post("/v1/checked_adder", body("[3, 4]", hook));

        assertThat(answer.status()).as(answer.toString()).isEqualTo(202);
        JsonNode json = answer.json();
        assertThat(json.size()).as("the 202 body holds only the batch id: %s", json).isEqualTo(1);
        assertThat(json.path("batchId").asText()).isNotBlank();
        assertThat(answer.header("x-batch-id")).isEqualTo(json.path("batchId").asText());
        assertThat(answer.header("content-type")).startsWith("application/json");
    }

    @Test
    void everyAcceptedCallGetsADifferentBatchId() {
        String first = AsyncCalls.accepted(server, "checked_doubler", body("1", hook));
        String second = AsyncCalls.accepted(server, "checked_doubler", body("1", hook));

        assertThat(first).isNotEqualTo(second);
        assertThat(first).hasSizeGreaterThanOrEqualTo(32);
    }

    @Test
    void allOptionsTogetherAreAccepted() {
        String batchId = AsyncCalls.accepted(server, "checked_adder/1", body("[[1, 1, 2], [2, 3, 4]]", hook,
                "{\"timeout_seconds\": 900, \"response_webhook_ignore_timeout\": true, \"batch\": true}"));

        JsonNode done = AsyncCalls.awaitDelivered(server, batchId);
        assertThat(done.path("result")).isEqualTo(AsyncCalls.parse("{\"data\": [[1, 3], [2, 7]]}"));
    }

    @Test
    void aBatchWithAnItemThatDoesNotFitIsAcceptedAndThatItemFailsOnItsOwn() {
        String batchId = AsyncCalls.accepted(server, "checked_adder", body("[[1, 3, 4], [2, 5]]", hook));

        JsonNode done = AsyncCalls.awaitDelivered(server, batchId);
        assertThat(done.path("result")).isEqualTo(AsyncCalls.parse("{\"data\": [[1, 7], [2, null]],"
                + " \"errors\": [[2, \"item 2 has 1 argument; Adder#add takes 2\"]],"
                + " \"error\": \"1 of 2 items failed; first: item 2: item 2 has 1 argument; Adder#add takes 2\"}"));
    }

    @Test
    void aBodyWithoutDataIsABadRequest() {
        assertBadRequest(server.post("/v1/checked_doubler", "{\"response_webhook\": \"" + hook + "\"}"));
    }

    @Test
    void aBodyThatIsNotAnObjectIsABadRequest() {
        assertBadRequest(server.post("/v1/checked_doubler", "[\"" + hook + "\"]"));
    }

    @Test
    void theWrongNumberOfArgumentsIsABadRequest() {
        assertBadRequest(server.post("/v1/checked_adder", body("[1, 2, 3]", hook)));
    }

    @Test
    void aBatchWithDuplicateIdsIsABadRequest() {
        HttpAnswer answer = server.post("/v1/checked_adder", body("[[1, 1, 2], [1, 3, 4]]", hook));

        assertBadRequest(answer);
        assertThat(answer.errorMessage()).contains("1");
    }

    @Test
    void anUnknownOptionIsABadRequest() {
        assertBadRequest(server.post("/v1/checked_doubler", body("1", hook, "{\"timeout\": 5}")));
    }

    @Test
    void aTimeoutOverNineHundredSecondsIsABadRequest() {
        HttpAnswer answer = server.post("/v1/checked_doubler", body("1", hook, "{\"timeout_seconds\": 901}"));

        assertBadRequest(answer);
        assertThat(answer.errorMessage()).contains("900");
    }

    @Test
    void aTimeoutOfZeroIsABadRequest() {
        assertBadRequest(server.post("/v1/checked_doubler", body("1", hook, "{\"timeout_seconds\": 0}")));
    }

    @Test
    void ignoringTheReceiverTimeoutMustBeABoolean() {
        assertBadRequest(server.post("/v1/checked_doubler", body("1", hook, "{\"response_webhook_ignore_timeout\": \"yes\"}")));
    }

    @Test
    void ignoringTheReceiverTimeoutWithoutAWebhookIsABadRequest() {
        assertBadRequest(server.post("/v1/checked_doubler", body("1", null, "{\"response_webhook_ignore_timeout\": true}")));
    }

    @Test
    void aWebhookThatIsNotAStringIsABadRequest() {
        assertBadRequest(server.post("/v1/checked_doubler", "{\"data\": 1, \"response_webhook\": 42}"));
    }

    @Test
    void aWebhookThatIsNotAnHttpUrlIsABadRequest() {
        assertBadRequest(server.post("/v1/checked_doubler", body("1", "ftp://127.0.0.1/hook")));
        assertBadRequest(server.post("/v1/checked_doubler", body("1", "not a url")));
        assertBadRequest(server.post("/v1/checked_doubler", body("1", "/relative/hook")));
    }

    @Test
    void aWebhookWithCredentialsOrAFragmentIsABadRequest() {
        assertBadRequest(server.post("/v1/checked_doubler", body("1", "http://user:secret@127.0.0.1:" + receiver.port() + "/hook")));
        assertBadRequest(server.post("/v1/checked_doubler", body("1", hook + "#fragment")));
    }

    @Test
    void aResponseFormatOtherThanLinksIsABadRequest() {
        assertBadRequest(server.post("/v1/checked_doubler", body("1", hook, "{\"response_format\": \"csv\"}")));
    }

    @Test
    void anUnknownDeploymentIsNotFound() {
        assertNotFound(server.post("/v1/checked_nobody", body("1", hook)));
    }

    @Test
    void anUnknownVersionIsNotFound() {
        assertNotFound(server.post("/v1/checked_doubler/7", body("1", hook)));
    }

    @Test
    void anUnknownAliasIsNotFound() {
        assertNotFound(server.post("/v1/checked_doubler/nobody", body("1", hook)));
    }

    @Test
    void aMethodOtherThanPostIsNotAllowed() {
        HttpAnswer answer = server.send("PUT", "/v1/checked_doubler", body("1", hook));

        assertThat(answer.status()).as(answer.toString()).isEqualTo(405);
        assertThat(answer.errorCode()).isEqualTo("method_not_allowed");
    }

    @Test
    void anArgumentThatDoesNotBindIsRefusedAsItWouldBeSynchronously() {
        HttpAnswer synchronous = server.post("/v1/checked_doubler", body("\"ten\"", null));
        assertThat(synchronous.status()).as(synchronous.toString()).isEqualTo(400);

        HttpAnswer async = server.post("/v1/checked_doubler", body("\"ten\"", hook));

        // Refused before a job exists, not accepted and answered with an error delivered later.
        assertBadRequest(async);
        assertThat(async.errorMessage()).isEqualTo(synchronous.errorMessage());
    }

    @Test
    void inAnAsyncBatchAnItemThatDoesNotBindIsThatItemsErrorInTheDeliveredAnswer() {
        // A synchronous batch answers 200 with the item's error, so the async one is accepted
        // and its delivered answer is that same body.
        String items = "[[1, 5], [2, \"ten\"]]";
        HttpAnswer synchronous = server.post("/v1/checked_doubler", body(items, null));
        assertThat(synchronous.status()).as(synchronous.toString()).isEqualTo(200);

        String batchId = AsyncCalls.accepted(server, "checked_doubler", body(items, hook));

        JsonNode delivered = AsyncCalls.awaitDelivered(server, batchId).path("result");
        assertThat(delivered).isEqualTo(synchronous.json());
        assertThat(delivered.path("data")).isEqualTo(AsyncCalls.parse("[[1, 10], [2, null]]"));
        assertThat(delivered.path("errors").get(0).get(0).asInt()).isEqualTo(2);
    }

    private static void assertBadRequest(HttpAnswer answer) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
        assertThat(answer.errorCode()).isEqualTo("bad_request");
        assertThat(answer.header("x-batch-id")).isNull();
    }

    private static void assertNotFound(HttpAnswer answer) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(404);
        assertThat(answer.errorCode()).isEqualTo("not_found");
        assertThat(answer.header("x-batch-id")).isNull();
    }
}
