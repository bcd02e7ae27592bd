package dev.inferd.api.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inferd.bundle.BundleZip;
import dev.inferd.bundle.ManifestParser;
import dev.inferd.config.ServerConfig;
import dev.inferd.error.MethodNotAllowedException;
import dev.inferd.error.RouteNotFoundException;
import dev.inferd.invoke.InvocationService;
import dev.inferd.registry.DeploymentRegistry;
import io.vertx.core.Vertx;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.SortedMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The HTTP edge: routes PROTOCOL §1 and §4 and the health check onto their handlers. Every answer,
 * including unknown paths and failures nobody expected, is PROTOCOL JSON.
 */
public final class HttpApiServer implements AutoCloseable {
    private final Vertx vertx;
    private final ServerConfig config;
    private final Router router;
    private final ObjectMapper json;
    private HttpServer server;

    public HttpApiServer(Vertx vertx, ServerConfig config, DeploymentRegistry registry, InvocationService invocation,
                         ObjectMapper json, BundleZip bundleZip, ManifestParser manifestParser, Executor decodeExecutor) {
        this.vertx = vertx;
        this.config = config;
        this.json = json;
        ErrorMapper errors = new ErrorMapper(json, config.maxBodyBytes());
        RequestBodyReader bodyReader = new RequestBodyReader(config.maxBodyBytes());
        InferenceHandler inference = new InferenceHandler(registry, invocation,
                new InferenceRequestDecoder(json, config.defaultTimeout(), config.maxTimeout()),
                new InferenceResponseEncoder(json), bodyReader, errors, decodeExecutor);
        ManagementHandler management = new ManagementHandler(registry,
                new DeployBodyDecoder(json, bundleZip, manifestParser, config.maxBundleBytes()), bodyReader, errors, json);

        router = Router.router(vertx);
        router.route("/v1/:deployment/:ref").handler(inference::handle);
        router.route("/v1/:deployment").handler(inference::handle);
        router.route("/api/deployments").handler(management::deployments);
        router.route("/api/deployments/:name").handler(management::deployment);
        router.route("/api/deployments/:name/versions").handler(management::versions);
        router.route("/api/deployments/:name/aliases/:alias").handler(management::alias);
        router.route("/healthz").handler(context -> health(context, errors, registry));
        router.route().handler(context -> errors.respond(context,
                new RouteNotFoundException("no endpoint at " + context.request().path())));
        router.errorHandler(500, context -> errors.respond(context, context.failure() == null
                ? new IllegalStateException("request failed without a cause") : context.failure()));
    }

    /** Starts listening; returns the bound port (useful when the configured port is 0). */
    public int start() throws InterruptedException {
        HttpServerOptions options = new HttpServerOptions()
                .setHost(config.host())
                .setPort(config.port())
                .setDecompressionSupported(false)
                .setHandle100ContinueAutomatically(false);
        try {
            server = vertx.createHttpServer(options)
                    .requestHandler(router)
                    .invalidRequestHandler(this::invalidRequest)
                    .listen()
                    .toCompletionStage().toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot listen on " + config.host() + ":" + config.port() + ": "
                    + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("listening on " + config.host() + ":" + config.port() + " timed out", e);
        }
        return server.actualPort();
    }

    /**
     * Requests the HTTP decoder could not parse (a malformed Content-Length, a header too long)
     * never reach the router; they still get a PROTOCOL error, and the connection is closed
     * because its framing cannot be trusted.
     */
    private void invalidRequest(HttpServerRequest request) {
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

    /**
     * Liveness: 200 while the server answers. Versions that cannot serve (workers that keep dying
     * at start) are listed under {@code problems} so an operator sees them without reading logs.
     */
    private void health(RoutingContext context, ErrorMapper errors, DeploymentRegistry registry) {
        if (context.request().method() != HttpMethod.GET && context.request().method() != HttpMethod.HEAD) {
            errors.respond(context, new MethodNotAllowedException(context.request().method().name(), "/healthz",
                    List.of("GET", "HEAD")));
            return;
        }
        ObjectNode body = json.createObjectNode();
        body.put("status", "ok");
        SortedMap<String, String> problems = registry.problems();
        if (!problems.isEmpty()) {
            ObjectNode listed = body.putObject("problems");
            problems.forEach(listed::put);
        }
        JsonResponses.send(context, 200, body, json);
    }

    /** Stops accepting connections and lets requests in flight finish, up to the grace period. */
    @Override
    public void close() {
        if (server == null) {
            return;
        }
        try {
            server.shutdown(config.shutdownGrace().toSeconds(), TimeUnit.SECONDS)
                    .toCompletionStage().toCompletableFuture()
                    .get(config.shutdownGrace().toSeconds() + 5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            server.close();
        }
    }
}
