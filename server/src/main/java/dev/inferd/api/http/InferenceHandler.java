package dev.inferd.api.http;

import dev.inferd.error.DeploymentNotFoundException;
import dev.inferd.error.MethodNotAllowedException;
import dev.inferd.error.OverloadedException;
import dev.inferd.invoke.InferenceRequest;
import dev.inferd.invoke.InvocationService;
import dev.inferd.registry.DeploymentName;
import dev.inferd.registry.DeploymentRegistry;
import dev.inferd.registry.DeploymentVersion;
import dev.inferd.registry.VersionRef;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * {@code POST /v1/{deployment}[/{ref}]}. The version is resolved before the body is read, so an
 * unknown deployment costs the client no upload. Small bodies are decoded on the event loop; large
 * ones on the invocation executor, so a 64 MiB batch never stalls other connections.
 */
final class InferenceHandler {
    /** Decoding this much JSON takes well under a millisecond; more is moved off the event loop. */
    private static final int INLINE_DECODE_LIMIT = 64 * 1024;

    private final DeploymentRegistry registry;
    private final InvocationService invocation;
    private final InferenceRequestDecoder decoder;
    private final InferenceResponseEncoder encoder;
    private final RequestBodyReader bodyReader;
    private final ErrorMapper errors;
    private final Executor decodeExecutor;

    InferenceHandler(DeploymentRegistry registry, InvocationService invocation, InferenceRequestDecoder decoder,
                     InferenceResponseEncoder encoder, RequestBodyReader bodyReader, ErrorMapper errors,
                     Executor decodeExecutor) {
        this.registry = registry;
        this.invocation = invocation;
        this.decoder = decoder;
        this.encoder = encoder;
        this.bodyReader = bodyReader;
        this.errors = errors;
        this.decodeExecutor = decodeExecutor;
    }

    void handle(RoutingContext context) {
        if (context.request().method() != HttpMethod.POST) {
            errors.respond(context, new MethodNotAllowedException(context.request().method().name(),
                    context.request().path(), List.of("POST")));
            return;
        }
        DeploymentVersion version;
        try {
            version = resolve(context.pathParam("deployment"), context.pathParam("ref"));
        } catch (RuntimeException e) {
            errors.respond(context, e);
            return;
        }
        bodyReader.read(context.request()).onComplete(body -> {
            if (body.failed()) {
                errors.respond(context, body.cause());
            } else {
                answer(context, version, body.result());
            }
        });
    }

    private DeploymentVersion resolve(String deployment, String ref) {
        if (!DeploymentName.isValid(deployment)) {
            throw new DeploymentNotFoundException("no deployment named '" + deployment + "'");
        }
        VersionRef versionRef = ref == null ? new VersionRef.Latest() : VersionRef.parse(ref);
        return registry.resolve(new DeploymentName(deployment), versionRef);
    }

    private void answer(RoutingContext context, DeploymentVersion version, Buffer body) {
        Context eventLoop = context.vertx().getOrCreateContext();
        CompletableFuture<byte[]> answer;
        if (body.length() <= INLINE_DECODE_LIMIT) {
            answer = run(version, body);
        } else {
            try {
                answer = CompletableFuture.supplyAsync(() -> body, decodeExecutor).thenCompose(bytes -> run(version, bytes));
            } catch (RejectedExecutionException e) {
                answer = CompletableFuture.failedFuture(new OverloadedException("the server is busy; retry shortly", 1));
            }
        }
        answer.whenComplete((bytes, failure) -> eventLoop.runOnContext(done -> {
            if (failure != null) {
                errors.respond(context, failure);
            } else {
                JsonResponses.send(context, 200, bytes);
            }
        }));
    }

    private CompletableFuture<byte[]> run(DeploymentVersion version, Buffer body) {
        try {
            InferenceRequest request = decoder.decode(body.getBytes());
            return registry.loadedModel(version)
                    .thenCompose(model -> invocation.invoke(model, request))
                    .thenApply(encoder::encode);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
