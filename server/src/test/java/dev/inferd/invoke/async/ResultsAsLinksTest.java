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
import static dev.inferd.invoke.async.AsyncCalls.parse;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code response_format: "links"}: the answer's {@code data} is a URL on this server from which the
 * full answer body can be fetched, for synchronous and async calls alike; a token that this server
 * did not issue fetches nothing.
 */
class ResultsAsLinksTest {
    private static final String LINKS = "{\"response_format\": \"links\"}";

    @RegisterExtension
    static final TestServer server = TestServer.perClass(settings -> settings.set(AsyncSettings::allowPrivateWebhooks, true));
    static WebhookReceiver receiver;

    @BeforeAll
    static void startTheReceiverAndDeploy() {
        receiver = WebhookReceiver.start();
        server.deployJavaClass("linked_scorer", "Scorer", "score",
                "public static List<Integer> score(int x) {\n"
                        + "  if (x < 0) throw new IllegalArgumentException(\"negative: \" + x);\n"
                        + "  return List.of(x, 2 * x, 3 * x);\n"
                        + "}");
    }

    @AfterAll
    static void stop() {
        receiver.close();
    }

    @Test
    void behindAProxyALinkStartsWithTheOriginTheProxyForwards() {
        String viaXForwarded = server.send("POST", "/v1/linked_scorer", body("7", null, LINKS), "X-Forwarded-Proto", "https",
                "X-Forwarded-Host", "inferd.example.com, internal.example").json().path("data").asText();
        String viaForwarded = server.send("POST", "/v1/linked_scorer", body("7", null, LINKS),
                "Forwarded", "for=203.0.113.7;proto=https;host=\"inferd.example.com:8443\"").json().path("data").asText();

        assertThat(viaXForwarded).startsWith("https://inferd.example.com/v1/results/");
        assertThat(viaForwarded).startsWith("https://inferd.example.com:8443/v1/results/");
    }

    @Test
    void aSynchronousCallAnswersAUrlOnThisServerThatFetchesTheFullAnswer() {
        HttpAnswer answer = server.post("/v1/linked_scorer", body("7", null, LINKS));

        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(answer.json().size()).isEqualTo(1);
        String url = answer.json().path("data").asText();
        assertThat(url).startsWith(server.url() + "/v1/results/");
        HttpAnswer fetched = fetch(url);
        assertThat(fetched.status()).as(fetched.toString()).isEqualTo(200);
        assertThat(fetched.header("content-type")).startsWith("application/json");
        assertThat(fetched.json()).isEqualTo(server.call("linked_scorer", "7").json()).isEqualTo(parse("{\"data\": [7, 14, 21]}"));
        assertThat(fetch(url).json()).as("a link can be fetched more than once").isEqualTo(fetched.json());
    }

    @Test
    void aBatchCallWithItemErrorsIsFetchedWhole() {
        String batch = "[[2, 2], [1, -1]]";
        String url = server.post("/v1/linked_scorer", body(batch, null, LINKS)).json().path("data").asText();

        JsonNode fetched = fetch(url).json();

        JsonNode synchronous = server.call("linked_scorer", batch).json();
        assertThat(fetched.path("data")).isEqualTo(synchronous.path("data"));
        assertThat(fetched.path("errors").size()).isEqualTo(1);
        assertThat(fetched.path("error").asText()).isEqualTo(synchronous.path("error").asText());
    }

    @Test
    void everyCallGetsItsOwnLink() {
        String first = server.post("/v1/linked_scorer", body("1", null, LINKS)).json().path("data").asText();
        String second = server.post("/v1/linked_scorer", body("1", null, LINKS)).json().path("data").asText();

        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void anAsyncCallDeliversTheLinkAndTheLinkFetchesTheAnswer() {
        String batchId = AsyncCalls.accepted(server, "linked_scorer", body("5", receiver.url("/linked"), LINKS));

        JsonNode batch = AsyncCalls.awaitDelivered(server, batchId);

        WebhookReceiver.Delivery delivery = receiver.deliveriesOf(batchId).get(0);
        JsonNode delivered = parse(delivery.body());
        assertThat(delivered.size()).isEqualTo(1);
        String url = delivered.path("data").asText();
        assertThat(url).startsWith(server.url() + "/v1/results/");
        assertThat(batch.path("result")).as("the batch holds the delivered body").isEqualTo(delivered);
        assertThat(fetch(url).json()).isEqualTo(parse("{\"data\": [5, 10, 15]}"));
    }

    @Test
    void anAsyncCallThatFailsDeliversALinkToTheErrorBody() {
        String batchId = AsyncCalls.accepted(server, "linked_scorer", body("-2", receiver.url("/linked-failure"), LINKS));

        JsonNode batch = AsyncCalls.awaitDelivered(server, batchId);

        assertThat(batch.path("status").asText()).isEqualTo("failed");
        JsonNode fetched = fetch(batch.path("result").path("data").asText()).json();
        assertThat(fetched.path("code").asText()).isEqualTo("function_error");
        assertThat(fetched.path("error").asText()).endsWith("java.lang.IllegalArgumentException: negative: -2");
    }

    @Test
    void aTokenWithOneCharacterChangedIsNotFound() {
        String url = server.post("/v1/linked_scorer", body("3", null, LINKS)).json().path("data").asText();
        String token = url.substring(url.lastIndexOf('/') + 1);

        for (int position : new int[]{0, 10, token.indexOf('.') + 1, token.lastIndexOf('.') + 5}) {
            char original = token.charAt(position);
            String changed = token.substring(0, position) + (original == '1' ? '2' : '1') + token.substring(position + 1);

            HttpAnswer answer = server.get("/v1/results/" + changed);

            assertThat(answer.status()).as("token %s: %s", changed, answer).isEqualTo(404);
            assertThat(answer.errorCode()).isEqualTo("not_found");
        }
        assertThat(fetch(url).status()).isEqualTo(200);
    }

    @Test
    void aMadeUpTokenIsNotFound() {
        HttpAnswer answer = server.get("/v1/results/0123456789abcdef0123456789abcdef.4102444800.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");

        assertThat(answer.status()).as(answer.toString()).isEqualTo(404);
        assertThat(answer.errorCode()).isEqualTo("not_found");
        assertThat(server.get("/v1/results/nothing").status()).isEqualTo(404);
    }

    @Test
    void resultsAreOnlyRead() {
        HttpAnswer answer = server.post("/v1/results/anything", "{\"data\": 1}");

        assertThat(answer.status()).as(answer.toString()).isEqualTo(405);
        assertThat(answer.errorCode()).isEqualTo("method_not_allowed");
    }

    private static HttpAnswer fetch(String url) {
        assertThat(url).startsWith(server.url());
        return server.get(url.substring(server.url().length()));
    }
}
