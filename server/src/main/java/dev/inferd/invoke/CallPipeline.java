package dev.inferd.invoke;

import dev.inferd.error.DeploymentNotFoundException;
import dev.inferd.metrics.CallRecorder;
import dev.inferd.registry.DeploymentRegistry;
import dev.inferd.registry.DeploymentVersion;
import dev.inferd.registry.VersionRef;
import dev.inferd.runtime.LoadedModel;

import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The one path every call takes, whether it is answered now or run later as an async job: resolve
 * the ref, wait for the version to load, plan the call against the main function's arity, admit it
 * (the version's items in flight and the deployment's rate limit), invoke it under its timeout, and
 * write the answer body. The HTTP edge and the async job runner only translate to and from it, so a
 * rule about calls (a limit, a timeout, batching) is written here once.
 *
 * <p>What comes before a body exists stays at the HTTP edge, in this order: the method, the API key
 * (the access policy is not below this layer), {@link #resolve}, then the body's size. Storing,
 * scheduling and delivering async jobs and result links is {@code invoke.async}'s.
 */
public final class CallPipeline {
    private final DeploymentRegistry registry;
    private final InvocationService invocation;
    private final CallLimits limits;
    private final AnswerEncoder answers;

    public CallPipeline(DeploymentRegistry registry, InvocationService invocation, CallLimits limits, AnswerEncoder answers) {
        this.registry = registry;
        this.invocation = invocation;
        this.limits = limits;
        this.answers = answers;
    }

    /**
     * The version {@code ref} names now: the first step, taken before the body is read, so that an
     * unknown deployment, version or alias costs the client no upload.
     *
     * @throws DeploymentNotFoundException           when no deployment has that name
     * @throws dev.inferd.error.VersionNotFoundException when the deployment has no such version or alias
     */
    public DeploymentVersion resolve(String deployment, String ref) {
        return registry.resolveForCall(registry.find(deployment)
                .orElseThrow(() -> new DeploymentNotFoundException("no deployment named '" + deployment + "'")),
                VersionRef.parse(ref));
    }

    /**
     * Runs a call made now on the version {@link #resolve} gave. On a loaded version no future stage
     * comes before the runtime's own: the model is at hand and the call starts on this thread.
     *
     * @param trace      the call's record in the call log, told how many items the call counts as
     * @param callerGone completes if the caller goes before the answer (its connection closed): what
     *                   of the call still waits to run is withdrawn
     * @return the answer, or {@link CallAnswer.Deferred} for a call with a webhook; a failure (a typed
     *         {@link dev.inferd.error.InferdException}, perhaps wrapped by the future) otherwise
     */
    public CompletableFuture<CallAnswer> call(DeploymentVersion version, InferenceRequest request, CallRecorder.Trace trace,
                                              CompletionStage<?> callerGone) {
        AdmissionControl.Permit permit = AdmissionControl.Permit.NONE;
        try {
            CompletableFuture<LoadedModel> loading = registry.loadedModel(version);
            LoadedModel model = loading.getNow(null);
            if (model == null) {
                // First call after a restart or an unload: wait for the load, then start again with the model at hand.
                return invocation.awaitLoad(loading, request.timeout()).thenCompose(loaded -> call(version, request, trace, callerGone));
            }
            CallPlan plan = plan(version, request, model);
            trace.planned(plan.items());
            permit = limits.admit(version, plan.items(), rateLimitOf(version));
            if (request.webhook().isPresent()) {
                // The job runs later, under the job runner's own concurrency; only the rate limit counts now.
                permit.close();
                return deferred(model, plan, request);
            }
            AdmissionControl.Permit held = permit;
            return invocation.invoke(model, plan, request.timeout(), callerGone)
                    // Written before the permit is given back: writing a big batch's answer is part of its work.
                    .<CallAnswer>thenApply(result -> new CallAnswer.Answered(answers.encode(result)))
                    .whenComplete((answer, failure) -> held.close());
        } catch (RuntimeException e) {
            permit.close();
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Runs an async call accepted earlier, on the version its ref named then; one deleted since is
     * answered 410, not the 404 of a name never deployed. Its items were counted against the rate
     * limit when it was accepted, and the job runner bounds how many jobs run at once, so it is not
     * admitted again.
     *
     * @return the answer body, the bytes a synchronous call would have been answered with
     */
    public CompletableFuture<byte[]> runAccepted(String deployment, int versionNumber, InferenceRequest request) {
        try {
            DeploymentVersion version = registry.acceptedVersion(deployment, versionNumber);
            return invocation.awaitLoad(registry.loadedModel(version), request.timeout())
                    // Nobody waits on the line for an async job's answer, so nobody can hang up.
                    .thenCompose(model -> invocation.invoke(model, plan(version, request, model), request.timeout(),
                            new CompletableFuture<>()))
                    .thenApply(answers::encode);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** What would be a 400 now must not become a 202 and an error delivered later. */
    private CompletableFuture<CallAnswer> deferred(LoadedModel model, CallPlan plan, InferenceRequest request) {
        CallAnswer deferred = new CallAnswer.Deferred(request.webhook().orElseThrow());
        if (plan instanceof CallPlan.Single single) {
            return invocation.checkArguments(model, single.call(), request.timeout()).thenApply(fits -> deferred);
        }
        // A batch item that does not fit is that item's error in the answer, later as it would be now.
        return CompletableFuture.completedFuture(deferred);
    }

    private static CallPlan plan(DeploymentVersion version, InferenceRequest request, LoadedModel model) {
        return CallPlan.of(request.data(), request.batchMode(), version.main(), model.arity());
    }

    /**
     * The deployment's rate limit is the one its latest version's manifest sets, whichever version is
     * called: it caps the deployment as a whole, counted across all its versions (PROTOCOL.md).
     */
    private OptionalInt rateLimitOf(DeploymentVersion version) {
        return registry.get(version.deployment()).latest().rateLimitPerMinute();
    }
}
