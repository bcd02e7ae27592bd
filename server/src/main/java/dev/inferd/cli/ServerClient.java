package dev.inferd.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** The HTTP calls the client commands ({@code deploy}, {@code call}, {@code list}, ...) make to a running server. */
final class ServerClient {
    private final URI server;
    private final Optional<String> apiKey;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final ObjectMapper json = new ObjectMapper();

    /** A status and the body parsed as JSON (or null when it is not JSON). */
    record Answer(int status, String body, JsonNode json) {
        boolean ok() {
            return status >= 200 && status < 300;
        }

        /** The protocol's error message, or the raw body; a refused key adds where the CLI takes one. */
        String errorMessage() {
            String hint = status == 401 ? "; give the CLI a key with --api-key KEY or INFERD_API_KEY" : "";
            if (json != null && json.hasNonNull("error")) {
                String code = json.path("code").asText("");
                return json.get("error").asText() + (code.isEmpty() ? "" : " (" + status + " " + code + ")") + hint;
            }
            return "HTTP " + status + ": " + body + hint;
        }
    }

    ServerClient(String server, Optional<String> apiKey) {
        this.server = URI.create(server.endsWith("/") ? server : server + "/");
        this.apiKey = apiKey;
    }

    /** One path segment, percent-encoded, so a name or ref can never add a segment of its own. */
    static String segment(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    Answer get(String path) throws IOException, InterruptedException {
        return send(request(path).GET());
    }

    Answer delete(String path) throws IOException, InterruptedException {
        return send(request(path).DELETE());
    }

    Answer post(String path, String contentType, byte[] body) throws IOException, InterruptedException {
        return send(request(path).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    /** Posts a file, read as it is sent. */
    Answer post(String path, String contentType, Path body) throws IOException, InterruptedException {
        return send(request(path).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofFile(body)));
    }

    Answer put(String path, String jsonBody) throws IOException, InterruptedException {
        return send(request(path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(jsonBody, StandardCharsets.UTF_8)));
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.resolve(path));
        apiKey.ifPresent(key -> request.header("Authorization", "Bearer " + key));
        return request;
    }

    private Answer send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new IOException("cannot reach an inferd server at " + server
                    + " (is `inferd serve` running? set --server or INFERD_URL)", e);
        }
        JsonNode parsed;
        try {
            parsed = json.readTree(response.body());
        } catch (IOException notJson) {
            parsed = null;
        }
        return new Answer(response.statusCode(), response.body(), parsed);
    }
}
