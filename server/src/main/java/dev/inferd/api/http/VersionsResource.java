package dev.inferd.api.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.inferd.bundle.Bundle;
import dev.inferd.bundle.BundleZip;
import dev.inferd.bundle.ManifestParser;
import dev.inferd.config.LimitSettings;
import dev.inferd.error.BadRequestException;
import dev.inferd.error.VersionNotFoundException;
import dev.inferd.registry.DeployResult;
import dev.inferd.registry.Deployment;
import dev.inferd.registry.DeploymentVersion;
import dev.inferd.registry.DeploymentName;
import dev.inferd.registry.DeploymentRegistry;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.Set;

/**
 * {@code /api/deployments/{name}/versions[/{n}[/bundle]]}: a deployment's versions, listed, deployed,
 * described, deleted, and each one's bundle downloaded.
 */
public final class VersionsResource implements HttpRoutes {
    private static final Set<BodyFormat> DEPLOY_BODIES = Set.of(BodyFormat.JSON, BodyFormat.ZIP);

    private final DeploymentRegistry registry;
    private final DeployBodyDecoder deployDecoder;
    private final ResourceRequests requests;

    public VersionsResource(LimitSettings limits, ObjectMapper json, DeploymentRegistry registry,
                            ManifestParser manifestParser, ResourceRequests requests) {
        this.registry = registry;
        this.deployDecoder = new DeployBodyDecoder(json, new BundleZip(limits.maxBundleBytes()), manifestParser,
                limits.maxBundleBytes());
        this.requests = requests;
    }

    record VersionList(String name, List<VersionDescription> versions) {
    }

    /** {@code created} is false when the content was the latest version's, which is then the one named. */
    record Deployed(String name, int version, boolean created) {
    }

    record VersionDeleted(String name, int version, boolean deleted) {
    }

    @Override
    public void mount(Router router) {
        router.route("/api/deployments/:name/versions").handler(requests.byMethod(
                HttpMethod.GET, this::list, HttpMethod.POST, this::deploy));
        router.route("/api/deployments/:name/versions/:number").handler(requests.byMethod(
                HttpMethod.GET, this::describe, HttpMethod.DELETE, this::delete));
        router.route("/api/deployments/:name/versions/:number/bundle").handler(requests.byMethod(
                HttpMethod.GET, this::bundle));
    }

    /** {@code GET /api/deployments/{name}/versions}, oldest first. */
    private void list(RoutingContext context) {
        requests.answerNow(context, () -> {
            Deployment deployment = registry.get(ResourceRequests.existingName(context));
            return new VersionList(deployment.name().value(), VersionDescription.allOf(deployment));
        });
    }

    /** {@code POST /api/deployments/{name}/versions}: the bundle in the body becomes the next version. */
    private void deploy(RoutingContext context) {
        DeploymentName name;
        try {
            name = new DeploymentName(context.pathParam("name"));
        } catch (BadRequestException e) {
            requests.fail(context, e);
            return;
        }
        requests.withBody(context, DEPLOY_BODIES, "a deploy body", (format, bytes) -> requests.blocking(context, () -> {
            Bundle bundle = deployDecoder.decode(format, bytes);
            DeployResult result = registry.deploy(name, bundle);
            return new Deployed(name.value(), result.version().number(), result.created());
        }, deployed -> requests.send(context, deployed.created() ? 201 : 200, deployed)));
    }

    /** {@code GET /api/deployments/{name}/versions/{n}} */
    private void describe(RoutingContext context) {
        // Blocking: a load under way is waited for, briefly, to list what the model takes and gives.
        requests.answerBlocking(context, 200, () -> {
            Deployment deployment = registry.get(ResourceRequests.existingName(context));
            DeploymentVersion version = deployment.version(versionNumber(context));
            VersionDescription description = VersionDescription.of(deployment, version);
            return registry.signatureIfLoaded(version).map(description::with).orElse(description);
        });
    }

    /** {@code DELETE /api/deployments/{name}/versions/{n}} */
    private void delete(RoutingContext context) {
        requests.answerBlocking(context, 200, () -> {
            DeploymentName name = ResourceRequests.existingName(context);
            int number = versionNumber(context);
            registry.deleteVersion(name, number);
            return new VersionDeleted(name.value(), number, true);
        });
    }

    /**
     * {@code GET /api/deployments/{name}/versions/{n}/bundle}: the version's bundle as the zip it is
     * stored as, {@code inferd.yaml} at its root, so that deploying it again gives the same content.
     */
    private void bundle(RoutingContext context) {
        requests.blocking(context, () -> registry.bundle(ResourceRequests.existingName(context), versionNumber(context)),
                zip -> {
                    String fileName = context.pathParam("name") + "-" + context.pathParam("number") + ".zip";
                    context.response()
                            .setStatusCode(200)
                            .putHeader("Content-Type", BodyFormat.ZIP.mediaType())
                            .putHeader("Content-Disposition", "attachment; filename=\"" + fileName + "\"")
                            .end(Buffer.buffer(zip));
                });
    }

    /** A version number in a URL; anything else names no version: 404, like a number the deployment never had. */
    private static int versionNumber(RoutingContext context) {
        String raw = context.pathParam("number");
        try {
            int number = Integer.parseInt(raw);
            if (number >= 1 && raw.equals(Integer.toString(number))) {
                return number;
            }
        } catch (NumberFormatException notANumber) {
            // answered below
        }
        throw new VersionNotFoundException("deployment " + context.pathParam("name") + " has no version '" + raw
                + "'; versions are numbered 1, 2, 3, ...");
    }
}
