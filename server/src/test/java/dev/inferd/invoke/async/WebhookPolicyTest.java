package dev.inferd.invoke.async;

import dev.inferd.error.BadRequestException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Which addresses count as public for webhooks, and the rules {@link WebhookPolicy#check} applies
 * with and without {@code --allow-private-webhooks}. Only IP literals: nothing here asks DNS.
 */
class WebhookPolicyTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "10.0.0.1", "10.255.255.255",
            "172.16.0.1", "172.20.10.1", "172.31.255.254",
            "192.168.0.1", "192.168.255.255",
            "127.0.0.1", "127.1.2.3",
            "169.254.169.254", "169.254.0.1",
            "100.64.0.1", "100.100.100.200", "100.127.255.255",
            "0.0.0.0", "0.1.2.3",
            "224.0.0.1", "239.255.255.250",
            "240.0.0.1", "255.255.255.255",
            "198.18.0.1", "198.19.255.255",
            "::1", "::",
            "fc00::1", "fd12:3456:789a::1",
            "fe80::1", "febf::1", "fec0::1",
            "ff02::1",
            "::ffff:10.0.0.1", "::ffff:127.0.0.1", "::ffff:169.254.169.254", "::ffff:192.168.1.1",
            "192.0.0.1", "192.0.2.1", "198.51.100.7", "203.0.113.9",
            "::10.0.0.1", "::127.0.0.1",
            "64:ff9b::a9fe:a9fe", "64:ff9b::10.0.0.1", "64:ff9b:1::1",
            "2002:a9fe:a9fe::1", "2002:0a00:0001::1", "2002:7f00:0001::1",
            "2001:db8::1", "2001:0:4136:e378:8000:63bf:3fff:fdd2"})
    void isNotPublic(String address) throws UnknownHostException {
        assertThat(WebhookPolicy.isPublic(InetAddress.getByName(address))).as(address).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "8.8.8.8", "1.1.1.1", "93.184.216.34",
            "172.15.255.255", "172.32.0.1",
            "192.169.0.1", "11.0.0.1", "9.255.255.255",
            "100.63.255.255", "100.128.0.1",
            "169.253.255.255", "169.255.0.1",
            "198.17.255.255", "198.20.0.1",
            "223.255.255.254",
            "2606:4700::1111", "2001:4860:4860::8888",
            "::ffff:8.8.8.8", "64:ff9b::8.8.8.8", "2002:0808:0808::1"})
    void isPublic(String address) throws UnknownHostException {
        assertThat(WebhookPolicy.isPublic(InetAddress.getByName(address))).as(address).isTrue();
    }

    @Test
    void anHttpsUrlToAPublicAddressMayBeCalled() {
        InetAddress address = new WebhookPolicy(false).check(URI.create("https://8.8.8.8/hooks/done"));

        assertThat(address.getHostAddress()).isEqualTo("8.8.8.8");
    }

    @Test
    void anHttpsUrlToAPublicIpv6AddressMayBeCalled() {
        InetAddress address = new WebhookPolicy(false).check(URI.create("https://[2606:4700::1111]:8443/hook"));

        assertThat(WebhookPolicy.isPublic(address)).isTrue();
    }

    @Test
    void plainHttpIsRefusedEvenToAPublicAddress() {
        assertThatThrownBy(() -> new WebhookPolicy(false).check(URI.create("http://8.8.8.8/hook")))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("https");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "https://127.0.0.1/hook", "https://10.1.2.3/hook", "https://169.254.169.254/latest/meta-data",
            "https://[::1]:8443/hook", "https://[fd00::1]/hook", "https://[::ffff:10.0.0.1]/hook",
            "https://0.0.0.0/hook", "https://100.64.1.1/hook", "https://localhost/hook"})
    void anHttpsUrlToAPrivateAddressIsRefused(String url) {
        assertThatThrownBy(() -> new WebhookPolicy(false).check(URI.create(url)))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("not a public address");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:9/hook", "https://10.1.2.3/hook", "http://[::1]/hook", "http://169.254.169.254/"})
    void allowingPrivateWebhooksLiftsBothRules(String url) {
        InetAddress address = new WebhookPolicy(true).check(URI.create(url));

        assertThat(address.getHostAddress()).isEqualTo(literal(URI.create(url).getHost()));
    }

    /** The address an IP literal of a URL's host stands for, as {@link InetAddress#getHostAddress} writes it. */
    private static String literal(String host) {
        try {
            return InetAddress.getByName(host).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(host, e);
        }
    }
}
