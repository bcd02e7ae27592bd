package dev.inferd.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A host and, optionally, a port, written as the {@code Host} header, {@code X-Forwarded-Host} and
 * {@code --allowed-host} write them: a name, an IPv4 address or a bracketed IPv6 address, then
 * {@code :port}. Names are kept in lower case without a trailing dot, so that equal names compare equal.
 *
 * @param host the name or address; an IPv6 address keeps its brackets
 * @param port the port, or -1 when none is written
 */
public record Authority(String host, int port) {
    public static final int NO_PORT = -1;
    private static final Pattern NAME = Pattern.compile("[a-z0-9_-]+(\\.[a-z0-9_-]+)*");
    private static final Pattern IPV6 = Pattern.compile("\\[[0-9a-f:.]+]");
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern PORT = Pattern.compile("\\d{1,5}");

    public Authority {
        if (port != NO_PORT && (port < 1 || port > 65_535)) {
            throw new IllegalArgumentException("a port is from 1 to 65535; got " + port);
        }
    }

    /** The authority {@code text} writes, or empty when it is not one (a path, a user name, spaces, a bad port). */
    public static Optional<Authority> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String lower = text.strip().toLowerCase(Locale.ROOT);
        int portStart = lower.startsWith("[") ? lower.indexOf("]:") + 1 : lower.lastIndexOf(':');
        String host = portStart > 0 ? lower.substring(0, portStart) : lower;
        String port = portStart > 0 ? lower.substring(portStart + 1) : "";
        if (host.endsWith(".") && !host.startsWith("[")) {
            host = host.substring(0, host.length() - 1);
        }
        if (!(NAME.matcher(host).matches() || IPV6.matcher(host).matches())) {
            return Optional.empty();
        }
        if (port.isEmpty()) {
            return Optional.of(new Authority(host, NO_PORT));
        }
        int number = PORT.matcher(port).matches() ? Integer.parseInt(port) : 0;
        return number >= 1 && number <= 65_535 ? Optional.of(new Authority(host, number)) : Optional.empty();
    }

    /** Whether the host is this machine's by definition: {@code localhost}, an address in 127.0.0.0/8, or {@code [::1]}. */
    public boolean isLoopback() {
        if (host.equals("localhost")) {
            return true;
        }
        var ipv4 = IPV4.matcher(host);
        if (ipv4.matches()) {
            for (int octet = 1; octet <= 4; octet++) {
                if (Integer.parseInt(ipv4.group(octet)) > 255) {
                    return false;
                }
            }
            return ipv4.group(1).equals("127");
        }
        if (IPV6.matcher(host).matches()) {
            try {
                // A literal (the pattern admits only hex digits, colons and dots), so no name is looked up.
                return InetAddress.getByName(host.substring(1, host.length() - 1)).isLoopbackAddress();
            } catch (UnknownHostException e) {
                return false;
            }
        }
        return false;
    }

    /** Whether {@code other} is this authority: the same host, and the same port where this one names a port. */
    public boolean admits(Authority other) {
        return host.equals(other.host) && (port == NO_PORT || port == other.port);
    }

    @Override
    public String toString() {
        return port == NO_PORT ? host : host + ":" + port;
    }
}
