package dev.inferd.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inferd.auth.AccessPolicy;
import dev.inferd.auth.ApiKey;
import dev.inferd.auth.ApiKeys;
import dev.inferd.bundle.Bundle;
import dev.inferd.bundle.BundleZip;
import dev.inferd.bundle.ManifestParser;
import dev.inferd.config.ServerConfig;
import dev.inferd.invoke.CallLimits;
import dev.inferd.metrics.CallLog;
import dev.inferd.metrics.CallRecord;
import dev.inferd.error.BadRequestException;
import dev.inferd.error.DeploymentNotFoundException;
import dev.inferd.error.MethodNotAllowedException;
import dev.inferd.error.VersionNotFoundException;
import dev.inferd.registry.AliasName;
import dev.inferd.registry.DeployResult;
import dev.inferd.registry.Deployment;
import dev.inferd.registry.DeploymentName;
import dev.inferd.registry.DeploymentRegistry;
import dev.inferd.registry.DeploymentVersion;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;

/**
 * The management API of PROTOCOL §2 and §4 under {@code /api}: deployments, versions, aliases,
 * API keys and recent calls. Every route first passes the access policy for management. Reads
 * answer from memory on the event loop; deploys and other writes touch the disk and run as
 * blocking work off it.
 */
public final class ManagementApi implements HttpRoutes {
    private static final int DEFAULT_LOG_LIMIT = 100;
    private static final List<String> LOG_QUERY = List.of("limit", "version");
    private static final Set<BodyFormat> DEPLOY_BODIES = Set.of(BodyFormat.JSON, BodyFormat.ZIP);
    private static final Set<BodyFormat> JSON_BODIES = Set.of(BodyFormat.JSON);

    private final DeploymentRegistry registry;
    private final ApiKeys apiKeys;
    private final AccessPolicy access;
    private final BrowserRequestGuard browsers;
    private final CallLog callLog;
    private final DeployBodyDecoder deployDecoder;
    private final RequestBodyReader bodyReader;
    private final ErrorMapper errors;
    private final ObjectMapper json;

    public ManagementApi(ServerConfig config, ObjectMapper json, DeploymentRegistry registry, ApiKeys apiKeys,
                         AccessPolicy access, CallLog callLog, ManifestParser manifestParser, CallLimits limits) {
        this.registry = registry;
        this.apiKeys = apiKeys;
        this.access = access;
        this.browsers = new BrowserRequestGuard(config.allowedHosts(), apiKeys::adminKeyExists);
        this.callLog = callLog;
        this.deployDecoder = new DeployBodyDecoder(json, new BundleZip(config.maxBundleBytes()), manifestParser,
                config.maxBundleBytes());
        this.bodyReader = new RequestBodyReader(config.maxBodyBytes(), limits, config.bodyIdleTimeout());
        this.errors = new ErrorMapper(json, config);
        this.json = json;
    }

    @Override
    public void mount(Router router) {
        router.route("/api/*").handler(this::authorize);
        router.route("/api/deployments").handler(this::deployments);
        router.route("/api/deployments/:name").handler(this::deployment);
        router.route("/api/deployments/:name/versions").handler(this::versions);
        router.route("/api/deployments/:name/versions/:number").handler(this::version);
        router.route("/api/deployments/:name/versions/:number/bundle").handler(this::bundle);
        router.route("/api/deployments/:name/aliases/:alias").handler(this::alias);
        router.route("/api/deployments/:name/logs").handler(this::logs);
        router.route("/api/keys").handler(this::keys);
        router.route("/api/keys/:name").handler(this::key);
    }

    /**
     * Web pages of other sites first, so that none learns even whether it would need a key; then the
     * key, or the caller's machine; then, where this machine needs no key, the name it was addressed by.
     */
    private void authorize(RoutingContext context) {
        try {
            browsers.checkOrigin(context.request());
            access.checkManagement(Optional.ofNullable(context.request().getHeader(HttpHeaders.AUTHORIZATION)),
                    fromThisMachine(context.request()));
            browsers.checkHost(context.request());
        } catch (RuntimeException e) {
            errors.respond(context, e);
            return;
        }
        context.next();
    }

