package dev.inferd.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.inferd.error.BadRequestException;
import dev.inferd.registry.AliasName;
import dev.inferd.registry.DeploymentName;
import dev.inferd.registry.DeploymentRegistry;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.io.IOException;
import java.util.Set;

/** {@code /api/deployments/{name}/aliases/{alias}}: PUT creates or moves an alias, DELETE removes it. */
public final class AliasesResource implements HttpRoutes {
    private static final Set<BodyFormat> JSON_BODIES = Set.of(BodyFormat.JSON);

    private final ObjectMapper json;
    private final DeploymentRegistry registry;
    private final ResourceRequests requests;

    public AliasesResource(ObjectMapper json, DeploymentRegistry registry, ResourceRequests requests) {
        this.json = json;
        this.registry = registry;
        this.requests = requests;
    }

    /** The same answer whether the alias was created or moved. */
    record AliasPut(String name, String alias, int version) {
    }

    record AliasDeleted(String name, String alias, boolean deleted) {
    }

    @Override
    public void mount(Router router) {
        router.route("/api/deployments/:name/aliases/:alias").handler(requests.byMethod(
                HttpMethod.PUT, this::put, HttpMethod.DELETE, this::delete));
    }

    /** {@code PUT}: creates the alias, or moves it, in one step. */
    private void put(RoutingContext context) {
        requests.withBody(context, JSON_BODIES, "an alias body", (format, bytes) -> requests.answerBlocking(context, 200, () -> {
            DeploymentName name = ResourceRequests.existingName(context);
            AliasName alias = new AliasName(context.pathParam("alias"));
            int version = requestedVersion(bytes);
            registry.putAlias(name, alias, version);
            return new AliasPut(name.value(), alias.value(), version);
        }));
    }

    /** {@code DELETE}: no body is read. */
    private void delete(RoutingContext context) {
        requests.answerBlocking(context, 200, () -> {
            DeploymentName name = ResourceRequests.existingName(context);
            AliasName alias = new AliasName(context.pathParam("alias"));
            registry.deleteAlias(name, alias);
            return new AliasDeleted(name.value(), alias.value(), true);
        });
    }

    private int requestedVersion(byte[] body) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (IOException | NumberFormatException | ArithmeticException e) {
            throw new BadRequestException("the alias body must be JSON such as {\"version\": 3}");
        }
        JsonNode version = root == null ? null : root.get("version");
        if (version == null || !version.canConvertToExactIntegral() || !version.canConvertToInt() || version.intValue() < 1) {
            throw new BadRequestException("the alias body must be {\"version\": N} with N a version number; got "
                    + (root == null ? "nothing" : root.toString()));
        }
        return version.intValue();
    }
}
