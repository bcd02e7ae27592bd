package dev.inferd.store;

/** What a server tells the others sharing its database about: each is a PostgreSQL notification channel. */
public enum StoreTopic {
    /** A deployment, version or alias changed; the change feed says which. */
    DEPLOYMENTS("inferd_deployments"),
    /** An API key was created or deleted. */
    KEYS("inferd_keys"),
    /** An async job was accepted. */
    JOBS("inferd_jobs"),
    /** A replica joined or left, so the rate limits are split anew. */
    REPLICAS("inferd_replicas");

    private final String channel;

    StoreTopic(String channel) {
        this.channel = channel;
    }

    public String channel() {
        return channel;
    }
}
