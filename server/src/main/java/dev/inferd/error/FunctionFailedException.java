package dev.inferd.error;

/** The main function raised on a single call; the message carries its trace. */
public final class FunctionFailedException extends InferdException {
    public FunctionFailedException(String message) {
        super(ErrorCode.FUNCTION_ERROR, message);
    }

    public FunctionFailedException(String message, Throwable cause) {
        super(ErrorCode.FUNCTION_ERROR, message, cause);
    }
}
