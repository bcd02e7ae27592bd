package dev.inferd.api.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.inferd.config.LimitSettings;
import dev.inferd.error.DeploymentNotFoundException;
import dev.inferd.error.MethodNotAllowedException;
import dev.inferd.invoke.CallLimits;
import dev.inferd.registry.DeploymentName;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * What the management resources do alike with a request: pick the handler for its method, read its
 * body, run its work on the event loop or off it, and send the answer record as JSON, or the failure
 * through the {@link ErrorMapper}. Reads answer from memory on the event loop; writes touch the disk
 * and run as blocking work off it.
 */
public final class ResourceRequests {
    private final RequestBodyReader bodyReader;
    private final ErrorMapper errors;
    private final ObjectMapper json;

    public ResourceRequests(LimitSettings requestLimits, ObjectMapper json, CallLimits limits) {
        this.bodyReader = new RequestBodyReader(requestLimits.maxBodyBytes(), limits, requestLimits.bodyIdleTimeout());
        this.errors = new ErrorMapper(json, requestLimits);
        this.json = json;
    }

    /** A handler for a route that serves one method, answering any other with 405. */
    Handler<RoutingContext> byMethod(HttpMethod method, Handler<RoutingContext> handler) {
        return byMethod(Map.of(method, handler), List.of(method));
    }

    /** A handler for a route that serves two methods, answering any other with 405, which names them in this order. */
    Handler<RoutingContext> byMethod(HttpMethod first, Handler<RoutingContext> onFirst,
                                     HttpMethod second, Handler<RoutingContext> onSecond) {
        return byMethod(Map.of(first, onFirst, second, onSecond), List.of(first, second));
    }

    private Handler<RoutingContext> byMethod(Map<HttpMethod, Handler<RoutingContext>> handlers, List<HttpMethod> order) {
        List<String> allowed = order.stream().map(HttpMethod::name).toList();
        return context -> {
            HttpMethod method = context.request().method();
            Handler<RoutingContext> handler = handlers.get(method);
            if (handler == null) {
                fail(context, new MethodNotAllowedException(method.name(), context.request().path(), allowed));
            } else {
                handler.handle(context);
            }
        };
    }

    /** Answers 200 with what {@code work} returns, run here on the event loop. */
    void answerNow(RoutingContext context, Callable<?> work) {
        try {
            send(context, 200, work.call());
        } catch (Exception e) {
            fail(context, e);
        }
    }

    /** Answers {@code status} with what {@code work} returns, run off the event loop. */
    void answerBlocking(RoutingContext context, int status, Callable<?> work) {
        blocking(context, work, answer -> send(context, status, answer));
    }

    /**
     * Runs {@code work} on {@code executor} (429 when it is full) and hands its result to {@code then},
     * back on the request's event loop; a failure is answered.
     */
    <T> void blocking(RoutingContext context, Executor executor, Callable<T> work, Consumer<T> then) {
        Context eventLoop = context.vertx().getOrCreateContext();
        OffTheEventLoop.on(executor, work).whenComplete((result, failure) -> eventLoop.runOnContext(done -> {
            if (failure != null) {
                fail(context, failure);
            } else {
                then.accept(result);
            }
        }));
    }

    /** Runs {@code work} off the event loop and hands its result to {@code then}, back on it; a failure is answered. */
    <T> void blocking(RoutingContext context, Callable<T> work, Consumer<T> then) {
        context.vertx().executeBlocking(work, false).onComplete(done -> {
            if (done.failed()) {
                fail(context, done.cause());
            } else {
                then.accept(done.result());
            }
        });
    }

    /**
     * Checks the body's type, then reads the body, counted against the in-flight byte budget until the
     * answer has gone out, and hands it on; a body of another type, or one that cannot be read, is
     * answered with its error.
     *
     * @param what the body, as an error message names it
     */
    void withBody(RoutingContext context, Set<BodyFormat> accepted, String what, BiConsumer<BodyFormat, byte[]> handle) {
        BodyFormat format;
        try {
            format = BodyFormat.of(context.request().getHeader("Content-Type"), accepted, what);
        } catch (RuntimeException e) {
            fail(context, e);
            return;
        }
        bodyReader.read(context.request()).onComplete(body -> {
            if (body.failed()) {
                fail(context, body.cause());
                return;
            }
            context.addEndHandler(answered -> body.result().permit().close());
            handle.accept(format, body.result().bytes());
        });
    }

    /**
     * Reads the body into {@code file} as it arrives, up to {@code limit} bytes, and hands the file on;
     * a body that cannot be read is answered with its error, and leaves no file.
     */
    void withBodyInFile(RoutingContext context, Path file, long limit, Consumer<Path> handle) {
        bodyReader.readToFile(context.request(), file, limit).onComplete(body -> {
            if (body.failed()) {
                fail(context, body.cause());
            } else {
                handle.accept(body.result());
            }
        });
    }

    void send(RoutingContext context, int status, Object answer) {
        JsonResponses.send(context, status, answer, json);
    }

    void fail(RoutingContext context, Throwable failure) {
        errors.respond(context, failure);
    }

    /** A name in a URL that cannot be valid names no deployment: 404, like any unknown name. */
    static DeploymentName existingName(RoutingContext context) {
        String raw = context.pathParam("name");
        if (!DeploymentName.isValid(raw)) {
            throw new DeploymentNotFoundException("no deployment named '" + raw + "'");
        }
        return new DeploymentName(raw);
    }
}
