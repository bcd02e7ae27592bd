package dev.inferd.api.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.inferd.config.LimitSettings;
import dev.inferd.error.BodyTimedOutException;
import dev.inferd.error.ErrorAnswer;
import dev.inferd.error.InferdException;
import dev.inferd.error.MethodNotAllowedException;
import dev.inferd.error.OverloadedException;
import dev.inferd.error.StoreUnavailableException;
import dev.inferd.error.PayloadTooLargeException;
import dev.inferd.error.RateLimitedException;
import dev.inferd.error.UnauthorizedException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;


/**
 * Where failures become HTTP answers: the {@link ErrorAnswer} of the failure, written as
 * {@code {"error", "code"}}; a failure that is a bug of ours is logged with its stack trace.
 *
 * <p>An error found before the body was read (unknown deployment, wrong method) must not break
 * the connection for the client's next request, so the body is read and dropped first. Only when
 * that is impossible or unwise (a body over the limit, a client waiting for 100-continue) is the
 * answer sent with {@code Connection: close}, and the connection is closed after lingering long
 * enough for the client to see the answer rather than a reset. A body that stopped arriving is
 * not waited for either.
 */
final class ErrorMapper {
    private static final Logger log = LoggerFactory.getLogger(ErrorMapper.class);
    private static final long LINGER_MILLIS = 2_000;

    private final ObjectMapper json;
    private final long maxBodyBytes;
    private final long bodyIdleMillis;

    ErrorMapper(ObjectMapper json, LimitSettings limits) {
        this.json = json;
        this.maxBodyBytes = limits.maxBodyBytes();
        this.bodyIdleMillis = limits.bodyIdleTimeout().toMillis();
    }

    void respond(RoutingContext context, Throwable failure) {
        respond(context.request(), failure);
    }

    /** Answers with the failure's error; called on the request's event loop. */
    void respond(HttpServerRequest request, Throwable failure) {
        Throwable cause = ErrorAnswer.unwrap(failure);
        // A server failure is not worth reading the rest of a body for (it may be a large upload
        // whose file could not be written): the answer goes out, and the connection is closed.
        boolean mustNotReadBody = cause instanceof PayloadTooLargeException || cause instanceof BodyTimedOutException
                || !(cause instanceof InferdException)
                || "100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT));
        if (request.isEnded() || request.version() == HttpVersion.HTTP_2 || mustNotReadBody
                || request.response().headWritten()) {
            send(request, cause);
            return;
        }
        drain(request).onComplete(drained -> send(request, drained.failed() ? drained.cause() : cause));
    }

    /** Whether the failure is the client closing its connection, which leaves nobody to answer. */
    static boolean clientClosed(Throwable failure) {
        return ErrorAnswer.unwrap(failure) instanceof HttpClosedException;
    }

    private void send(HttpServerRequest request, Throwable cause) {
        String whatFailed = request.method() + " " + request.path();
        if (clientClosed(cause)) {
            log.debug("the client closed its connection during {}", whatFailed);
            return;
        }
        ErrorAnswer answer = ErrorAnswer.of(cause, whatFailed);
        if (answer.unexpected()) {
            log.error("unexpected failure on {}", whatFailed, cause);
        }
        HttpServerResponse response = request.response();
        if (response.headWritten()) {
            // Too late for a status; closing tells the client the answer is incomplete.
            request.connection().close();
            return;
        }
        if (cause instanceof MethodNotAllowedException notAllowed) {
            response.putHeader("Allow", String.join(", ", notAllowed.allowedMethods()));
        }
        if (cause instanceof OverloadedException overloaded) {
            response.putHeader("Retry-After", Integer.toString(overloaded.retryAfterSeconds()));
        }
        if (cause instanceof StoreUnavailableException unavailable) {
            response.putHeader("Retry-After", Integer.toString(unavailable.retryAfterSeconds()));
        }
        if (cause instanceof UnauthorizedException) {
            response.putHeader("WWW-Authenticate", "Bearer realm=\"inferd\"");
        }
        if (cause instanceof RateLimitedException rateLimited) {
            response.putHeader("Retry-After", Integer.toString(rateLimited.retryAfterSeconds()));
        }
        boolean bodyLeftUnread = !request.isEnded() && request.version() != HttpVersion.HTTP_2;
        if (bodyLeftUnread) {
            response.putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
        }
        Future<Void> sent = JsonResponses.send(response, answer.status(), JsonResponses.errorBody(answer, json), json);
        if (bodyLeftUnread) {
            sent.onComplete(done -> lingerThenClose(request));
        }
    }

    /** Reads and drops the rest of the body, up to the limit, so the connection can serve the next request. */
    private Future<Void> drain(HttpServerRequest request) {
        Promise<Void> drained = Promise.promise();
        long[] seen = {0};
        try {
            request.handler(chunk -> {
                seen[0] += chunk.length();
                if (seen[0] > maxBodyBytes) {
                    drained.tryFail(new PayloadTooLargeException("the request body is over the limit of " + maxBodyBytes + " bytes"));
                }
            });
            request.endHandler(ended -> drained.tryComplete());
            request.exceptionHandler(failure -> drained.tryFail(RequestBodyReader.asBodyFailure(failure)));
            request.resume();
            // A body that stops arriving is not waited for: the answer goes out, and the connection
            // is closed after it, as for any body left unread.
            BodyStallWatch.start(bodyIdleMillis, () -> seen[0], drained.future(), drained::tryComplete);
        } catch (IllegalStateException alreadyEnded) {
            drained.tryComplete();
        }
        return drained.future();
    }

    /**
     * Closing at once while the client still sends would make its kernel discard our answer with a
     * reset; reading and dropping for a moment first lets the answer arrive.
     */
    private static void lingerThenClose(HttpServerRequest request) {
        HttpConnection connection = request.connection();
        try {
            request.handler(ignored -> { });
            request.endHandler(ended -> connection.close());
            request.resume();
        } catch (IllegalStateException alreadyEnded) {
            connection.close();
            return;
        }
        Context eventLoop = Vertx.currentContext();
        if (eventLoop == null) {
            connection.close();
            return;
        }
        eventLoop.owner().setTimer(LINGER_MILLIS, timer -> connection.close());
    }
}
