package dev.inferd.api.http;

import dev.inferd.metrics.CallLog;
import dev.inferd.registry.Deployment;
import dev.inferd.registry.DeploymentName;
import dev.inferd.registry.DeploymentRegistry;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.Map;

/** {@code /api/deployments} and {@code /api/deployments/{name}}: the deployments, listed, described and deleted. */
public final class DeploymentsResource implements HttpRoutes {
    private final DeploymentRegistry registry;
    private final CallLog callLog;
    private final ResourceRequests requests;

    public DeploymentsResource(DeploymentRegistry registry, CallLog callLog, ResourceRequests requests) {
        this.registry = registry;
        this.callLog = callLog;
        this.requests = requests;
    }

    record DeploymentList(List<DeploymentSummary> deployments) {
    }

    /** {@code aliases} maps each alias to its version number, sorted by alias. */
    record DeploymentSummary(String name, int latestVersion, Map<String, Integer> aliases) {
    }

    record DeploymentDescription(String name, int latestVersion, Map<String, Integer> aliases,
                                 List<VersionDescription> versions) {
    }

    record DeploymentDeleted(String name, boolean deleted) {
    }

    @Override
    public void mount(Router router) {
        router.route("/api/deployments").handler(requests.byMethod(HttpMethod.GET, this::list));
        router.route("/api/deployments/:name").handler(requests.byMethod(
                HttpMethod.GET, this::describe, HttpMethod.DELETE, this::delete));
    }

    /** {@code GET /api/deployments}, sorted by name. */
    private void list(RoutingContext context) {
        requests.answerNow(context, () -> new DeploymentList(registry.list().stream()
                .map(deployment -> new DeploymentSummary(deployment.name().value(), deployment.latest().number(),
                        deployment.aliasMap()))
                .toList()));
    }

    /** {@code GET /api/deployments/{name}} */
    private void describe(RoutingContext context) {
        requests.answerNow(context, () -> {
            Deployment deployment = registry.get(ResourceRequests.existingName(context));
            return new DeploymentDescription(deployment.name().value(), deployment.latest().number(),
                    deployment.aliasMap(), VersionDescription.allOf(deployment));
        });
    }

    /** {@code DELETE /api/deployments/{name}}: the deployment, its versions and aliases, and its recent calls. */
    private void delete(RoutingContext context) {
        requests.answerBlocking(context, 200, () -> {
            DeploymentName name = ResourceRequests.existingName(context);
            registry.delete(name);
            callLog.forget(name.value());
            return new DeploymentDeleted(name.value(), true);
        });
    }
}
