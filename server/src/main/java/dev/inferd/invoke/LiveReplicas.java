package dev.inferd.invoke;

/**
 * The replicas that serve the deployments together, as this one last heard of them: the rate limits
 * are shared among them. Asked on every rate-limited call, so it answers from memory and never waits
 * on the database.
 */
@FunctionalInterface
public interface LiveReplicas {

    /** Where this replica stands among the live ones now. */
    ReplicaPlace place();

    /** A server that shares its deployments with no other, as on SQLite. */
    static LiveReplicas alone() {
        return () -> ReplicaPlace.ALONE;
    }
}
