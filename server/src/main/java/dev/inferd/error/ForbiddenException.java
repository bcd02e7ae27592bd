package dev.inferd.error;

/** A valid caller that may not do this: a key scoped to other deployments, management without admin rights. */
public final class ForbiddenException extends InferdException {
    public ForbiddenException(String message) {
        super(ErrorCode.FORBIDDEN, message);
    }
}
