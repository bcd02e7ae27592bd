package dev.inferd.error;

/** A result link that is unknown, forged or expired. */
public final class ResultLinkNotFoundException extends InferdException {
    public ResultLinkNotFoundException(String message) {
        super(ErrorCode.NOT_FOUND, message);
    }
}
