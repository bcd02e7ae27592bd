package dev.inferd.error;

/** The deployment exists but has no such version number or alias. */
public final class VersionNotFoundException extends InferdException {
    public VersionNotFoundException(String message) {
        super(ErrorCode.NOT_FOUND, message);
    }

    public VersionNotFoundException(String message, Throwable cause) {
        super(ErrorCode.NOT_FOUND, message, cause);
    }
}
