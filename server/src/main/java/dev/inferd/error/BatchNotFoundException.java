package dev.inferd.error;

/** No async job has the requested batch id (or its result is past the retention time). */
public final class BatchNotFoundException extends InferdException {
    public BatchNotFoundException(String message) {
        super(ErrorCode.NOT_FOUND, message);
    }
}
