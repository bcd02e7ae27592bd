package dev.inferd.api.http;

import dev.inferd.config.Authority;
import dev.inferd.config.WebOrigin;
import dev.inferd.error.ForbiddenException;
import io.vertx.core.http.HttpServerRequest;

import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Keeps web pages out of the management API (PROTOCOL §7, docs/security.md "Browsers"). Any page the
 * user opens can make the browser send a "simple" request, a POST of {@code text/plain} or form data,
 * to {@code http://127.0.0.1:8080} without asking first, and a deploy is code execution. Browsers
 * name the page's site in {@code Origin} and {@code Sec-Fetch-Site}, which pages cannot forge, so a
 * request that carries another site's name is refused, before its body is read. A page whose own
 * name has been made to point at this machine (DNS rebinding) is same-origin to itself; its requests
 * carry its name in {@code Host}, which is why, while no admin key exists and {@code /api} is open to
 * this machine without one, only a loopback name or one given by {@code --allowed-host} is answered.
 * Clients that are not browsers (curl, the CLI, scripts) send no {@code Origin} and are unaffected.
 */
final class BrowserRequestGuard {
    private final List<Authority> allowedHosts;
    private final BooleanSupplier adminKeyExists;

    BrowserRequestGuard(List<Authority> allowedHosts, BooleanSupplier adminKeyExists) {
        this.allowedHosts = allowedHosts;
        this.adminKeyExists = adminKeyExists;
    }

    /**
     * The rules of every management request: no page of another site.
     *
     * @throws ForbiddenException naming what gave the request away as another site's
     */
    void checkOrigin(HttpServerRequest request) {
        String fetchSite = String.valueOf(request.getHeader("Sec-Fetch-Site")).strip();
        if (fetchSite.equalsIgnoreCase("cross-site") || fetchSite.equalsIgnoreCase("same-site")) {
            throw new ForbiddenException("the management API does not answer web pages of other sites; this request came from"
                    + " one (Sec-Fetch-Site: " + fetchSite + ")");
        }
        List<String> origins = request.headers().getAll("Origin");
        if (origins.isEmpty()) {
            return;
        }
        if (origins.size() > 1) {
            throw new ForbiddenException("the management API does not answer a request with more than one Origin header");
        }
        String origin = origins.get(0).strip();
        if (origin.equals("null")) {
            throw new ForbiddenException("the management API does not answer web pages without an origin (Origin: null: a"
                    + " sandboxed frame, a local file, a page reached through a redirect from another site)");
        }
        Optional<WebOrigin> own = ServerOrigin.of(request);
        Optional<WebOrigin> page = WebOrigin.parse(origin);
        // An origin that cannot be read, or a server whose own cannot, matches nothing.
        if (page.isEmpty() || !page.equals(own)) {
            throw new ForbiddenException("the management API answers only this server's own pages ("
                    + own.map(WebOrigin::toString).orElse("a request without a readable Host") + "); this request came from a page of "
                    + origin);
        }
    }

    /**
     * The rule of management open to this machine without a key: addressed by one of its own names.
     * Nothing to check once an admin key exists, since then the key is what protects {@code /api}.
     *
     * @throws ForbiddenException naming the Host the request was addressed to
     */
    void checkHost(HttpServerRequest request) {
        if (adminKeyExists.getAsBoolean()) {
            return;
        }
        Optional<String> host = ServerOrigin.hostHeader(request);
        Optional<Authority> authority = host.flatMap(Authority::parse);
        if (authority.isPresent() && (authority.get().isLoopback()
                || allowedHosts.stream().anyMatch(allowed -> allowed.admits(authority.get())))) {
            return;
        }
        throw new ForbiddenException("until an admin key exists, the management API answers only requests addressed to this"
                + " machine by a loopback name (localhost, 127.0.0.1, [::1]) or by one given with --allowed-host; this one was"
                + " addressed to " + host.map(value -> "'" + value + "'").orElse("no single readable Host")
                + ". A web page can point a name of its own at this machine (DNS rebinding), so other names are refused;"
                + " start the server with --allowed-host NAME to accept one, or create an admin key");
    }
}
