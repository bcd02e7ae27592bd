package dev.inferd.error;

/** The call did not finish within its timeout_seconds. */
public final class CallTimedOutException extends InferdException {
    public CallTimedOutException(String message) {
        super(ErrorCode.TIMEOUT, message);
    }

    public CallTimedOutException(String message, Throwable cause) {
        super(ErrorCode.TIMEOUT, message, cause);
    }
}
