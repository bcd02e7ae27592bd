package dev.inferd.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.inferd.testing.Eventually;
import dev.inferd.testing.HttpAnswer;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /api/deployments/{name}/logs?limit=N}: the latest N calls of a deployment, newest
 * first, with inputs and outputs cut to 1 KiB; at most 1000 are kept per deployment, and a limit
 * outside 1..1000 is a bad request. Calls are recorded just after their answer, so tests poll.
 */
class TheLatestCallsOfADeploymentCanBeReadBackTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ECHO = "public static String echo(String text) { return text; }";

    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    @BeforeAll
    static void deploy() {
        for (String name : new String[] {"newest_first", "limited", "excerpted", "failing", "ranged", "queried", "versioned"}) {
            server.deployJavaClass(name, "Echo", "echo", ECHO);
        }
        server.deployJavaClass("crowded", "Same", "same", "public static int same(int x) { return x; }");
    }

    @Test
    void callsComeBackNewestFirstWithTheirInputsAndOutputs() {
        for (String word : List.of("first", "second", "third")) {
            callAndAwaitLogged("newest_first", "\"" + word + "\"");
        }

        JsonNode calls = logs("newest_first", 3);

        assertThat(calls).hasSize(3);
        assertThat(calls.get(0).get("input").asText()).isEqualTo("{\"data\": \"third\"}");
        assertThat(calls.get(1).get("input").asText()).isEqualTo("{\"data\": \"second\"}");
        assertThat(calls.get(2).get("input").asText()).isEqualTo("{\"data\": \"first\"}");
        assertThat(calls.get(0).get("output").asText()).isEqualTo("{\"data\":\"third\"}");
        JsonNode newest = calls.get(0);
        assertThat(newest.get("status").asInt()).isEqualTo(200);
        assertThat(newest.get("version").asInt()).isEqualTo(1);
        assertThat(newest.get("ref").asText()).isEqualTo("latest");
        assertThat(newest.get("items").asInt()).isEqualTo(1);
        assertThat(newest.get("durationMs").isNumber()).isTrue();
        assertThat(newest.get("time").asText()).isNotBlank();
        assertThat(newest.has("error")).isFalse();
    }

    @Test
    void theLimitCapsHowManyCallsComeBack() {
        for (int i = 0; i < 4; i++) {
            callAndAwaitLogged("limited", "\"call " + i + "\"");
        }

        assertThat(logs("limited", 2)).extracting(call -> call.get("input").asText())
                .containsExactly("{\"data\": \"call 3\"}", "{\"data\": \"call 2\"}");
        assertThat(logs("limited", 1000)).hasSize(4);
    }

    @Test
    void versionKeepsOnlyTheCallsThatVersionAnswered() {
        callAndAwaitLogged("versioned", "\"to one\"");
        server.deployJavaClass("versioned", "Echo", "echo", ECHO + " // version 2");
        callAndAwaitLogged("versioned", "\"to two\"");

        HttpAnswer ofOne = server.get("/api/deployments/versioned/logs?version=1");
        HttpAnswer ofTwo = server.get("/api/deployments/versioned/logs?version=2&limit=5");

        assertThat(ofOne.json().get("calls")).extracting(call -> call.get("input").asText())
                .containsExactly("{\"data\": \"to one\"}");
        assertThat(ofTwo.json().get("calls")).extracting(call -> call.get("input").asText())
                .containsExactly("{\"data\": \"to two\"}");
        assertThat(server.get("/api/deployments/versioned/logs?version=3").json().get("calls")).isEmpty();
    }

    @Test
    void anUnknownQueryParameterIsABadRequestNamingIt() {
        HttpAnswer answer = server.get("/api/deployments/queried/logs?limt=5&since=x");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.errorCode()).isEqualTo("bad_request");
        assertThat(answer.errorMessage()).isEqualTo("unknown query parameters limt, since; use limit and version");
    }

    @Test
    void aVersionThatIsNotAVersionNumberOrAParameterGivenTwiceIsABadRequest() {
        for (String query : new String[] {"version=latest", "version=0", "version=", "limit=1&limit=2", "version=1&version=2"}) {
            HttpAnswer answer = server.get("/api/deployments/queried/logs?" + query);

            assertThat(answer.status()).as(query).isEqualTo(400);
            assertThat(answer.errorCode()).as(query).isEqualTo("bad_request");
        }
    }

    @Test
    void inputsAndOutputsAreCutToOneKibibyte() {
        String text = "<" + "abcdefghij".repeat(512) + ">";
        String body = "{\"data\": \"" + text + "\"}";
        HttpAnswer answer = server.post("/v1/excerpted", body);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).hasSizeGreaterThan(5 * 1024);

        JsonNode call = Eventually.poll("the call to be kept", Duration.ofSeconds(10), () -> logs("excerpted", 1),
                calls -> calls.size() == 1).get(0);

        String input = call.get("input").asText();
        String output = call.get("output").asText();
        assertThat(input).startsWith(body.substring(0, 1024)).doesNotContain(">");
        assertThat(output).startsWith(answer.body().substring(0, 1024)).doesNotContain(">");
        assertThat(input.getBytes(StandardCharsets.UTF_8).length).as("input excerpt: %s", input).isLessThanOrEqualTo(1024 + 64);
        assertThat(output.getBytes(StandardCharsets.UTF_8).length).as("output excerpt: %s", output).isLessThanOrEqualTo(1024 + 64);
    }

    @Test
    void failedCallsAreKeptWithTheirStatusAndError() {
        HttpAnswer answer = server.call("failing", "42");
        assertThat(answer.status()).as(answer.toString()).isEqualTo(400);

        JsonNode call = Eventually.poll("the call to be kept", Duration.ofSeconds(10), () -> logs("failing", 1),
                calls -> calls.size() == 1).get(0);

        assertThat(call.get("status").asInt()).isEqualTo(400);
        assertThat(call.get("error").asText()).isNotBlank();
        assertThat(call.get("input").asText()).isEqualTo("{\"data\": 42}");
    }

    @Test
    void aLimitOutsideOneToAThousandIsABadRequest() {
        callAndAwaitLogged("ranged", "\"x\"");

        for (String limit : List.of("0", "-1", "1001", "100000", "ten", "1.5", "")) {
            HttpAnswer answer = server.get("/api/deployments/ranged/logs?limit=" + limit);
            assertThat(answer.status()).as("limit=%s: %s", limit, answer).isEqualTo(400);
            assertThat(answer.errorCode()).isEqualTo("bad_request");
        }
        assertThat(server.get("/api/deployments/ranged/logs?limit=1").status()).isEqualTo(200);
        assertThat(server.get("/api/deployments/ranged/logs?limit=1000").status()).isEqualTo(200);
    }

    @Test
    void logsOfAnUnknownDeploymentAreNotFound() {
        HttpAnswer answer = server.get("/api/deployments/never_deployed/logs?limit=10");

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.errorCode()).isEqualTo("not_found");
    }

    @Test
    void atMostAThousandCallsAreKeptAndTheOldestGo() throws Exception {
        List<Integer> oldest = IntStream.range(0, 50).boxed().toList();
        List<Integer> newest = IntStream.range(50, 1_050).boxed().toList();
        callConcurrently("crowded", oldest);
        Eventually.holds("the 50 oldest calls to be kept", Duration.ofSeconds(20), () -> logs("crowded", 1000).size() == 50);

        callConcurrently("crowded", newest);

        Set<Integer> kept = Eventually.poll("exactly the 1000 newest calls to be kept", Duration.ofSeconds(30),
                () -> keptValues(logs("crowded", 1000)), values -> values.equals(new HashSet<>(newest)));
        assertThat(kept).hasSize(1000).doesNotContainAnyElementsOf(oldest);
        assertThat(logs("crowded", 1000)).hasSize(1000);
    }

    private static Set<Integer> keptValues(JsonNode calls) {
        Set<Integer> values = new HashSet<>();
        for (JsonNode call : calls) {
            values.add(parse(call.get("input").asText()).get("data").asInt());
        }
        return values;
    }

    private static void callConcurrently(String deployment, List<Integer> values) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        Semaphore slots = new Semaphore(32);
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int value : values) {
            slots.acquire();
            CompletableFuture<HttpResponse<String>> call = client.sendAsync(
                    HttpRequest.newBuilder(URI.create(server.url() + "/v1/" + deployment))
                            .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"data\": " + value + "}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            call.whenComplete((answer, failure) -> slots.release());
            calls.add(call);
        }
        for (CompletableFuture<HttpResponse<String>> call : calls) {
            assertThat(call.get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
    }

    /** Calls and waits until the call is the newest one kept, so the next call is recorded after it. */
    private static void callAndAwaitLogged(String deployment, String data) {
        HttpAnswer answer = server.call(deployment, data);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        String input = "{\"data\": " + data + "}";
        Eventually.holds("the call " + data + " to be kept", Duration.ofSeconds(10), () -> {
            JsonNode calls = logs(deployment, 1);
            return calls.size() == 1 && calls.get(0).get("input").asText().equals(input);
        });
    }

    private static JsonNode logs(String deployment, int limit) {
        HttpAnswer answer = server.get("/api/deployments/" + deployment + "/logs?limit=" + limit);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(answer.json().get("name").asText()).isEqualTo(deployment);
        JsonNode calls = answer.json().get("calls");
        assertThat(calls.isArray()).isTrue();
        assertThat(StreamSupport.stream(calls.spliterator(), false).count()).isLessThanOrEqualTo(limit);
        return calls;
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(json, e);
        }
    }
}
