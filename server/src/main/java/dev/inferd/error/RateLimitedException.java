package dev.inferd.error;

/** The deployment has served its items for this minute; the client may retry when the next minute starts. */
public final class RateLimitedException extends InferdException {
    private final int retryAfterSeconds;

    public RateLimitedException(String message, int retryAfterSeconds) {
        super(ErrorCode.RATE_LIMITED, message);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
