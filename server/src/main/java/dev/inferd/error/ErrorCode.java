package dev.inferd.error;

/** The machine-readable error codes of PROTOCOL.md, each with the HTTP status it is answered with. */
public enum ErrorCode {
    BAD_REQUEST(400, "bad_request"),
    UNAUTHORIZED(401, "unauthorized"),
    FORBIDDEN(403, "forbidden"),
    NOT_FOUND(404, "not_found"),
    METHOD_NOT_ALLOWED(405, "method_not_allowed"),
    /** A request body that stopped arriving: HTTP's own status for it, and the protocol's timeout code. */
    BODY_TIMEOUT(408, "timeout"),
    /** A change the current state forbids: deleting a version an alias points at, or a deployment's only version. */
    CONFLICT(409, "conflict"),
    /** The version a call had already resolved was deleted before the call could run. */
    GONE(410, "gone"),
    PAYLOAD_TOO_LARGE(413, "payload_too_large"),
    UNSUPPORTED_MEDIA_TYPE(415, "unsupported_media_type"),
    RATE_LIMITED(429, "rate_limited"),
    OVERLOADED(429, "overloaded"),
    FUNCTION_ERROR(500, "function_error"),
    INTERNAL_ERROR(500, "internal_error"),
    RUNTIME_ERROR(502, "runtime_error"),
    /** The shared database cannot be reached: a change cannot be recorded now, calls to loaded versions still answer. */
    UNAVAILABLE(503, "unavailable"),
    TIMEOUT(504, "timeout");

    private final int httpStatus;
    private final String wireName;

    ErrorCode(int httpStatus, String wireName) {
        this.httpStatus = httpStatus;
        this.wireName = wireName;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** The value of the {@code code} field in an error answer. */
    public String wireName() {
        return wireName;
    }
}
