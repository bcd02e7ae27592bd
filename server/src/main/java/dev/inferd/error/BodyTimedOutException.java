package dev.inferd.error;

/** A request body stopped arriving before it was whole; answered 408 and the connection closed. */
public final class BodyTimedOutException extends InferdException {
    public BodyTimedOutException(String message) {
        super(ErrorCode.BODY_TIMEOUT, message);
    }
}
