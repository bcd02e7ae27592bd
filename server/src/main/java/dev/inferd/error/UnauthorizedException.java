package dev.inferd.error;

/** No API key where one is needed, or a key that is not valid (unknown, malformed, deleted). */
public final class UnauthorizedException extends InferdException {
    public UnauthorizedException(String message) {
        super(ErrorCode.UNAUTHORIZED, message);
    }
}
