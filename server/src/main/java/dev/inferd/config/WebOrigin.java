package dev.inferd.config;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A web origin, {@code scheme://host[:port]}: how a browser names the site a page came from (the
 * {@code Origin} header), and how {@code --cors-origin} names the sites whose pages may call
 * {@code /v1}. Two origins are the same when scheme, host and port are; a port left out is the
 * scheme's own (80 for http, 443 for https).
 *
 * @param port the port, the scheme's default filled in; -1 for a scheme without one
 */
public record WebOrigin(String scheme, String host, int port) {
    private static final Pattern SCHEME_AND_AUTHORITY = Pattern.compile("([a-z][a-z0-9+.-]*)://([^/?#]+)");

    /** The origin {@code text} names, or empty when it is not {@code scheme://host[:port]} (a path, {@code null}, a bad host). */
    public static Optional<WebOrigin> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher parts = SCHEME_AND_AUTHORITY.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!parts.matches()) {
            return Optional.empty();
        }
        return Authority.parse(parts.group(2)).map(authority -> of(parts.group(1), authority));
    }

    /** The origin of pages served by {@code authority} over {@code scheme}. */
    public static WebOrigin of(String scheme, Authority authority) {
        String lowerScheme = scheme.toLowerCase(Locale.ROOT);
        int port = authority.port() != Authority.NO_PORT ? authority.port() : defaultPort(lowerScheme);
        return new WebOrigin(lowerScheme, authority.host(), port);
    }

    private static int defaultPort(String scheme) {
        return switch (scheme) {
            case "http", "ws" -> 80;
            case "https", "wss" -> 443;
            default -> -1;
        };
    }

    /** As a browser writes it: the port only where it is not the scheme's own. */
    @Override
    public String toString() {
        return scheme + "://" + host + (port == -1 || port == defaultPort(scheme) ? "" : ":" + port);
    }
}
