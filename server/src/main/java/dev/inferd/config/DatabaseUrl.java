package dev.inferd.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a PostgreSQL database is, as {@code serve --database} takes it: the URL that PostgreSQL's
 * own tools take ({@code postgresql://user:password@host:port/db?sslmode=require}) or the JDBC
 * driver's ({@code jdbc:postgresql://host:port/db?user=...}), which is passed on as it is.
 *
 * @param jdbcUrl  what the JDBC driver is given, without the user and password of a libpq URL
 * @param user     from a libpq URL's user part; empty leaves it to the JDBC URL or the driver
 * @param password from a libpq URL's password part; never in a message
 */
public record DatabaseUrl(String jdbcUrl, Optional<String> user, Optional<String> password) {
    private static final String JDBC_PREFIX = "jdbc:postgresql:";

    public DatabaseUrl {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
    }

    /**
     * Reads a URL as {@code --database} gives it.
     *
     * @throws IllegalArgumentException naming what is wrong, without quoting a password
     */
    public static DatabaseUrl parse(String text) {
        String url = text == null ? "" : text.strip();
        if (url.startsWith(JDBC_PREFIX)) {
            return new DatabaseUrl(url, Optional.empty(), Optional.empty());
        }
        if (!url.startsWith("postgresql://") && !url.startsWith("postgres://")) {
            throw new IllegalArgumentException("the database URL must start with postgresql:// (or jdbc:postgresql:);"
                    + " without --database the server keeps its state in SQLite in the data directory");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("the database URL is not a URL (" + e.getReason()
                    + "); write special characters of a password as %XX");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("the database URL names no host; write postgresql://user:password@host:5432/database");
        }
        Optional<String> user = Optional.empty();
        Optional<String> password = Optional.empty();
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null && !userInfo.isEmpty()) {
            int colon = userInfo.indexOf(':');
            user = Optional.of(decode(colon < 0 ? userInfo : userInfo.substring(0, colon)));
            if (colon >= 0) {
                password = Optional.of(decode(userInfo.substring(colon + 1)));
            }
        }
        StringBuilder jdbc = new StringBuilder(JDBC_PREFIX).append("//").append(uri.getHost());
        if (uri.getPort() >= 0) {
            jdbc.append(':').append(uri.getPort());
        }
        String path = uri.getRawPath();
        jdbc.append(path == null || path.isEmpty() ? "/" : path);
        if (uri.getRawQuery() != null) {
            jdbc.append('?').append(uri.getRawQuery());
        }
        return new DatabaseUrl(jdbc.toString(), user, password);
    }

    /** The database as logs and {@code /readyz} name it: host, port and database, never a password or a query. */
    public String description() {
        String rest = jdbcUrl.substring(JDBC_PREFIX.length());
        int query = rest.indexOf('?');
        return "PostgreSQL " + (query < 0 ? rest : rest.substring(0, query)).replaceFirst("^//", "")
                + user.map(name -> " as " + name).orElse("");
    }

    @Override
    public String toString() {
        return description();
    }

    private static String decode(String part) {
        return URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
