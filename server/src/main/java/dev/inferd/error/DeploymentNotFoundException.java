package dev.inferd.error;

/** No deployment has the requested name. */
public final class DeploymentNotFoundException extends InferdException {
    public DeploymentNotFoundException(String message) {
        super(ErrorCode.NOT_FOUND, message);
    }

    public DeploymentNotFoundException(String message, Throwable cause) {
        super(ErrorCode.NOT_FOUND, message, cause);
    }
}
