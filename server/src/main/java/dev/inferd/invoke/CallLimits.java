package dev.inferd.invoke;

import dev.inferd.error.OverloadedException;
import dev.inferd.error.RateLimitedException;
import dev.inferd.registry.DeploymentVersion;

import java.util.OptionalInt;
import java.util.function.ToLongFunction;

/**
 * The limits a call must pass before it runs: the version's in-flight items (per runtime) and
 * the deployment's rate limit. Refused work costs nothing; admitted work is given back with
 * {@link AdmissionControl.Permit#close()} when its answer is ready.
 */
public final class CallLimits {
    private final AdmissionControl admission;
    private final RateLimiter rateLimiter;
    private final ToLongFunction<String> inflightItemsPerRuntime;

    /** @param inflightItemsPerRuntime the in-flight item limit of a version, by its runtime name */
    public CallLimits(AdmissionControl admission, RateLimiter rateLimiter, ToLongFunction<String> inflightItemsPerRuntime) {
        this.admission = admission;
        this.rateLimiter = rateLimiter;
        this.inflightItemsPerRuntime = inflightItemsPerRuntime;
    }

    /** @throws OverloadedException when request bodies in flight hold the server's byte budget */
    public AdmissionControl.Permit admitBytes(long bytes) {
        return admission.admitBytes(bytes);
    }

    /**
     * @param rateLimitPerMinute the deployment's cap, if it has one
     * @throws OverloadedException  when the version has too many items in flight
     * @throws RateLimitedException when the deployment has served its items for this minute
     */
    public AdmissionControl.Permit admit(DeploymentVersion version, int items, OptionalInt rateLimitPerMinute) {
        AdmissionControl.Permit inflight = admission.admitItems(version.deployment().value(), version.number(), items,
                inflightItemsPerRuntime.applyAsLong(version.runtime()));
        if (rateLimitPerMinute.isEmpty()) {
            return inflight;
        }
        try {
            rateLimiter.take(version.deployment().value(), items, rateLimitPerMinute.getAsInt());
        } catch (RateLimitedException e) {
            inflight.close();
            throw e;
        }
        // Items admitted past the rate limit count as served even if the call then fails.
        return inflight;
    }
}
