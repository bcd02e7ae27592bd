package dev.inferd.error;

/** The request itself is wrong: not JSON, a bad option, a wrong argument count, bad batch IDs. */
public final class BadRequestException extends InferdException {
    public BadRequestException(String message) {
        super(ErrorCode.BAD_REQUEST, message);
    }

    public BadRequestException(String message, Throwable cause) {
        super(ErrorCode.BAD_REQUEST, message, cause);
    }
}
