package dev.inferd.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inferd.bundle.Bundle;
import dev.inferd.error.BadRequestException;
import dev.inferd.error.DeploymentNotFoundException;
import dev.inferd.error.MethodNotAllowedException;
import dev.inferd.registry.AliasName;
import dev.inferd.registry.DeployResult;
import dev.inferd.registry.Deployment;
import dev.inferd.registry.DeploymentName;
import dev.inferd.registry.DeploymentRegistry;
import dev.inferd.registry.DeploymentVersion;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The management API of PROTOCOL §4 under {@code /api}. Reads answer from the registry's memory on
 * the event loop; deploys and other writes touch the disk and run as blocking work off it.
 */
final class ManagementHandler {
    private final DeploymentRegistry registry;
    private final DeployBodyDecoder deployDecoder;
    private final RequestBodyReader bodyReader;
    private final ErrorMapper errors;
    private final ObjectMapper json;

    ManagementHandler(DeploymentRegistry registry, DeployBodyDecoder deployDecoder, RequestBodyReader bodyReader,
                      ErrorMapper errors, ObjectMapper json) {
        this.registry = registry;
        this.deployDecoder = deployDecoder;
        this.bodyReader = bodyReader;
        this.errors = errors;
        this.json = json;
    }

    /** {@code /api/deployments} */
    void deployments(RoutingContext context) {
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
    void deployment(RoutingContext context) {
        if (!allow(context, HttpMethod.GET, HttpMethod.DELETE)) {
            return;
        }
        if (context.request().method() == HttpMethod.GET) {
            respondNow(context, () -> describe(registry.get(existingName(context))));
        } else {
            respondBlocking(context, 200, () -> {
                DeploymentName name = existingName(context);
                registry.delete(name);
                ObjectNode body = json.createObjectNode();
                body.put("name", name.value());
                body.put("deleted", true);
                return body;
            });
        }
    }

    /** {@code POST /api/deployments/{name}/versions}: deploy a bundle. */
    void versions(RoutingContext context) {
        if (!allow(context, HttpMethod.POST)) {
            return;
        }
        DeploymentName name;
        try {
            name = new DeploymentName(context.pathParam("name"));
        } catch (BadRequestException e) {
            errors.respond(context, e);
            return;
        }
        String contentType = context.request().getHeader("Content-Type");
        bodyReader.read(context.request()).onComplete(body -> {
            if (body.failed()) {
                errors.respond(context, body.cause());
                return;
            }
            byte[] bytes = body.result().getBytes();
            context.vertx().<DeployResult>executeBlocking(() -> {
                Bundle bundle = deployDecoder.decode(contentType, bytes);
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

    /** {@code /api/deployments/{name}/aliases/{alias}}: PUT creates or moves, DELETE removes. */
    void alias(RoutingContext context) {
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
        bodyReader.read(context.request()).onComplete(body -> {
            if (body.failed()) {
                errors.respond(context, body.cause());
                return;
            }
            byte[] bytes = body.result().getBytes();
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

    private int requestedVersion(byte[] body) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (IOException e) {
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
        ArrayNode versions = body.putArray("versions");
        for (DeploymentVersion version : deployment.versionList()) {
            ObjectNode entry = versions.addObject();
            entry.put("number", version.number());
            entry.put("runtime", version.runtime());
            entry.put("main", version.main());
            entry.put("createdAt", version.createdAt().toString());
            entry.put("contentHash", version.contentHash());
        }
        return body;
    }

    private ObjectNode aliases(Deployment deployment) {
        ObjectNode aliases = json.createObjectNode();
        for (Map.Entry<String, Integer> alias : deployment.aliasMap().entrySet()) {
            aliases.put(alias.getKey(), alias.getValue());
        }
        return aliases;
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
