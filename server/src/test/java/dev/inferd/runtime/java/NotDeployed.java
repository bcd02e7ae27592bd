package dev.inferd.runtime.java;

import dev.inferd.testing.TestServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Checks, from outside, that a refused deploy left no deployment behind. */
final class NotDeployed {

    private NotDeployed() {
    }

    static void assertNotDeployed(TestServer server, String name) {
        assertThat(server.get("/api/deployments").json().path("deployments").findValuesAsText("name"))
                .doesNotContain(name);
        // On a connection of its own: the server closes a connection after an error answer to a GET
        // (reported bug), which would break the next request of the shared client.
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.url() + "/api/deployments/" + name))
                .timeout(Duration.ofSeconds(30)).GET().build();
        try {
            assertThat(client.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
