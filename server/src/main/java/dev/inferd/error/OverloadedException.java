package dev.inferd.error;

/** The server refused work at once instead of queueing it without bound; the client should retry later. */
public final class OverloadedException extends InferdException {
    private final int retryAfterSeconds;

    public OverloadedException(String message, int retryAfterSeconds) {
        super(ErrorCode.OVERLOADED, message);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
