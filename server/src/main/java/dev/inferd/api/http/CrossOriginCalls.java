package dev.inferd.api.http;

import dev.inferd.config.CorsOrigins;
import dev.inferd.config.WebOrigin;
import dev.inferd.error.ForbiddenException;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

import java.util.Optional;

/**
 * CORS for the inference API only, and only for the sites given by {@code --cors-origin} (PROTOCOL
 * §7): their pages may call {@code /v1/...} with {@code Authorization} and {@code Content-Type}
 * headers and read the answers. With no {@code --cors-origin} nothing here runs and no CORS header
 * is ever sent; the management API never gets one.
 */
final class CrossOriginCalls {
    /** How long a browser may keep a preflight's answer. */
    private static final String PREFLIGHT_MAX_AGE_SECONDS = "600";

    private final CorsOrigins allowed;
    private final ErrorMapper errors;

    CrossOriginCalls(CorsOrigins allowed, ErrorMapper errors) {
        this.allowed = allowed;
        this.errors = errors;
    }

    /**
     * Answers a preflight of a {@code /v1} request, or adds the CORS headers an allowed page needs to
     * read the answer to come.
     *
     * @return whether the request has been answered (a preflight)
     */
    boolean answered(HttpServerRequest request) {
        if (!allowed.any() || !request.path().startsWith("/v1/")) {
            return false;
        }
        String origin = request.getHeader("Origin");
        if (origin == null) {
            return false;
        }
        boolean preflight = request.method() == HttpMethod.OPTIONS && request.getHeader("Access-Control-Request-Method") != null;
        if (!allowed.everyOrigin()) {
            // The answer depends on the Origin, so a cache between must not hand one site's answer to another.
            request.response().putHeader("Vary", "Origin");
        }
        Optional<WebOrigin> page = WebOrigin.parse(origin);
        if (page.isEmpty() || !allowed.allow(page.get())) {
            if (preflight) {
                errors.respond(request, new ForbiddenException("pages of " + origin + " may not call this server from a browser;"
                        + " start it with --cors-origin " + page.map(WebOrigin::toString).orElse("ORIGIN") + " to allow them"));
                return true;
            }
            return false;
        }
        HttpServerResponse response = request.response();
        if (allowed.everyOrigin()) {
            response.putHeader("Access-Control-Allow-Origin", "*");
        } else {
            // The origin as the browser wrote it: it compares this header with its own text.
            response.putHeader("Access-Control-Allow-Origin", origin.strip());
        }
        if (!preflight) {
            response.putHeader("Access-Control-Expose-Headers", "Retry-After, x-batch-id");
            return false;
        }
        response.putHeader("Access-Control-Allow-Methods", "POST, GET");
        response.putHeader("Access-Control-Allow-Headers", "Authorization, Content-Type");
        response.putHeader("Access-Control-Max-Age", PREFLIGHT_MAX_AGE_SECONDS);
        response.setStatusCode(204).end();
        return true;
    }
}
