package dev.inferd.error;

/**
 * Root of every failure that reaches a client. Each subtype names what failed and fixes the
 * {@link ErrorCode}; the HTTP edge maps them in one place and nothing else picks statuses.
 */
public abstract class InferdException extends RuntimeException {
    private final ErrorCode code;

    protected InferdException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    protected InferdException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
