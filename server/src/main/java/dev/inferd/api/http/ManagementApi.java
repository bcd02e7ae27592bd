package dev.inferd.api.http;

import dev.inferd.auth.AccessPolicy;
import dev.inferd.auth.ApiKeys;
import dev.inferd.config.AccessSettings;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/**
 * The management API of PROTOCOL §2 and §4 under {@code /api}: its resources (deployments, versions,
 * aliases, call logs, API keys), each behind the access policy for management, which every
 * request passes first.
 */
public final class ManagementApi implements HttpRoutes {
    private final AccessPolicy access;
    private final BrowserRequestGuard browsers;
    private final ResourceRequests requests;
    private final List<HttpRoutes> resources;

    public ManagementApi(AccessSettings settings, ApiKeys apiKeys, AccessPolicy access, ResourceRequests requests,
                         List<HttpRoutes> resources) {
        this.access = access;
        this.browsers = new BrowserRequestGuard(settings.allowedHosts(), apiKeys::adminKeyExists);
        this.requests = requests;
        this.resources = List.copyOf(resources);
    }

    /** The check first, so that it runs before any resource's route. */
    @Override
    public void mount(Router router) {
        router.route("/api/*").handler(this::authorize);
        resources.forEach(resource -> resource.mount(router));
    }

    /**
     * Web pages of other sites first, so that none learns even whether it would need a key; then the
     * key, or the caller's machine; then, where this machine needs no key, the name it was addressed by.
     */
    private void authorize(RoutingContext context) {
        try {
            browsers.checkOrigin(context.request());
            access.checkManagement(Optional.ofNullable(context.request().getHeader(HttpHeaders.AUTHORIZATION)),
                    fromThisMachine(context.request()));
            browsers.checkHost(context.request());
        } catch (RuntimeException e) {
            requests.fail(context, e);
            return;
        }
        context.next();
    }

    /**
     * Loopback, and no proxy header: a reverse proxy on the same machine connects over loopback
     * for callers anywhere, and must not make them look local.
     */
    private static boolean fromThisMachine(HttpServerRequest request) {
        if (request.remoteAddress() == null || request.headers().contains("Forwarded")
                || request.headers().contains("X-Forwarded-For") || request.headers().contains("X-Real-IP")) {
            return false;
        }
        try {
            return InetAddress.getByName(request.remoteAddress().hostAddress()).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
