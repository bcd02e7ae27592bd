package dev.inferd.api.http;

import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PROTOCOL §1: a malformed request never affects other requests. An error answered before the body
 * is read (unknown deployment, invalid name) must not break the next request of the same client.
 */
class EarlyErrorsLeaveTheConnectionUsableTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    @BeforeAll
    static void deployAConnectionProbe() {
        server.deployJavaClass("connection_probe", "Echo", "echo", "public static long echo(long x) { return x; }");
    }

    @ParameterizedTest
    @EnumSource(HttpClient.Version.class)
    void everyRequestAfterA404OnTheSameClientIsAnswered(HttpClient.Version version) {
        HttpClient http = HttpClient.newBuilder().version(version).build();
        List<String> answers = new ArrayList<>();

        for (int i = 0; i < 6; i++) {
            answers.add(post(http, "/v1/no_such_deployment/latest", "{\"data\": 1}"));
            answers.add(post(http, "/v1/connection_probe/latest", "{\"data\": 1}"));
        }

        assertThat(answers).containsOnly("404", "200");
    }

    @ParameterizedTest
    @EnumSource(HttpClient.Version.class)
    void everyRequestAfterABodylessRefusedDeployOnTheSameClientIsAnswered(HttpClient.Version version) {
        HttpClient http = HttpClient.newBuilder().version(version).build();
        List<String> answers = new ArrayList<>();

        for (int i = 0; i < 6; i++) {
            answers.add(post(http, "/api/deployments/-invalid/versions", ""));
            answers.add(post(http, "/v1/connection_probe/latest", "{\"data\": 1}"));
        }

        assertThat(answers).containsOnly("400", "200");
    }

    private String post(HttpClient http, String path, String body) {
        try {
            return Integer.toString(http.send(HttpRequest.newBuilder(URI.create(server.url() + path))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding()).statusCode());
        } catch (Exception e) {
            return "failed: " + e.getMessage();
        }
    }
}
