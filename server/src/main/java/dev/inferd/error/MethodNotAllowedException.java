package dev.inferd.error;

import java.util.List;

/** The path exists but does not answer this HTTP method; {@link #allowedMethods()} feeds the Allow header. */
public final class MethodNotAllowedException extends InferdException {
    private final List<String> allowedMethods;

    public MethodNotAllowedException(String method, String path, List<String> allowedMethods) {
        super(ErrorCode.METHOD_NOT_ALLOWED,
                method + " is not allowed on " + path + "; use " + String.join(" or ", allowedMethods));
        this.allowedMethods = List.copyOf(allowedMethods);
    }

    public List<String> allowedMethods() {
        return allowedMethods;
    }
}
