package dev.inferd.registry;

import java.time.Instant;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * One immutable version of a deployment, as stored. {@code contentHash} addresses its bundle
 * artifact; {@code rateLimitPerMinute} is the manifest's, kept here so it is known without the bundle.
 */
public record DeploymentVersion(
        DeploymentName deployment,
        int number,
        String runtime,
        String main,
        String contentHash,
        Instant createdAt,
        OptionalInt rateLimitPerMinute) {

    public DeploymentVersion {
        Objects.requireNonNull(deployment, "deployment");
        if (number < 1) {
            throw new IllegalArgumentException("version numbers start at 1: " + number);
        }
        Objects.requireNonNull(runtime, "runtime");
        Objects.requireNonNull(main, "main");
        Objects.requireNonNull(contentHash, "contentHash");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(rateLimitPerMinute, "rateLimitPerMinute");
    }

    /** "name/3", for logs and messages. */
    public String label() {
        return deployment.value() + "/" + number;
    }
}
