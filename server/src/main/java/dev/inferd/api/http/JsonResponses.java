package dev.inferd.api.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inferd.error.ErrorAnswer;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

import java.io.UncheckedIOException;

/** Sends JSON answers; every answer inferd gives has this content type. */
final class JsonResponses {
    static final String CONTENT_TYPE = "application/json";

    private JsonResponses() {
    }

    /** {@code body} is a tree or a response record; either is written by {@code json}. */
    static Future<Void> send(RoutingContext context, int status, Object body, ObjectMapper json) {
        return send(context.response(), status, body, json);
    }

    static Future<Void> send(HttpServerResponse response, int status, Object body, ObjectMapper json) {
        try {
            return send(response, status, json.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** PROTOCOL's error body, {@code {"error": message, "code": code}}. */
    static ObjectNode errorBody(ErrorAnswer answer, ObjectMapper json) {
        ObjectNode body = json.createObjectNode();
        body.put("error", answer.message());
        body.put("code", answer.code());
        return body;
    }

    static Future<Void> send(RoutingContext context, int status, byte[] body) {
        return send(context.response(), status, body);
    }

    /** {@code body} is wrapped, not copied, so it must not change afterwards; every caller passes an array of its own. */
    static Future<Void> send(HttpServerResponse response, int status, byte[] body) {
        return response
                .setStatusCode(status)
                .putHeader("Content-Type", CONTENT_TYPE)
                .end(VertxInternals.wrapping(body));
    }
}
