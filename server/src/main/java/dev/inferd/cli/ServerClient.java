package dev.inferd.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The HTTP calls the {@code deploy} and {@code call} commands make to a running server. */
final class ServerClient {
    private final URI server;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final ObjectMapper json = new ObjectMapper();

    /** A status and the body parsed as JSON (or null when it is not JSON). */
    record Answer(int status, String body, JsonNode json) {
        boolean ok() {
            return status >= 200 && status < 300;
        }

        /** The protocol's error message, or the raw body. */
        String errorMessage() {
            if (json != null && json.hasNonNull("error")) {
                String code = json.path("code").asText("");
                return json.get("error").asText() + (code.isEmpty() ? "" : " (" + status + " " + code + ")");
            }
            return "HTTP " + status + ": " + body;
        }
    }

    ServerClient(String server) {
        this.server = URI.create(server.endsWith("/") ? server : server + "/");
    }

    Answer post(String path, String contentType, byte[] body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(server.resolve(path))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new IOException("cannot reach an inferd server at " + server + " (is `inferd serve` running? set --server)", e);
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
