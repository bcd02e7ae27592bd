package dev.inferd.error;

/**
 * The database that holds the server's state cannot be reached, so what needed it (a deploy, an
 * alias move, a key, an async job) was not done. Nothing was half done: every store write is one
 * transaction. The server keeps answering calls to the versions it has loaded meanwhile.
 */
public final class StoreUnavailableException extends InferdException {
    /** Long enough for a restarted database or a failover, short enough that a client does not give up. */
    private static final int RETRY_AFTER_SECONDS = 5;

    public StoreUnavailableException(String message, Throwable cause) {
        super(ErrorCode.UNAVAILABLE, message, cause);
    }

    public int retryAfterSeconds() {
        return RETRY_AFTER_SECONDS;
    }
}
