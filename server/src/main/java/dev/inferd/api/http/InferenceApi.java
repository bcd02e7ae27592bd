package dev.inferd.api.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.inferd.auth.AccessPolicy;
import dev.inferd.config.ServerConfig;
import dev.inferd.error.DeploymentNotFoundException;
import dev.inferd.error.InferdException;
import dev.inferd.error.MessageLines;
import dev.inferd.error.MethodNotAllowedException;
import dev.inferd.error.OverloadedException;
import dev.inferd.invoke.AdmissionControl;
import dev.inferd.invoke.CallLimits;
import dev.inferd.invoke.CallPlan;
import dev.inferd.invoke.InferenceRequest;
import dev.inferd.invoke.InvocationService;
import dev.inferd.metrics.CallRecorder;
import dev.inferd.registry.DeploymentName;
import dev.inferd.registry.DeploymentRegistry;
import dev.inferd.registry.DeploymentVersion;
import dev.inferd.registry.VersionRef;
import dev.inferd.runtime.LoadedModel;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;



/**
 * {@code POST /v1/{deployment}[/{ref}]}. In order: method, API key, version (so an unknown
 * deployment or a refused caller costs the client no upload), body, decoding, in-flight and rate
 * limits, invocation. Small bodies are decoded on the event loop; large ones on the invocation
 * executor, so a 64 MiB batch never stalls other connections. Every call, answered or refused, is
 * recorded in the metrics and the request log.
 */
public final class InferenceApi implements HttpRoutes {
    /** Decoding this much JSON takes well under a millisecond; more is moved off the event loop. */
    private static final int INLINE_DECODE_LIMIT = 64 * 1024;

    private final DeploymentRegistry registry;
    private final InvocationService invocation;
    private final CallLimits limits;
    private final AccessPolicy access;
    private final CallRecorder recorder;
    private final Executor decodeExecutor;
    private final InferenceRequestDecoder decoder;
    private final InferenceResponseEncoder encoder;
    private final RequestBodyReader bodyReader;
    private final ErrorMapper errors;

    public InferenceApi(ServerConfig config, ObjectMapper json, DeploymentRegistry registry, InvocationService invocation,
                        CallLimits limits, AdmissionControl admission, AccessPolicy access, CallRecorder recorder,
                        Executor decodeExecutor) {
        this.registry = registry;
        this.invocation = invocation;
        this.limits = limits;
        this.access = access;
        this.recorder = recorder;
        this.decodeExecutor = decodeExecutor;
        this.decoder = new InferenceRequestDecoder(json, config.defaultTimeout(), config.maxTimeout());
        this.encoder = new InferenceResponseEncoder(json);
        this.bodyReader = new RequestBodyReader(config.maxBodyBytes(), admission);
        this.errors = new ErrorMapper(json, config.maxBodyBytes());
    }

    @Override
    public void mount(Router router) {
        router.route("/v1/:deployment/:ref").handler(this::handle);
        router.route("/v1/:deployment").handler(this::handle);
    }

    private void handle(RoutingContext context) {
        String ref = context.pathParam("ref") == null ? VersionRef.LATEST_NAME : context.pathParam("ref");
        CallRecorder.Trace trace = recorder.start(ref);
        DeploymentVersion version;
        try {
            if (context.request().method() != HttpMethod.POST) {
                throw new MethodNotAllowedException(context.request().method().name(), context.request().path(), List.of("POST"));
            }
            String deployment = context.pathParam("deployment");
            access.checkInference(Optional.ofNullable(context.request().getHeader(HttpHeaders.AUTHORIZATION)), deployment);
            version = resolve(deployment, ref);
        } catch (RuntimeException e) {
            fail(context, trace, e);
            return;
        }
        trace.resolved(version.deployment().value(), version.number());
        bodyReader.read(context).onComplete(body -> {
            if (body.failed()) {
                fail(context, trace, body.cause());
            } else {
                answer(context, trace, version, body.result());
            }
        });
    }

    private DeploymentVersion resolve(String deployment, String ref) {
        if (!DeploymentName.isValid(deployment)) {
            throw new DeploymentNotFoundException("no deployment named '" + deployment + "'");
        }
        return registry.resolve(new DeploymentName(deployment), VersionRef.parse(ref));
    }

    private void answer(RoutingContext context, CallRecorder.Trace trace, DeploymentVersion version, Buffer body) {
        Context eventLoop = context.vertx().getOrCreateContext();
        trace.read(body.getBytes());
        CompletableFuture<byte[]> answer;
        if (body.length() <= INLINE_DECODE_LIMIT) {
            answer = run(trace, version);
        } else {
            try {
                answer = CompletableFuture.supplyAsync(() -> trace, decodeExecutor).thenCompose(ignored -> run(trace, version));
            } catch (RejectedExecutionException e) {
                answer = CompletableFuture.failedFuture(new OverloadedException("the server is busy; retry shortly", 1));
            }
        }
        answer.whenComplete((bytes, failure) -> eventLoop.runOnContext(done -> {
            if (failure != null) {
                fail(context, trace, failure);
            } else {
                JsonResponses.send(context, 200, bytes);
                trace.answered(200, null, bytes);
            }
        }));
    }

    private CompletableFuture<byte[]> run(CallRecorder.Trace trace, DeploymentVersion version) {
        AdmissionControl.Permit permit = AdmissionControl.Permit.NONE;
        try {
            InferenceRequest request = decoder.decode(trace.input());
            LoadedModel model = registry.loadedModel(version).getNow(null);
            if (model == null) {
                // First call after a restart: wait for the load, then start again with the model at hand.
                return registry.loadedModel(version).thenCompose(loaded -> run(trace, version));
            }
            CallPlan plan = CallPlan.of(request.data(), request.batchMode(), model.arity());
            int items = plan instanceof CallPlan.Batch batch ? batch.calls().size() : 1;
            trace.planned(items);
            permit = limits.admit(version, items, registry.get(version.deployment()).latest().rateLimitPerMinute());
            AdmissionControl.Permit held = permit;
            return invocation.invoke(model, plan, request.timeout())
                    .thenApply(encoder::encode)
                    .whenComplete((bytes, failure) -> held.close());
        } catch (RuntimeException e) {
            permit.close();
            return CompletableFuture.failedFuture(e);
        }
    }

    private void fail(RoutingContext context, CallRecorder.Trace trace, Throwable failure) {
        Throwable cause = ErrorMapper.unwrap(failure);
        errors.respond(context, cause);
        int status = cause instanceof InferdException known ? known.code().httpStatus() : 500;
        trace.answered(status, summary(cause.getMessage()), null);
    }

    /** The summary line of an error, short enough for a log line. */
    private static String summary(String message) {
        String last = MessageLines.last(message);
        return last.length() <= 500 ? last : last.substring(0, 500) + "…";
    }
}