    /**
     * Loopback, and no proxy header: a reverse proxy on the same machine connects over loopback
     * for callers anywhere, and must not make them look local.
     */
    private static boolean fromThisMachine(HttpServerRequest request) {
        if (request.remoteAddress() == null || request.headers().contains("Forwarded")
                || request.headers().contains("X-Forwarded-For") || request.headers().contains("X-Real-IP")) {
            return false;
        }
        try {
            return InetAddress.getByName(request.remoteAddress().hostAddress()).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** {@code /api/deployments} */
    private void deployments(RoutingContext context) {
        if (!allow(context, HttpMethod.GET)) {
            return;
        }
        ArrayNode list = json.createArrayNode();
        for (Deployment deployment : registry.list()) {
            ObjectNode entry = list.addObject();
            entry.put("name", deployment.name().value());
            entry.put("latestVersion", deployment.latest().number());
            entry.set("aliases", aliases(deployment));
        }
        ObjectNode body = json.createObjectNode();
        body.set("deployments", list);
        JsonResponses.send(context, 200, body, json);
    }

    /** {@code /api/deployments/{name}}: GET describes, DELETE removes. */
    private void deployment(RoutingContext context) {
        if (!allow(context, HttpMethod.GET, HttpMethod.DELETE)) {
            return;
        }
        if (context.request().method() == HttpMethod.GET) {
            respondNow(context, () -> describe(registry.get(existingName(context))));
        } else {
            respondBlocking(context, 200, () -> {
                DeploymentName name = existingName(context);
                registry.delete(name);
                callLog.forget(name.value());
                ObjectNode body = json.createObjectNode();
                body.put("name", name.value());
                body.put("deleted", true);
                return body;
            });
        }
    }

    /** {@code /api/deployments/{name}/versions}: GET lists the versions, POST deploys a bundle as the next one. */
    private void versions(RoutingContext context) {
        if (!allow(context, HttpMethod.GET, HttpMethod.POST)) {
            return;
        }
        if (context.request().method() == HttpMethod.GET) {
            respondNow(context, () -> {
                Deployment deployment = registry.get(existingName(context));
                ObjectNode body = json.createObjectNode();
                body.put("name", deployment.name().value());
                body.set("versions", versionList(deployment));
                return body;
            });
            return;
        }
        DeploymentName name;
        try {
            name = new DeploymentName(context.pathParam("name"));
        } catch (BadRequestException e) {
            errors.respond(context, e);
            return;
        }
        withBody(context, DEPLOY_BODIES, "a deploy body", (format, bytes) -> {
            context.vertx().<DeployResult>executeBlocking(() -> {
                Bundle bundle = deployDecoder.decode(format, bytes);
                return registry.deploy(name, bundle);
            }, false).onComplete(deployed -> {
                if (deployed.failed()) {
                    errors.respond(context, deployed.cause());
                    return;
                }
                DeployResult result = deployed.result();
                ObjectNode answer = json.createObjectNode();
                answer.put("name", name.value());
                answer.put("version", result.version().number());
                answer.put("created", result.created());
                JsonResponses.send(context, result.created() ? 201 : 200, answer, json);
            });
        });
    }

    /** {@code /api/deployments/{name}/versions/{n}}: GET describes one version, DELETE removes it. */
    private void version(RoutingContext context) {
        if (!allow(context, HttpMethod.GET, HttpMethod.DELETE)) {
            return;
        }
        if (context.request().method() == HttpMethod.GET) {
            respondNow(context, () -> {
                Deployment deployment = registry.get(existingName(context));
                return versionEntry(deployment, deployment.version(versionNumber(context)));
            });
            return;
        }
        respondBlocking(context, 200, () -> {
            DeploymentName name = existingName(context);
            int number = versionNumber(context);
            registry.deleteVersion(name, number);
            ObjectNode body = json.createObjectNode();
            body.put("name", name.value());
            body.put("version", number);
            body.put("deleted", true);
            return body;
        });
    }

    /**
     * {@code GET /api/deployments/{name}/versions/{n}/bundle}: the version's bundle as the zip it is
     * stored as, {@code inferd.yaml} at its root, so that deploying it again gives the same content.
     */
    private void bundle(RoutingContext context) {
        if (!allow(context, HttpMethod.GET)) {
            return;
        }
        context.vertx().executeBlocking(() -> {
            DeploymentName name = existingName(context);
            return registry.bundle(name, versionNumber(context));
        }, false).onComplete(read -> {
            if (read.failed()) {
                errors.respond(context, read.cause());
                return;
            }
            String fileName = context.pathParam("name") + "-" + context.pathParam("number") + ".zip";
            context.response()
                    .setStatusCode(200)
                    .putHeader("Content-Type", BodyFormat.ZIP.mediaType())
                    .putHeader("Content-Disposition", "attachment; filename=\"" + fileName + "\"")
                    .end(Buffer.buffer(read.result()));
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

    /** {@code /api/deployments/{name}/aliases/{alias}}: PUT creates or moves, DELETE removes. */
    private void alias(RoutingContext context) {
        if (!allow(context, HttpMethod.PUT, HttpMethod.DELETE)) {
            return;
        }
        if (context.request().method() == HttpMethod.DELETE) {
            respondBlocking(context, 200, () -> {
                DeploymentName name = existingName(context);
                AliasName alias = new AliasName(context.pathParam("alias"));
                registry.deleteAlias(name, alias);
                ObjectNode body = json.createObjectNode();
                body.put("name", name.value());
                body.put("alias", alias.value());
                body.put("deleted", true);
                return body;
            });
            return;
        }
        withBody(context, JSON_BODIES, "an alias body", (format, bytes) -> {
            respondBlocking(context, 200, () -> {
                DeploymentName name = existingName(context);
                AliasName alias = new AliasName(context.pathParam("alias"));
                int version = requestedVersion(bytes);
                registry.putAlias(name, alias, version);
                ObjectNode answer = json.createObjectNode();
                answer.put("name", name.value());
                answer.put("alias", alias.value());
                answer.put("version", version);
                return answer;
            });
        });
    }

    /** {@code GET /api/deployments/{name}/logs?limit=N&version=N}: the latest calls, newest first. */
    private void logs(RoutingContext context) {
        if (!allow(context, HttpMethod.GET)) {
            return;
        }
        respondNow(context, () -> {
            DeploymentName name = existingName(context);
            registry.get(name);
            checkQuery(context, LOG_QUERY);
            int limit = logLimit(context.queryParam("limit"));
            OptionalInt version = logVersion(context.queryParam("version"));
            ArrayNode calls = json.createArrayNode();
            for (CallRecord call : callLog.latest(name.value(), limit, version)) {
                ObjectNode entry = calls.addObject();
                entry.put("time", call.time().toString());
                entry.put("version", call.version());
                entry.put("ref", call.ref());
                entry.put("items", call.items());
                entry.put("durationMs", call.durationMicros() / 1000.0);
                entry.put("status", call.status());
                if (call.error() != null) {
                    entry.put("error", call.error());
                }
                entry.put("input", call.input().text());
                entry.put("output", call.output().text());
            }
            ObjectNode body = json.createObjectNode();
            body.put("name", name.value());
            body.set("calls", calls);
            return body;
        });
    }

    /**
     * Refuses a query with parameters other than {@code known}, or with one of them twice, as call
     * bodies refuse unknown fields: a misspelt {@code limt=5} would otherwise be silently ignored.
     */
    private static void checkQuery(RoutingContext context, List<String> known) {
        Set<String> unknown = new TreeSet<>(context.queryParams().names());
        unknown.removeAll(known);
        if (!unknown.isEmpty()) {
            throw new BadRequestException("unknown query parameter" + (unknown.size() == 1 ? " " : "s ")
                    + String.join(", ", unknown) + "; use " + String.join(" and ", known));
        }
        for (String name : known) {
            if (context.queryParam(name).size() > 1) {
                throw new BadRequestException("give " + name + " once; got " + String.join(", ", context.queryParam(name)));
            }
        }
    }

    /** Only the calls answered by that version; a version the deployment no longer has may still have calls. */
    private static OptionalInt logVersion(List<String> values) {
        if (values.isEmpty()) {
            return OptionalInt.empty();
        }
        try {
            int version = Integer.parseInt(values.get(0));
            if (version >= 1) {
                return OptionalInt.of(version);
            }
        } catch (NumberFormatException notANumber) {
            // answered below
        }
        throw new BadRequestException("version must be a version number (1, 2, 3, ...); got '" + values.get(0) + "'");
    }

    private static int logLimit(List<String> values) {
        if (values.isEmpty()) {
            return DEFAULT_LOG_LIMIT;
        }
        try {
            int limit = Integer.parseInt(values.get(0));
            if (limit < 1 || limit > CallLog.KEPT_PER_DEPLOYMENT) {
                throw new NumberFormatException();
            }
            return limit;
        } catch (NumberFormatException e) {
            throw new BadRequestException("limit must be a whole number from 1 to " + CallLog.KEPT_PER_DEPLOYMENT
                    + "; got '" + values.get(0) + "'");
        }
    }

    /** {@code /api/keys}: GET lists keys (never secrets or hashes), POST creates one and shows its secret once. */
    private void keys(RoutingContext context) {
        if (!allow(context, HttpMethod.GET, HttpMethod.POST)) {
            return;
        }
        if (context.request().method() == HttpMethod.GET) {
            respondBlocking(context, 200, () -> {
                ArrayNode list = json.createArrayNode();
                for (ApiKey key : apiKeys.list()) {
                    ObjectNode entry = list.addObject();
                    entry.put("name", key.name());
                    if (key.deployments().isPresent()) {
                        ArrayNode names = entry.putArray("deployments");
                        key.deployments().get().forEach(names::add);
                    } else {
                        entry.putNull("deployments");
                    }
                    entry.put("admin", key.admin());
                    entry.put("createdAt", key.createdAt().toString());
                }
                ObjectNode body = json.createObjectNode();
                body.set("keys", list);
                return body;
            });
            return;
        }
        withBody(context, JSON_BODIES, "a key body", (format, bytes) -> {
            respondBlocking(context, 201, () -> {
                NewKey request = newKey(bytes);
                ApiKeys.CreatedKey created = apiKeys.create(request.name(), request.deployments(), request.admin());
                ObjectNode answer = json.createObjectNode();
                answer.put("name", created.name());
                answer.put("key", created.key());
                return answer;
            });
        });
    }

    /** {@code DELETE /api/keys/{name}} */
    private void key(RoutingContext context) {
        if (!allow(context, HttpMethod.DELETE)) {
            return;
        }
        respondBlocking(context, 200, () -> {
            String name = context.pathParam("name");
            apiKeys.delete(name);
            ObjectNode body = json.createObjectNode();
            body.put("name", name);
            body.put("deleted", true);
            return body;
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

    /** A name in a URL that cannot be valid names no deployment: 404, like any unknown name. */
    private static DeploymentName existingName(RoutingContext context) {
        String raw = context.pathParam("name");
        if (!DeploymentName.isValid(raw)) {
            throw new DeploymentNotFoundException("no deployment named '" + raw + "'");
        }
        return new DeploymentName(raw);
    }

    private ObjectNode describe(Deployment deployment) {
        ObjectNode body = json.createObjectNode();
        body.put("name", deployment.name().value());
        body.put("latestVersion", deployment.latest().number());
        body.set("aliases", aliases(deployment));
        body.set("versions", versionList(deployment));
        return body;
    }

    /** The deployment's versions, oldest first. */
    private ArrayNode versionList(Deployment deployment) {
        ArrayNode versions = json.createArrayNode();
        for (DeploymentVersion version : deployment.versionList()) {
            versions.add(versionEntry(deployment, version));
        }
        return versions;
    }

    private ObjectNode versionEntry(Deployment deployment, DeploymentVersion version) {
        ObjectNode entry = json.createObjectNode();
        entry.put("number", version.number());
        entry.put("runtime", version.runtime());
        entry.put("main", version.main());
        entry.put("createdAt", version.createdAt().toString());
        entry.put("contentHash", version.contentHash());
        ArrayNode aliases = entry.putArray("aliases");
        deployment.aliasesOf(version.number()).forEach(aliases::add);
        entry.put("latest", version.number() == deployment.latest().number());
        return entry;
    }

    private ObjectNode aliases(Deployment deployment) {
        ObjectNode aliases = json.createObjectNode();
        for (Map.Entry<String, Integer> alias : deployment.aliasMap().entrySet()) {
            aliases.put(alias.getKey(), alias.getValue());
        }
        return aliases;
    }

    /**
     * Checks the body's type, then reads the body, counted against the in-flight byte budget until the
     * answer has gone out, and hands it on; a body of another type, or one that cannot be read, is
     * answered with its error.
     *
     * @param what the body, as an error message names it
     */
    private void withBody(RoutingContext context, Set<BodyFormat> accepted, String what, BiConsumer<BodyFormat, byte[]> handle) {
        BodyFormat format;
        try {
            format = BodyFormat.of(context.request().getHeader("Content-Type"), accepted, what);
        } catch (RuntimeException e) {
            errors.respond(context, e);
            return;
        }
        bodyReader.read(context.request()).onComplete(body -> {
            if (body.failed()) {
                errors.respond(context, body.cause());
                return;
            }
            context.addEndHandler(answered -> body.result().permit().close());
            handle.accept(format, body.result().bytes());
        });
    }

    private boolean allow(RoutingContext context, HttpMethod... methods) {
        HttpMethod method = context.request().method();
        for (HttpMethod allowed : methods) {
            if (allowed.equals(method)) {
                return true;
            }
        }
        errors.respond(context, new MethodNotAllowedException(method.name(), context.request().path(),
                Arrays.stream(methods).map(HttpMethod::name).toList()));
        return false;
    }

    private void respondNow(RoutingContext context, Callable<ObjectNode> work) {
        try {
            JsonResponses.send(context, 200, work.call(), json);
        } catch (Exception e) {
            errors.respond(context, e);
        }
    }

    private void respondBlocking(RoutingContext context, int status, Callable<ObjectNode> work) {
        context.vertx().executeBlocking(work, false).onComplete(done -> {
            if (done.failed()) {
                errors.respond(context, done.cause());
            } else {
                JsonResponses.send(context, status, done.result(), json);
            }
        });
    }
}
