package dev.inferd.api.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inferd.error.ErrorCode;
import dev.inferd.error.InferdException;
import dev.inferd.error.MethodNotAllowedException;
import dev.inferd.error.OverloadedException;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The one place where failures become HTTP answers: {@code {"error", "code"}} with the status of
 * the exception's {@link ErrorCode}. Anything that is not an {@link InferdException} is a bug of
 * ours, logged with its stack trace and answered with a generic 500 that leaks no internals.
 */
final class ErrorMapper {
    private static final Logger log = LoggerFactory.getLogger(ErrorMapper.class);

    private final ObjectMapper json;

    ErrorMapper(ObjectMapper json) {
        this.json = json;
    }

    void respond(RoutingContext context, Throwable failure) {
        Throwable cause = unwrap(failure);
        ErrorCode code;
        String message;
        if (cause instanceof InferdException known) {
            code = known.code();
            message = known.getMessage();
        } else {
            code = ErrorCode.INTERNAL_ERROR;
            message = "internal error while handling " + context.request().method() + " " + context.request().path()
                    + "; the server log has the details";
            log.error("unexpected failure on {} {}", context.request().method(), context.request().path(), cause);
        }
        HttpServerResponse response = context.response();
        if (response.headWritten()) {
            // Too late for a status; closing tells the client the answer is incomplete.
            context.request().connection().close();
            return;
        }
        if (cause instanceof MethodNotAllowedException notAllowed) {
            response.putHeader("Allow", String.join(", ", notAllowed.allowedMethods()));
        }
        if (cause instanceof OverloadedException overloaded) {
            response.putHeader("Retry-After", Integer.toString(overloaded.retryAfterSeconds()));
        }
        ObjectNode body = json.createObjectNode();
        body.put("error", message);
        body.put("code", code.wireName());
        HttpServerRequest request = context.request();
        boolean bodyUnread = !request.isEnded();
        Future<Void> sent = JsonResponses.send(context, code.httpStatus(), body, json);
        if (bodyUnread) {
            // An answer given before the body was read (413 on Content-Length) leaves the client's
            // bytes on the connection; closing it keeps them from being read as the next request.
            sent.onComplete(done -> request.connection().close());
        }
    }

    static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
