package dev.inferd.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpHeaders;

/** A status, the headers and the body of one answer, with the body parsed as JSON on demand. */
public record HttpAnswer(int status, HttpHeaders headers, String body) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public JsonNode json() {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException("answer is not JSON: " + body, e);
        }
    }

    public String header(String name) {
        return headers.firstValue(name).orElse(null);
    }

    /** The {@code code} of a PROTOCOL error answer. */
    public String errorCode() {
        return json().path("code").asText(null);
    }

    public String errorMessage() {
        return json().path("error").asText(null);
    }

    @Override
    public String toString() {
        return status + " " + body;
    }
}
