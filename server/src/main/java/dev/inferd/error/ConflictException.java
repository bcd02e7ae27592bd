package dev.inferd.error;

/** A change the deployment's current state does not allow; the message says what to change first. */
public final class ConflictException extends InferdException {
    public ConflictException(String message) {
        super(ErrorCode.CONFLICT, message);
    }
}
