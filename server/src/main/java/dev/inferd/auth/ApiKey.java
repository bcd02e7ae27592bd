package dev.inferd.auth;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A stored API key: its name, the SHA-256 of the secret (the secret itself is never kept), the
 * deployments it may call (empty scope: all of them), and whether it may manage the server.
 */
public record ApiKey(String name, String secretHash, Optional<SortedSet<String>> deployments, boolean admin,
                     Instant createdAt) {
    public ApiKey {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(secretHash, "secretHash");
        deployments = deployments.map(TreeSet::new);
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** Whether this key may call the named deployment. */
    public boolean mayCall(String deployment) {
        return admin || deployments.map(allowed -> allowed.contains(deployment)).orElse(true);
    }
}
