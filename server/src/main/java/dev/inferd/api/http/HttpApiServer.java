package dev.inferd.api.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inferd.config.ServerConfig;
import dev.inferd.error.BadRequestException;
import dev.inferd.error.RouteNotFoundException;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The HTTP edge: one Vert.x server per event loop, all on one port, sharing the router that holds
 * the routes of each part of the API. Each event loop serves its share of the connections, so the
 * HTTP work of many connections spreads over the cores. Every answer, including unknown paths,
 * unparseable requests and failures nobody expected, is PROTOCOL JSON.
 */
public final class HttpApiServer implements AutoCloseable {
    /** Connections idle this much longer than the longest call are closed. */
    private static final Duration IDLE_MARGIN = Duration.ofMinutes(1);
    /** How long a client may go on sending after its unparseable request was answered. */
    private static final Duration UNPARSEABLE_LINGER = Duration.ofSeconds(2);
    private final Vertx vertx;
    private final ServerConfig config;
    private final ObjectMapper json;
    private final Router router;
    private final InferenceApi calls;
    private final ErrorMapper errors;
    private final CrossOriginCalls crossOriginCalls;
    private final List<HttpServer> servers = new CopyOnWriteArrayList<>();
    /** Stateless, so one serves every connection. */
    private final HttpVersionCheck versionCheck = new HttpVersionCheck();

    public HttpApiServer(Vertx vertx, ServerConfig config, ObjectMapper json, InferenceApi calls, List<HttpRoutes> apis) {
        this.vertx = vertx;
        this.config = config;
        this.json = json;
        this.calls = calls;
        this.errors = new ErrorMapper(json, config.limits());
        this.crossOriginCalls = new CrossOriginCalls(config.access().corsOrigins(), errors);
        router = Router.router(vertx);
        apis.forEach(api -> api.mount(router));
        router.route().handler(context -> errors.respond(context,
                new RouteNotFoundException("no endpoint at " + context.request().path())));
        // Vert.x-web answers some requests itself (a path it cannot normalize, a bad Host); those
        // answers are PROTOCOL JSON too.
        router.errorHandler(400, context -> errors.respond(context,
                new BadRequestException("the request's target or headers cannot be read")));
        router.errorHandler(404, context -> errors.respond(context,
                new RouteNotFoundException("no endpoint at " + context.request().path())));
        router.errorHandler(500, context -> errors.respond(context, context.failure() == null
                ? new IllegalStateException("request failed without a cause") : context.failure()));
    }

    /** Starts listening; returns the bound port (useful when the configured port is 0). */
    public int start() throws InterruptedException {
        HttpServerOptions options = new HttpServerOptions()
                .setHost(config.http().host())
                // Port 0 asks for a random port; Vert.x gives servers that ask with -1 one random port to share.
                .setPort(config.http().port() == 0 ? -1 : config.http().port())
                .setDecompressionSupported(false)
                // HTTP/1.1 only. Vert.x's cleartext HTTP/2 upgrade left a malformed upgrade request's
                // connection hanging, and answered some errors without a body; clients that ask for
                // the upgrade (Java's HttpClient does by default) simply stay on HTTP/1.1.
                .setHttp2ClearTextEnabled(false)
                .setHandle100ContinueAutomatically(false)
                // Frees connections clients abandoned without closing. Longer than the longest call,
                // during which a connection sends nothing, so no call is ever cut off by it.
                .setIdleTimeout((int) config.timeouts().maxTimeout().plus(IDLE_MARGIN).toSeconds())
                .setIdleTimeoutUnit(TimeUnit.SECONDS);
        try {
            vertx.deployVerticle(() -> new VerticleBase() {
                        @Override
                        public Future<?> start() {
                            return vertx.createHttpServer(options)
                                    .connectionHandler(HttpApiServer.this::checkVersions)
                                    .requestHandler(HttpApiServer.this::dispatch)
                                    .invalidRequestHandler(HttpApiServer.this::invalidRequest)
                                    .listen()
                                    .onSuccess(servers::add);
                        }
                    }, new DeploymentOptions().setInstances(config.http().eventLoops()))
                    .toCompletionStage().toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot listen on " + config.http().host() + ":" + config.http().port() + ": "
                    + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("listening on " + config.http().host() + ":" + config.http().port() + " timed out", e);
        }
        return servers.get(0).actualPort();
    }

    /** On the connection's event loop, before it reads its first request. */
    private void checkVersions(HttpConnection connection) {
        VertxInternals.pipeline(connection)
                .filter(pipeline -> pipeline.get(HttpVersionCheck.VERTX_HANDLER) != null)
                .ifPresent(pipeline -> pipeline.addBefore(HttpVersionCheck.VERTX_HANDLER, "inferd-http-version", versionCheck));
    }

    /** Calls go straight to the inference API; everything else through the router. */
    private void dispatch(HttpServerRequest request) {
        try {
            if (!request.path().startsWith("/")) {
                // "*" or an absolute-form target that Vert.x could not reduce to a path.
                errors.respond(request, new RouteNotFoundException("no endpoint at " + request.path()));
                return;
            }
            if (crossOriginCalls.answered(request)) {
                return;
            }
            String[] target = InferenceApi.callTarget(request.path());
            if (target != null) {
                calls.call(request, target);
            } else if (request.authority() == null && request.version() != HttpVersion.HTTP_1_0) {
                // Vert.x-web refuses these two while setting up its routing context, where our error
                // handlers do not apply yet, and would answer them in plain text.
                errors.respond(request, new BadRequestException("the request's Host header is missing or cannot be read"));
            } else if (PathSegments.hasBrokenEscape(request.path())) {
                errors.respond(request, new BadRequestException("the path has a % that is not followed by two hex digits"));
            } else {
                router.handle(request);
            }
        } catch (RuntimeException bug) {
            // Nothing above should throw; if it does, the client still gets an answer, not a hang.
            errors.respond(request, bug);
        }
    }

    /**
     * Requests the HTTP decoder could not parse (a malformed Content-Length, a header too long)
     * never reach the router; they still get a PROTOCOL error, and the connection is closed
     * because its framing cannot be trusted, after a linger, so that a client still sending its
     * body reads the answer rather than a reset.
     */
    private void invalidRequest(HttpServerRequest request) {
        VertxInternals.pipeline(request.connection()).ifPresent(pipeline -> pipeline.addFirst(new LingeringClose(UNPARSEABLE_LINGER)));
        Throwable reason = request.decoderResult().cause();
        int status = 400;
        if (reason instanceof TooLongHttpHeaderException) {
            status = 431;
        } else if (reason instanceof TooLongHttpLineException) {
            status = 414;
        }
        ObjectNode body = json.createObjectNode();
        body.put("error", "the request cannot be parsed as HTTP" + (reason == null ? "" : ": " + reason.getMessage()));
        body.put("code", "bad_request");
        request.response()
                .setStatusCode(status)
                .putHeader("Content-Type", JsonResponses.CONTENT_TYPE)
                .putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE)
                .end(body.toString())
                .onComplete(done -> request.connection().close());
    }

    /** Stops accepting connections and lets requests in flight finish, up to the grace period. */
    @Override
    public void close() {
        if (servers.isEmpty()) {
            return;
        }
        List<Future<Void>> shutdowns = servers.stream()
                .map(server -> server.shutdown(config.shutdownGrace().toSeconds(), TimeUnit.SECONDS))
                .toList();
        try {
            Future.join(shutdowns).toCompletionStage().toCompletableFuture()
                    .get(config.shutdownGrace().toSeconds() + 5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            servers.forEach(HttpServer::close);
        }
    }
}
