package dev.inferd.api.http;

import dev.inferd.testing.HttpAnswer;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static dev.inferd.api.http.ProtocolErrors.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * PROTOCOL §1: the body is a JSON object with {@code data} and known options, read as JSON whatever
 * its Content-Type; anything else is a 400 that leaves the server answering.
 */
class MalformedCallBodiesAreBadRequestsTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    @BeforeAll
    static void deployAnEcho() {
        server.deployJavaClass("echo", "Echo", "echo", "public static Object echo(Object value) { return value; }");
    }

    private static HttpAnswer post(String body) {
        return server.post("/v1/echo", body);
    }

    @Test
    void aBodyThatIsNotJsonIsABadRequest() {
        for (String body : List.of("data=10", "{\"data\": ", "{'data': 1}", "{\"data\": 1} trailing", "\u00ff\u00fe")) {
            assertThat(assertError(post(body), 400, "bad_request")).as(body).contains("JSON");
        }
    }

    @Test
    void anEmptyBodyIsABadRequest() {
        assertError(post(""), 400, "bad_request");
        assertError(post("   "), 400, "bad_request");
    }

    @Test
    void aJsonValueThatIsNotAnObjectIsABadRequest() {
        for (String body : List.of("[1, 2]", "10", "\"data\"", "null", "true")) {
            assertThat(assertError(post(body), 400, "bad_request")).as(body).contains("object");
        }
    }

    @Test
    void anObjectWithoutDataIsABadRequest() {
        assertThat(assertError(post("{}"), 400, "bad_request")).contains("data");
        assertThat(assertError(post("{\"Data\": 1}"), 400, "bad_request")).contains("Data");
    }

    @Test
    void anUnknownOptionIsABadRequestNamingIt() {
        assertThat(assertError(post("{\"data\": 1, \"timeout\": 5}"), 400, "bad_request")).contains("'timeout'");
    }

    @Test
    void aRepeatedKeyIsABadRequest() {
        assertError(post("{\"data\": 1, \"data\": 2}"), 400, "bad_request");
    }

    @Test
    void dataThatIsNullIsStillACall() {
        assertThat(post("{\"data\": null}").body()).isEqualTo("{\"data\":null}");
    }

    @Test
    void aFormUrlencodedBodyIsReadAsJson() {
        HttpAnswer answer = server.post("/v1/echo", "application/x-www-form-urlencoded",
                "{\"data\": {\"value\": 10}}".getBytes(StandardCharsets.UTF_8));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("{\"data\":{\"value\":10}}");
    }

    @Test
    void aFormUrlencodedBatchIsReadAsJson() {
        HttpAnswer answer = server.post("/v1/echo", "application/x-www-form-urlencoded",
                "{\"data\": [[2, \"b\"], [1, \"a\"]]}".getBytes(StandardCharsets.UTF_8));

        assertThat(answer.body()).isEqualTo("{\"data\":[[1,\"a\"],[2,\"b\"]]}");
    }

    @Test
    void aTextPlainBodyIsReadAsJson() {
        HttpAnswer answer = server.post("/v1/echo", "text/plain", "{\"data\": 7}".getBytes(StandardCharsets.UTF_8));

        assertThat(answer.body()).isEqualTo("{\"data\":7}");
    }

    @Test
    void aBodyWithoutContentTypeIsReadAsJson() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(server.url() + "/v1/echo"))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"data\": 8}")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.body()).isEqualTo("{\"data\":8}");
    }

    @Test
    void theServerStillAnswersAfterMalformedBodies() {
        assertError(post("{"), 400, "bad_request");
        assertError(post("[]"), 400, "bad_request");

        assertThat(post("{\"data\": \"still here\"}").body()).isEqualTo("{\"data\":\"still here\"}");
    }
}
