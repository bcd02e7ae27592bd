package dev.inferd.error;

/** The request body is over the configured limit. */
public final class PayloadTooLargeException extends InferdException {
    public PayloadTooLargeException(String message) {
        super(ErrorCode.PAYLOAD_TOO_LARGE, message);
    }

    public PayloadTooLargeException(String message, Throwable cause) {
        super(ErrorCode.PAYLOAD_TOO_LARGE, message, cause);
    }
}
