package dev.inferd.api.http.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * What the server did with one fuzzed request: answered with a status, content type and body, or
 * closed the connection without an answer (allowed only where the request's framing was broken).
 */
record Answer(int status, String contentType, byte[] body, boolean closedWithoutAnswer) {
    private static final ObjectMapper JSON = new ObjectMapper();

    static Answer closed() {
        return new Answer(0, null, new byte[0], true);
    }

    /**
     * The pass criteria: no 5xx, and an error answer is PROTOCOL JSON {@code {"error", "code"}}
     * (a HEAD answer has no body to check).
     *
     * @return a description of what is wrong, or null when the answer passes
     */
    String problem(String method) {
        if (closedWithoutAnswer) {
            return null;
        }
        if (status >= 500) {
            return "status " + status + " (a 5xx; the deployed functions never fail): " + bodyText();
        }
        if (status < 400 || method.equalsIgnoreCase("HEAD")) {
            return null;
        }
        if (contentType == null || !contentType.toLowerCase().startsWith("application/json")) {
            return "error answer " + status + " with content type " + contentType + ": " + bodyText();
        }
        try {
            JsonNode json = JSON.readTree(body);
            if (json == null || !json.isObject() || !json.path("error").isTextual() || !json.path("code").isTextual()) {
                return "error answer " + status + " is not {\"error\", \"code\"}: " + bodyText();
            }
        } catch (IOException e) {
            return "error answer " + status + " is not JSON: " + bodyText();
        }
        return null;
    }

    String bodyText() {
        String text = new String(body, StandardCharsets.UTF_8);
        return text.length() <= 500 ? text : text.substring(0, 500) + "...";
    }

    @Override
    public String toString() {
        return closedWithoutAnswer ? "connection closed without an answer" : status + " " + contentType + " " + bodyText();
    }
}
