package dev.inferd.api.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inferd.auth.AccessPolicy;
import dev.inferd.config.LimitSettings;
import dev.inferd.config.WebOrigin;
import dev.inferd.error.ErrorAnswer;
import dev.inferd.error.MessageLines;
import dev.inferd.error.MethodNotAllowedException;
import dev.inferd.invoke.CallAnswer;
import dev.inferd.invoke.CallLimits;
import dev.inferd.invoke.CallPipeline;
import dev.inferd.invoke.InferenceRequest;
import dev.inferd.invoke.async.AsyncJobs;
import dev.inferd.metrics.CallRecorder;
import dev.inferd.registry.DeploymentName;
import dev.inferd.registry.DeploymentVersion;
import dev.inferd.registry.VersionRef;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * {@code POST /v1/{deployment}[/{ref}]}, translated to and from the {@link CallPipeline}, which
 * decides everything about the call itself. In order: method, API key, version (so an unknown
 * deployment or a refused caller costs the client no upload), body, decoding, then the pipeline.
 * Small bodies (single calls, small batches) are decoded on the event loop; larger ones on the
 * invocation executor, so a 64 MiB batch never stalls other connections and the work of many
 * mid-sized batches is shared by the cores. Every call, answered or refused, is recorded in the
 * metrics and the request log.
 */
public final class InferenceApi {
    /**
     * A body up to this size (a single call, a batch of up to a few hundred items) costs less to
     * handle on the event loop than a hand-off to another thread. A larger one goes to the invocation
     * executor: its work is worth the hand-off, and other cores can then take it while the event
     * loop reads the next requests. With 1,000-item batches on two cores that was half as many
     * answers again per second.
     */
    private static final int INLINE_DECODE_LIMIT = 4 * 1024;
    /** nginx's status for a call whose client went away; never sent, only logged and counted. */
    private static final int CLIENT_CLOSED_REQUEST = 499;

    private final CallPipeline pipeline;
    private final AccessPolicy access;
    private final CallRecorder recorder;
    private final Executor decodeExecutor;
    private final Executor storeExecutor;
    private final ProtocolBodies bodies;
    private final AsyncJobs asyncJobs;
    private final RequestBodyReader bodyReader;
    private final ErrorMapper errors;
    private final ObjectMapper json;

    /**
     * @param decodeExecutor runs the decoding of large bodies, CPU work that may share the invocation threads
     * @param storeExecutor  runs what waits on the store or on DNS (async calls, result links, batch status),
     *                       apart from the invocation threads so a pool busy with model calls cannot hold it up
     */
    public InferenceApi(LimitSettings requestLimits, ObjectMapper json, CallPipeline pipeline, CallLimits limits, AccessPolicy access,
                        CallRecorder recorder, Executor decodeExecutor, Executor storeExecutor, ProtocolBodies bodies,
                        AsyncJobs asyncJobs) {
        this.pipeline = pipeline;
        this.access = access;
        this.recorder = recorder;
        this.decodeExecutor = decodeExecutor;
        this.storeExecutor = storeExecutor;
        this.bodies = bodies;
        this.asyncJobs = asyncJobs;
        this.bodyReader = new RequestBodyReader(requestLimits.maxBodyBytes(), limits, requestLimits.bodyIdleTimeout());
        this.errors = new ErrorMapper(json, requestLimits);
        this.json = json;
    }


    /**
     * The call path, {@code /v1/{deployment}[/{ref}]}, as decoded segments; null for paths that are
     * not calls ({@code /v1/batches/...}, {@code /v1/results/...}, anything else).
     */
    static String[] callTarget(String path) {
        if (!path.startsWith("/v1/")) {
            return null;
        }
        // Cut by index rather than substring by substring: this runs for every call.
        int end = path.endsWith("/") ? path.length() - 1 : path.length();
        if (end <= 4) {
            return null;
        }
        int slash = path.indexOf('/', 4);
        if (slash >= end) {
            // Only the trailing slash.
            slash = -1;
        }
        String deployment = path.substring(4, slash < 0 ? end : slash);
        String ref = slash < 0 ? VersionRef.LATEST_NAME : path.substring(slash + 1, end);
        if (deployment.isEmpty() || ref.isEmpty() || ref.indexOf('/') >= 0 || DeploymentName.isReserved(deployment)) {
            return null;
        }
        return new String[]{PathSegments.decode(deployment), PathSegments.decode(ref)};
    }

    /**
     * Answers a call. Calls are the hot path, so they are handled straight from the HTTP server,
     * without the router: matching routes and building a routing context cost more than much of
     * the rest of a single call.
     */
    public void call(HttpServerRequest request, String[] target) {
        String deploymentName = target[0];
        String ref = target[1];
        CallRecorder.Trace trace = recorder.start(ref);
        DeploymentVersion version;
        try {
            if (request.method() != HttpMethod.POST) {
                throw new MethodNotAllowedException(request.method().name(), request.path(), List.of("POST"));
            }
            access.checkInference(Optional.ofNullable(request.getHeader(HttpHeaders.AUTHORIZATION)), deploymentName);
            version = pipeline.resolve(deploymentName, ref);
        } catch (RuntimeException e) {
            fail(request, trace, e);
            return;
        }
        trace.resolved(version.deployment().value(), version.number());
        bodyReader.read(request).onComplete(body -> {
            if (body.failed()) {
                fail(request, trace, body.cause());
            } else {
                answer(request, trace, version, body.result());
            }
        });
    }

