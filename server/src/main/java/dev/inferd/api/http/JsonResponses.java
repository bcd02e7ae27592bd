package dev.inferd.api.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

import java.io.UncheckedIOException;

/** Sends JSON answers; every answer inferd gives has this content type. */
final class JsonResponses {
    static final String CONTENT_TYPE = "application/json";

    private JsonResponses() {
    }

    static Future<Void> send(RoutingContext context, int status, JsonNode body, ObjectMapper json) {
        try {
            return send(context, status, json.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Future<Void> send(RoutingContext context, int status, byte[] body) {
        return context.response()
                .setStatusCode(status)
                .putHeader("Content-Type", CONTENT_TYPE)
                .end(Buffer.buffer(body));
    }
}
