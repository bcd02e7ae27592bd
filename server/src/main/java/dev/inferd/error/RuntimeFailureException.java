package dev.inferd.error;

/** The runtime could not run the call at all: a model that cannot be loaded, a worker that died. */
public final class RuntimeFailureException extends InferdException {
    public RuntimeFailureException(String message) {
        super(ErrorCode.RUNTIME_ERROR, message);
    }

    public RuntimeFailureException(String message, Throwable cause) {
        super(ErrorCode.RUNTIME_ERROR, message, cause);
    }
}
