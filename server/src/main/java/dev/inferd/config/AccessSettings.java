package dev.inferd.config;

import java.util.List;
import java.util.Objects;

/**
 * Who may call what (docs/security.md).
 *
 * @param requireApiKeys every inference call needs a valid API key
 * @param allowedHosts   names besides loopback ones that {@code /api} answers in the Host header while no admin key exists
 * @param corsOrigins    sites whose pages may call {@code /v1} from a browser
 */
public record AccessSettings(boolean requireApiKeys, List<Authority> allowedHosts, CorsOrigins corsOrigins) {
    public static final AccessSettings DEFAULTS = new AccessSettings(false, List.of(), CorsOrigins.NONE);

    public AccessSettings {
        allowedHosts = List.copyOf(allowedHosts);
        Objects.requireNonNull(corsOrigins, "corsOrigins");
    }
}
