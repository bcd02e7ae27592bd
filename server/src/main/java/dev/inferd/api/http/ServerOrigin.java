package dev.inferd.api.http;

import dev.inferd.config.Authority;
import dev.inferd.config.WebOrigin;
import io.vertx.core.http.HttpServerRequest;

import java.util.List;
import java.util.Optional;

/**
 * This server's origin as the client that sent a request reached it: the site its own pages would
 * have, in the address bar of that client's browser. Behind a reverse proxy that is the scheme and
 * host the proxy says the client asked for ({@code Forwarded}'s {@code proto} and {@code host}, else
 * {@code X-Forwarded-Proto} and {@code X-Forwarded-Host}); without one, the request's own scheme and
 * {@code Host}.
 *
 * <p>Anyone can send those headers, so they are trusted only where trusting them gains a forger
 * nothing: a request that carries them never counts as coming from this machine (docs/security.md),
 * and a web page on another site cannot add them to a request without a preflight, which
 * {@code /api} never grants. They tell where result links point and which {@code Origin} is the
 * server's own; they never open anything.
 */
final class ServerOrigin {
    private ServerOrigin() {
    }

    /** The origin, or empty when the request names no readable host (no {@code Host} header, or two). */
    static Optional<WebOrigin> of(HttpServerRequest request) {
        String scheme = forwarded(request, "proto").or(() -> firstValue(request.getHeader("X-Forwarded-Proto")))
                .filter(value -> value.equalsIgnoreCase("http") || value.equalsIgnoreCase("https"))
                .orElse(request.scheme());
        Optional<String> host = forwarded(request, "host").or(() -> firstValue(request.getHeader("X-Forwarded-Host")));
        if (host.isEmpty()) {
            host = hostHeader(request);
        }
        return host.flatMap(Authority::parse).map(authority -> WebOrigin.of(scheme, authority));
    }

    /** The request's one {@code Host} header as sent; empty when there is none or more than one. */
    static Optional<String> hostHeader(HttpServerRequest request) {
        List<String> hosts = request.headers().getAll("Host");
        return hosts.size() == 1 ? Optional.of(hosts.get(0)) : Optional.empty();
    }

    /** A parameter of the first element of {@code Forwarded} (RFC 7239), the one the proxy nearest the client wrote. */
    private static Optional<String> forwarded(HttpServerRequest request, String parameter) {
        String header = request.getHeader("Forwarded");
        if (header == null) {
            return Optional.empty();
        }
        for (String pair : header.split(",", 2)[0].split(";")) {
            int equals = pair.indexOf('=');
            if (equals > 0 && pair.substring(0, equals).strip().equalsIgnoreCase(parameter)) {
                String value = pair.substring(equals + 1).strip();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                return value.isEmpty() ? Optional.empty() : Optional.of(value);
            }
        }
        return Optional.empty();
    }

    private static Optional<String> firstValue(String header) {
        if (header == null) {
            return Optional.empty();
        }
        String first = header.split(",", 2)[0].strip();
        return first.isEmpty() ? Optional.empty() : Optional.of(first);
    }
}