    /**
     * Where result links point: this server as the client reached it ({@link ServerOrigin}), else the
     * address the connection came in on. A client that forges forwarding headers only misdirects its
     * own links.
     */
    private static String linkBase(HttpServerRequest request) {
        String origin = ServerOrigin.of(request).map(WebOrigin::toString).orElseGet(() -> {
            String address = request.localAddress().hostAddress();
            return request.scheme() + "://" + (address.contains(":") ? "[" + address + "]" : address) + ":"
                    + request.localAddress().port();
        });
        return origin + "/v1/results/";
    }

    /** An answer body and its status: 200 with the result, or 202 with the batch id of an async call. */
    private record Answer(int status, byte[] body, String batchId) {
    }

    private void answer(HttpServerRequest request, CallRecorder.Trace trace, DeploymentVersion version,
                        RequestBodyReader.Body body) {
        Context eventLoop = Vertx.currentContext();
        trace.read(body.bytes());
        // A client that closes its connection withdraws what of its call waits to run; what runs ends as it would have.
        CompletableFuture<Void> clientGone = new CompletableFuture<>();
        request.response().closeHandler(closed -> clientGone.complete(null));
        CompletableFuture<Answer> answer;
        if (body.bytes().length <= INLINE_DECODE_LIMIT) {
            answer = run(request, trace, version, clientGone);
        } else {
            answer = OffTheEventLoop.on(decodeExecutor, () -> run(request, trace, version, clientGone)).thenCompose(running -> running);
        }
        answer.whenComplete((result, failure) -> {
            if (Vertx.currentContext() == eventLoop) {
                // Answered on the event loop itself (a quick Java call): no need to queue the reply.
                reply(request, trace, body, result, failure, clientGone);
            } else {
                eventLoop.runOnContext(done -> reply(request, trace, body, result, failure, clientGone));
            }
        });
    }

    private void reply(HttpServerRequest request, CallRecorder.Trace trace, RequestBodyReader.Body body, Answer result,
                       Throwable failure, CompletableFuture<Void> clientGone) {
        body.permit().close();
        // Vert.x keeps a keep-alive connection's past requests reachable, and through this handler
        // each would keep its call's rows and answer: a connection's worth of batches, never collected.
        request.response().closeHandler(null);
        if (clientGone.isDone()) {
            trace.answered(CLIENT_CLOSED_REQUEST, "the client closed the connection before the answer", null);
            return;
        }
        if (failure != null) {
            fail(request, trace, failure);
            return;
        }
        if (result.batchId() != null) {
            request.response().putHeader("x-batch-id", result.batchId());
        }
        JsonResponses.send(request.response(), result.status(), result.body());
        trace.answered(result.status(), null, result.body());
    }

    /** Decodes the body and has the pipeline run the call. */
    private CompletableFuture<Answer> run(HttpServerRequest http, CallRecorder.Trace trace, DeploymentVersion version,
                                          CompletableFuture<Void> clientGone) {
        try {
            InferenceRequest request = bodies.decode(trace.input());
            CompletableFuture<CallAnswer> called = pipeline.call(version, request, trace, clientGone);
            if (request.webhook().isEmpty() && !request.asLink()) {
                // Nearly every call: answered with the body as the pipeline wrote it.
                return called.thenApply(InferenceApi::answeredNow);
            }
            Optional<String> linkBase = request.asLink() ? Optional.of(linkBase(http)) : Optional.empty();
            return called.thenCompose(answer -> stored(answer, version, trace, linkBase));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static Answer answeredNow(CallAnswer answer) {
        if (answer instanceof CallAnswer.Answered answered) {
            return new Answer(200, answered.body(), null);
        }
        throw new IllegalStateException("the pipeline deferred a call that has no webhook");
    }

    /**
     * An answer that is stored before the client gets it: the result of a call that asked for a link,
     * or an async call, which is answered 202 with its batch id. A store write, and for a webhook a
     * DNS lookup, so never on the event loop.
     */
    private CompletableFuture<Answer> stored(CallAnswer answer, DeploymentVersion version, CallRecorder.Trace trace,
                                             Optional<String> linkBase) {
        if (answer instanceof CallAnswer.Answered answered) {
            String base = linkBase.orElseThrow();
            return OffTheEventLoop.on(storeExecutor, () -> new Answer(200, asyncJobs.answerAsLink(base, answered.body()), null));
        }
        InferenceRequest.Webhook webhook = ((CallAnswer.Deferred) answer).webhook();
        return OffTheEventLoop.on(storeExecutor, () -> {
            String batchId = asyncJobs.accept(version, trace.input(), webhook.url(), webhook.ignoreTimeout(), linkBase);
            ObjectNode body = json.createObjectNode();
            body.put("batchId", batchId);
            return new Answer(202, json.writeValueAsBytes(body), batchId);
        });
    }

    private void fail(HttpServerRequest request, CallRecorder.Trace trace, Throwable failure) {
        if (ErrorMapper.clientClosed(failure)) {
            // Not a failure of the server: recorded with the status proxies use for it, nobody to answer.
            trace.answered(CLIENT_CLOSED_REQUEST, "the client closed the connection before the answer", null);
            return;
        }
        ErrorAnswer answer = ErrorAnswer.of(failure, "a call");
        errors.respond(request, failure);
        trace.answered(answer.status(), summary(answer.message()), null);
    }

    /** The summary line of an error, short enough for a log line. */
    private static String summary(String message) {
        String last = MessageLines.last(message);
        return last.length() <= 500 ? last : last.substring(0, 500) + "…";
    }
}
