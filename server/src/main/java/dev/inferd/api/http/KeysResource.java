package dev.inferd.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.inferd.auth.ApiKey;
import dev.inferd.auth.ApiKeys;
import dev.inferd.error.BadRequestException;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code /api/keys} and {@code /api/keys/{name}}: API keys listed (never their secrets or hashes),
 * created (showing the secret once) and deleted.
 */
public final class KeysResource implements HttpRoutes {
    private static final Set<BodyFormat> JSON_BODIES = Set.of(BodyFormat.JSON);

    private final ObjectMapper json;
    private final ApiKeys apiKeys;
    private final ResourceRequests requests;

    public KeysResource(ObjectMapper json, ApiKeys apiKeys, ResourceRequests requests) {
        this.json = json;
        this.apiKeys = apiKeys;
        this.requests = requests;
    }

    record KeyList(List<KeyDescription> keys) {
    }

    /** {@code deployments} is null for a key that may call every deployment. */
    record KeyDescription(String name, Set<String> deployments, boolean admin, String createdAt) {

        static KeyDescription of(ApiKey key) {
            return new KeyDescription(key.name(), key.deployments().orElse(null), key.admin(), key.createdAt().toString());
        }
    }

    record KeyCreated(String name, String key) {
    }

    record KeyDeleted(String name, boolean deleted) {
    }

    @Override
    public void mount(Router router) {
        router.route("/api/keys").handler(requests.byMethod(HttpMethod.GET, this::list, HttpMethod.POST, this::create));
        router.route("/api/keys/:name").handler(requests.byMethod(HttpMethod.DELETE, this::delete));
    }

    /** {@code GET /api/keys} */
    private void list(RoutingContext context) {
        requests.answerBlocking(context, 200, () -> new KeyList(apiKeys.list().stream().map(KeyDescription::of).toList()));
    }

    /** {@code POST /api/keys}: the only answer that shows the key's secret. */
    private void create(RoutingContext context) {
        requests.withBody(context, JSON_BODIES, "a key body", (format, bytes) -> requests.answerBlocking(context, 201, () -> {
            NewKey request = newKey(bytes);
            ApiKeys.CreatedKey created = apiKeys.create(request.name(), request.deployments(), request.admin());
            return new KeyCreated(created.name(), created.key());
        }));
    }

    /** {@code DELETE /api/keys/{name}} */
    private void delete(RoutingContext context) {
        requests.answerBlocking(context, 200, () -> {
            String name = context.pathParam("name");
            apiKeys.delete(name);
            return new KeyDeleted(name, true);
        });
    }

    private record NewKey(String name, Optional<Set<String>> deployments, boolean admin) {
    }

    private NewKey newKey(byte[] body) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (IOException | NumberFormatException | ArithmeticException e) {
            throw new BadRequestException("a key body is JSON such as {\"name\": \"ci\", \"deployments\": [\"a\"], \"admin\": false}");
        }
        if (root == null || !root.isObject() || !root.path("name").isTextual()) {
            throw new BadRequestException("a key body needs a name: {\"name\": \"ci\", \"deployments\": [\"a\"], \"admin\": false}");
        }
        root.fieldNames().forEachRemaining(field -> {
            if (!Set.of("name", "deployments", "admin").contains(field)) {
                throw new BadRequestException("unknown key field '" + field + "'; use name, deployments and admin");
            }
        });
        JsonNode admin = root.path("admin");
        if (!admin.isMissingNode() && !admin.isBoolean()) {
            throw new BadRequestException("admin must be true or false");
        }
        JsonNode deployments = root.path("deployments");
        Optional<Set<String>> scope = Optional.empty();
        if (!deployments.isMissingNode() && !deployments.isNull()) {
            if (!deployments.isArray()) {
                throw new BadRequestException("deployments must be a list of deployment names");
            }
            Set<String> names = new TreeSet<>();
            for (JsonNode name : deployments) {
                if (!name.isTextual()) {
                    throw new BadRequestException("deployments must be a list of deployment names");
                }
                names.add(name.textValue());
            }
            scope = Optional.of(names);
        }
        return new NewKey(root.get("name").textValue(), scope, admin.asBoolean(false));
    }
}
