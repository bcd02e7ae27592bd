package dev.inferd.api.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inferd.config.LimitSettings;
import dev.inferd.error.MethodNotAllowedException;
import dev.inferd.registry.DeploymentRegistry;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * What operators and orchestrators poll: {@code /healthz} (the process answers), {@code /readyz}
 * (the store answers and the examples asked for are deployed) and {@code /metrics} (Prometheus
 * text). None needs a key: they reveal deployment names and counts, never data; docs/security.md
 * says how to fence them off at a proxy.
 */
public final class OperationsApi implements HttpRoutes {
    private static final Logger log = LoggerFactory.getLogger(OperationsApi.class);
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final ObjectMapper json;
    private final DeploymentRegistry registry;
    private final Supplier<SortedMap<String, String>> notReadyBecause;
    private final Supplier<String> metricsText;
    private final ErrorMapper errors;

    /**
     * @param notReadyBecause why the server is not ready (the store fails, an example asked for is not
     *                        deployed), by what is not; empty when it is. It may run a query.
     * @param metricsText     the metrics in Prometheus text format
     */
    public OperationsApi(LimitSettings limits, ObjectMapper json, DeploymentRegistry registry,
                         Supplier<SortedMap<String, String>> notReadyBecause, Supplier<String> metricsText) {
        this.json = json;
        this.registry = registry;
        this.notReadyBecause = notReadyBecause;
        this.metricsText = metricsText;
        this.errors = new ErrorMapper(json, limits);
    }

    @Override
    public void mount(Router router) {
        router.route("/healthz").handler(this::health);
        router.route("/readyz").handler(this::readiness);
        router.route("/metrics").handler(this::metrics);
    }

    /**
     * Liveness: 200 while the server answers. Versions that cannot serve (workers that keep dying
     * at start) are listed under {@code problems} so an operator sees them without reading logs.
     */
    private void health(RoutingContext context) {
        if (!isRead(context)) {
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

    private void readiness(RoutingContext context) {
        if (!isRead(context)) {
            return;
        }
        // The store check is a query; it runs off the event loop.
        context.vertx().executeBlocking(notReadyBecause::get, false).onComplete(checked -> {
            SortedMap<String, String> reasons = checked.succeeded() ? checked.result() : failedCheck(checked.cause());
            ObjectNode body = json.createObjectNode();
            body.put("status", reasons.isEmpty() ? "ready" : "not ready");
            if (!reasons.isEmpty()) {
                ObjectNode listed = body.putObject("problems");
                reasons.forEach(listed::put);
            }
            JsonResponses.send(context, reasons.isEmpty() ? 200 : 503, body, json);
        });
    }

    private static SortedMap<String, String> failedCheck(Throwable cause) {
        log.warn("the readiness check failed", cause);
        return new TreeMap<>(Map.of("readiness", "the readiness check itself failed; the server log has the reason"));
    }

    private void metrics(RoutingContext context) {
        if (!isRead(context)) {
            return;
        }
        context.response()
                .putHeader("Content-Type", PROMETHEUS_TEXT)
                .end(Buffer.buffer(metricsText.get()));
    }

    private boolean isRead(RoutingContext context) {
        HttpMethod method = context.request().method();
        if (method == HttpMethod.GET || method == HttpMethod.HEAD) {
            return true;
        }
        errors.respond(context, new MethodNotAllowedException(method.name(), context.request().path(), List.of("GET", "HEAD")));
        return false;
    }
}
