package dev.inferd.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Sends one HTTP/1.1 request on a connection of its own. For requests the server refuses before
 * reading their body: it closes the connection after such an answer (see
 * EarlyErrorsLeaveTheConnectionUsableTest), which must not break the next request of a test's shared client.
 */
public final class FreshConnection {

    private FreshConnection() {
    }

    public static HttpAnswer send(TestServer server, String method, String path, String contentType, byte[] body) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url() + path))
                .timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new HttpAnswer(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** POSTs {@code {"data": <dataJson>}} to {@code /v1/<target>}. */
    public static HttpAnswer call(TestServer server, String target, String dataJson) {
        return send(server, "POST", "/v1/" + target, "application/json",
                ("{\"data\": " + dataJson + "}").getBytes(StandardCharsets.UTF_8));
    }
}
