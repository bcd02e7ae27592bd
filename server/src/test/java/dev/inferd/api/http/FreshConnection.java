package dev.inferd.api.http;

import dev.inferd.testing.HttpAnswer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Sends one HTTP/1.1 request on a connection of its own, for answers that end their connection
 * (a 413 closes it, see EarlyErrorAnswersLeaveConnectionsUsableTest) and for tests that need
 * HTTP/1.1 rather than the h2c upgrade the JDK client would otherwise negotiate.
 */
final class FreshConnection {
    private FreshConnection() {
    }

    static HttpAnswer send(String url, String method, String path, HttpRequest.BodyPublisher body) {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + path))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .method(method, body)
                .build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            return new HttpAnswer(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static HttpAnswer send(String url, String method, String path, String body) {
        return send(url, method, path, body == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    }

    static HttpAnswer get(String url, String path) {
        return send(url, "GET", path, HttpRequest.BodyPublishers.noBody());
    }

    static HttpAnswer post(String url, String path, String body) {
        return send(url, "POST", path, body);
    }
}
