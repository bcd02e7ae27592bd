package dev.inferd.api.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.inferd.bundle.AtomicDirectory;
import dev.inferd.bundle.BundleUpload;
import dev.inferd.config.LimitSettings;
import dev.inferd.error.BadRequestException;
import dev.inferd.error.VersionNotFoundException;
import dev.inferd.registry.DeployResult;
import dev.inferd.registry.Deployment;
import dev.inferd.registry.DeploymentVersion;
import dev.inferd.registry.DeploymentName;
import dev.inferd.registry.DeploymentRegistry;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * {@code /api/deployments/{name}/versions[/{n}[/bundle]]}: a deployment's versions, listed, deployed,
 * described, deleted, and each one's bundle downloaded.
 */
public final class VersionsResource implements HttpRoutes {
    private static final Set<BodyFormat> DEPLOY_BODIES = Set.of(BodyFormat.JSON, BodyFormat.ZIP);

    private final DeploymentRegistry registry;
    private final DeployBodyDecoder deployDecoder;
    private final ResourceRequests requests;
    private final Path uploadDirectory;
    private final long maxZipBodyBytes;
    private final AtomicLong uploads = new AtomicLong();

    /**
     * @param uploadDirectory where zipped deploy bodies are written as they arrive; what a stopped
     *                        server left in it is deleted here
     */
    public VersionsResource(LimitSettings limits, ObjectMapper json, DeploymentRegistry registry, Path uploadDirectory,
                            ResourceRequests requests) {
        this.registry = registry;
        this.deployDecoder = new DeployBodyDecoder(json);
        this.requests = requests;
        this.uploadDirectory = uploadDirectory;
        // A zip holds about what it unpacks to, or less; on disk, it need not fit the limit of bodies held in memory.
        this.maxZipBodyBytes = Math.max(limits.maxBodyBytes(), limits.maxBundleBytes());
        try {
            AtomicDirectory.deleteRecursively(uploadDirectory);
            Files.createDirectories(uploadDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the upload directory " + uploadDirectory, e);
        }
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
        Consumer<Deployed> answer = deployed -> requests.send(context, deployed.created() ? 201 : 200, deployed);
        if (!isZip(context)) {
            requests.withBody(context, DEPLOY_BODIES, "a deploy body", (format, bytes) -> requests.blocking(context,
                    () -> deploy(name, deployDecoder.decode(bytes)), answer));
            return;
        }
        Path file = uploadDirectory.resolve("deploy-" + uploads.incrementAndGet() + ".zip");
        requests.withBodyInFile(context, file, maxZipBodyBytes, zip -> requests.blocking(context, () -> {
            try {
                if (Files.size(zip) == 0) {
                    throw new BadRequestException(DeployBodyDecoder.EMPTY_BODY);
                }
                return deploy(name, new BundleUpload.Zipped(zip));
            } finally {
                Files.deleteIfExists(zip);
            }
        }, answer));
    }

    private Deployed deploy(DeploymentName name, BundleUpload upload) {
        DeployResult result = registry.deploy(name, upload);
        return new Deployed(name.value(), result.version().number(), result.created());
    }

    /** A body whose Content-Type says zip; any other is read into memory, which answers one that is not JSON either. */
    private static boolean isZip(RoutingContext context) {
        try {
            return BodyFormat.of(context.request().getHeader("Content-Type"), DEPLOY_BODIES, "a deploy body") == BodyFormat.ZIP;
        } catch (RuntimeException refusedLater) {
            return false;
        }
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
                    // Sent from the file as the connection takes it, never read whole.
                    context.response()
                            .setStatusCode(200)
                            .putHeader("Content-Type", BodyFormat.ZIP.mediaType())
                            .putHeader("Content-Disposition", "attachment; filename=\"" + fileName + "\"")
                            .sendFile(zip.toString())
                            .onFailure(failure -> {
                                if (!context.response().headWritten()) {
                                    requests.fail(context, failure);
                                } else {
                                    context.response().reset();
                                }
                            });
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
