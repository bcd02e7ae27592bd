package dev.inferd.error;

/**
 * A call resolved a version that was deleted, with its deployment or alone, before the call reached
 * it. Calls that were already running on the version when it was deleted finish instead.
 */
public final class VersionDeletedException extends InferdException {
    public VersionDeletedException(String message) {
        super(ErrorCode.GONE, message);
    }
}
