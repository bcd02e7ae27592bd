package dev.inferd.invoke.async;

import dev.inferd.error.BadRequestException;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

/**
 * Which webhook URLs the server may call: {@code https} only, and only hosts whose every address
 * is public, never loopback, private, link-local (the cloud metadata service at 169.254.169.254
 * among them), carrier-grade NAT, multicast or unspecified. Otherwise anyone who may call a
 * deployment could make the server send requests into its own network. The check runs when a job
 * is accepted and again on the address actually used for each delivery, so a DNS answer that
 * changes in between (rebinding) gains nothing. {@code --allow-private-webhooks} lifts both rules
 * for local development and tests.
 */
public final class WebhookPolicy {
    private final boolean allowPrivate;

    public WebhookPolicy(boolean allowPrivate) {
        this.allowPrivate = allowPrivate;
    }

    /**
     * Resolves the URL's host and checks it; blocking (DNS).
     *
     * @return the address to connect to
     * @throws BadRequestException        saying why the URL may not be called
     * @throws UnresolvableHostException when the host does not resolve now, which may pass
     */
    public InetAddress check(URI url) {
        if (!allowPrivate && !"https".equalsIgnoreCase(url.getScheme())) {
            throw new BadRequestException("response_webhook must be an https URL; got " + url.getScheme()
                    + " (the server's --allow-private-webhooks allows http, for development)");
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(url.getHost());
        } catch (UnknownHostException e) {
            throw new UnresolvableHostException("response_webhook host " + url.getHost() + " does not resolve");
        }
        if (!allowPrivate) {
            for (InetAddress address : addresses) {
                if (!isPublic(address)) {
                    throw new BadRequestException("response_webhook host " + url.getHost() + " resolves to "
                            + address.getHostAddress() + ", which is not a public address; webhooks may not reach "
                            + "loopback, private, link-local or metadata addresses");
                }
            }
        }
        return addresses[0];
    }

    /** A host name that does not resolve: refused when a job is accepted, retried when delivering. */
    public static final class UnresolvableHostException extends RuntimeException {
        UnresolvableHostException(String message) {
            super(message);
        }
    }

    static boolean isPublic(InetAddress address) {
        if (address.isLoopbackAddress() || address.isAnyLocalAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return false;
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = bytes[0] & 0xff;
            int second = bytes[1] & 0xff;
            int third = bytes[2] & 0xff;
            boolean thisNetwork = first == 0;
            boolean carrierGradeNat = first == 100 && second >= 64 && second <= 127;
            boolean protocolAssignments = first == 192 && second == 0 && third == 0;
            boolean documentation = (first == 192 && second == 0 && third == 2)
                    || (first == 198 && second == 51 && third == 100) || (first == 203 && second == 0 && third == 113);
            boolean benchmarking = first == 198 && (second == 18 || second == 19);
            boolean reserved = first >= 240;
            return !(thisNetwork || carrierGradeNat || protocolAssignments || documentation || benchmarking || reserved);
        }
        if (address instanceof Inet6Address) {
            int firstWord = ((bytes[0] & 0xff) << 8) | (bytes[1] & 0xff);
            int secondWord = ((bytes[2] & 0xff) << 8) | (bytes[3] & 0xff);
            boolean uniqueLocal = (bytes[0] & 0xfe) == 0xfc;
            boolean documentation = firstWord == 0x2001 && secondWord == 0x0db8;
            // Teredo hides an IPv4 address that cannot be checked here; nobody serves webhooks on it.
            boolean teredo = firstWord == 0x2001 && secondWord == 0;
            boolean localNat64 = firstWord == 0x0064 && secondWord == 0xff9b && bytes[4] == 0 && bytes[5] == 1;
            if (uniqueLocal || documentation || teredo || localNat64) {
                return false;
            }
            // Addresses that carry an IPv4 address reach whatever that address reaches.
            if (zeroes(bytes, 0, 10) && (bytes[10] & bytes[11] & 0xff) == 0xff) {
                return isPublicIpv4(bytes, 12); // IPv4-mapped ::ffff:a.b.c.d
            }
            if (zeroes(bytes, 0, 12)) {
                return isPublicIpv4(bytes, 12); // IPv4-compatible ::a.b.c.d (deprecated, still routed by some stacks)
            }
            if (firstWord == 0x0064 && secondWord == 0xff9b && zeroes(bytes, 4, 12)) {
                return isPublicIpv4(bytes, 12); // NAT64 64:ff9b::a.b.c.d
            }
            if (firstWord == 0x2002) {
                return isPublicIpv4(bytes, 2); // 6to4 2002:AABB:CCDD::
            }
        }
        return true;
    }

    private static boolean isPublicIpv4(byte[] bytes, int offset) {
        try {
            return isPublic(InetAddress.getByAddress(new byte[]{bytes[offset], bytes[offset + 1], bytes[offset + 2], bytes[offset + 3]}));
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static boolean zeroes(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
