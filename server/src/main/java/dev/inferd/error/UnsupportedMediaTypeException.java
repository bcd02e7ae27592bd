package dev.inferd.error;

/** A body whose {@code Content-Type} names a format the endpoint does not take, such as a deploy sent as {@code text/plain}. */
public final class UnsupportedMediaTypeException extends InferdException {
    public UnsupportedMediaTypeException(String message) {
        super(ErrorCode.UNSUPPORTED_MEDIA_TYPE, message);
    }
}
