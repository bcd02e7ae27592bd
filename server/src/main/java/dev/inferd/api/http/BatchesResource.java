package dev.inferd.api.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import dev.inferd.auth.AccessPolicy;
import dev.inferd.error.BatchNotFoundException;
import dev.inferd.error.ResultLinkNotFoundException;
import dev.inferd.invoke.async.AsyncJob;
import dev.inferd.invoke.async.AsyncJobs;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * {@code GET /v1/batches/{batchId}}, where an async call stands and its answer once it has one, and
 * {@code GET /v1/results/{token}}, the answer of a call made with {@code response_format: "links"}.
 * Both read the store, so they run on the store executor.
 */
public final class BatchesResource implements HttpRoutes {
    private final AccessPolicy access;
    private final AsyncJobs asyncJobs;
    private final Executor storeExecutor;
    private final ResourceRequests requests;

    public BatchesResource(AccessPolicy access, AsyncJobs asyncJobs, Executor storeExecutor, ResourceRequests requests) {
        this.access = access;
        this.asyncJobs = asyncJobs;
        this.storeExecutor = storeExecutor;
        this.requests = requests;
    }

    /**
     * A batch as {@code GET /v1/batches/{id}} answers it. {@code finished} is null until the job has
     * run; {@code result} is the stored answer as its exact bytes, absent until there is one.
     */
    record BatchStatus(String batchId, String status, String deployment, int version, String created, String finished,
                       int deliveries, boolean delivered,
                       @JsonInclude(JsonInclude.Include.NON_NULL) String lastDeliveryError,
                       @JsonInclude(JsonInclude.Include.NON_NULL) @JsonRawValue String result) {

        static BatchStatus of(AsyncJob job) {
            return new BatchStatus(job.id(), job.status().wireName(), job.deployment(), job.version(),
                    job.createdAt().toString(), job.finishedAt().map(Instant::toString).orElse(null),
                    job.deliveries(), job.deliveredAt().isPresent(), job.lastDeliveryError().orElse(null),
                    job.result().map(bytes -> new String(bytes, StandardCharsets.UTF_8)).orElse(null));
        }
    }

    @Override
    public void mount(Router router) {
        router.route("/v1/batches/:batchId").handler(requests.byMethod(HttpMethod.GET, this::batchStatus));
        router.route("/v1/results/:token").handler(requests.byMethod(HttpMethod.GET, this::linkedResult));
    }

    private void batchStatus(RoutingContext context) {
        Optional<String> authorization = Optional.ofNullable(context.request().getHeader(HttpHeaders.AUTHORIZATION));
        String batchId = context.pathParam("batchId");
        requests.blocking(context, storeExecutor, () -> {
            access.checkCaller(authorization);
            AsyncJob job = asyncJobs.job(batchId).orElseThrow(() -> new BatchNotFoundException("no batch with id '" + batchId + "'"));
            access.checkInference(authorization, job.deployment());
            return BatchStatus.of(job);
        }, status -> requests.send(context, 200, status));
    }

    private void linkedResult(RoutingContext context) {
        String token = context.pathParam("token");
        requests.blocking(context, storeExecutor, () -> asyncJobs.linkedResult(token)
                        .orElseThrow(() -> new ResultLinkNotFoundException("this result link is unknown or has expired")),
                // The stored answer's exact bytes, as the call would have answered them.
                body -> JsonResponses.send(context, 200, body));
    }
}
