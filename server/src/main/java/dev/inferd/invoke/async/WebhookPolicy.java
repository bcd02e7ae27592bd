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
            boolean thisNetwork = first == 0;
            boolean carrierGradeNat = first == 100 && second >= 64 && second <= 127;
            boolean benchmarking = first == 198 && (second == 18 || second == 19);
            boolean reserved = first >= 240;
            return !(thisNetwork || carrierGradeNat || benchmarking || reserved);
        }
        if (address instanceof Inet6Address) {
            boolean uniqueLocal = (bytes[0] & 0xfe) == 0xfc;
            if (uniqueLocal) {
                return false;
            }
            if (isIpv4Mapped(bytes)) {
                try {
                    return isPublic(InetAddress.getByAddress(new byte[]{bytes[12], bytes[13], bytes[14], bytes[15]}));
                } catch (UnknownHostException e) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean isIpv4Mapped(byte[] bytes) {
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return (bytes[10] & 0xff) == 0xff && (bytes[11] & 0xff) == 0xff;
    }
}
