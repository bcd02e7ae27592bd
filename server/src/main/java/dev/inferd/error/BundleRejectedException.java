package dev.inferd.error;

/** A deploy was refused: bad manifest, unsafe zip, compile error, missing main function or failing deploy-time test. */
public final class BundleRejectedException extends InferdException {
    public BundleRejectedException(String message) {
        super(ErrorCode.BAD_REQUEST, message);
    }

    public BundleRejectedException(String message, Throwable cause) {
        super(ErrorCode.BAD_REQUEST, message, cause);
    }
}
