package dev.inferd.error;

/** No API key has the requested name. */
public final class ApiKeyNotFoundException extends InferdException {
    public ApiKeyNotFoundException(String message) {
        super(ErrorCode.NOT_FOUND, message);
    }
}
