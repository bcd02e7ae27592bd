package dev.inferd.error;

/** No endpoint answers at the requested path. */
public final class RouteNotFoundException extends InferdException {
    public RouteNotFoundException(String message) {
        super(ErrorCode.NOT_FOUND, message);
    }

    public RouteNotFoundException(String message, Throwable cause) {
        super(ErrorCode.NOT_FOUND, message, cause);
    }
}
