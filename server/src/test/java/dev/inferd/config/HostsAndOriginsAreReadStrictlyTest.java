package dev.inferd.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the Host and Origin rules compare: names and origins read as browsers write them, and nothing else. */
class HostsAndOriginsAreReadStrictlyTest {

    @Test
    void aHostIsReadInLowerCaseWithoutATrailingDot() {
        assertThat(Authority.parse("Inferd.Internal.:8080")).contains(new Authority("inferd.internal", 8080));
        assertThat(Authority.parse("[::1]:8080")).contains(new Authority("[::1]", 8080));
        assertThat(Authority.parse("localhost")).contains(new Authority("localhost", Authority.NO_PORT));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"", " ", "a b", "user@host", "host/path", "host:0", "host:65536", "host:x", "a:b:c", "[::1",
            "[evil.example]", "http://host"})
    void whatIsNotAHostIsNotReadAsOne(String text) {
        assertThat(Authority.parse(text)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"localhost", "127.0.0.1", "127.255.255.254", "[::1]", "[0:0:0:0:0:0:0:1]", "[::ffff:127.0.0.1]"})
    void loopbackNamesAreLoopback(String host) {
        assertThat(Authority.parse(host).orElseThrow().isLoopback()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"localhost.example", "127.0.0.1.example", "2130706433", "127.1", "0.0.0.0", "[::]", "128.0.0.1",
            "127.0.0.300", "[fe80::1]"})
    void otherNamesAreNot(String host) {
        assertThat(Authority.parse(host).orElseThrow().isLoopback()).isFalse();
    }

    @Test
    void aNameWithoutAPortAdmitsEveryPortAndOneWithAPortOnlyItsOwn() {
        Authority anyPort = new Authority("inferd.internal", Authority.NO_PORT);
        Authority onePort = new Authority("inferd.internal", 9000);

        assertThat(anyPort.admits(new Authority("inferd.internal", 8080))).isTrue();
        assertThat(onePort.admits(new Authority("inferd.internal", 9000))).isTrue();
        assertThat(onePort.admits(new Authority("inferd.internal", 8080))).isFalse();
        assertThat(anyPort.admits(new Authority("other.internal", 8080))).isFalse();
    }

    @Test
    void anOriginWithoutAPortHasItsSchemesOwn() {
        assertThat(WebOrigin.parse("http://localhost")).isEqualTo(WebOrigin.parse("http://localhost:80"));
        assertThat(WebOrigin.parse("HTTPS://App.Example.com")).contains(new WebOrigin("https", "app.example.com", 443));
        assertThat(WebOrigin.parse("http://localhost:443")).isNotEqualTo(WebOrigin.parse("https://localhost"));
    }

    @Test
    void anOriginIsWrittenAsABrowserWritesIt() {
        assertThat(WebOrigin.parse("https://app.example.com:443").orElseThrow()).hasToString("https://app.example.com");
        assertThat(WebOrigin.parse("http://[::1]:8080").orElseThrow()).hasToString("http://[::1]:8080");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"null", "app.example.com", "https://app.example.com/", "https://app.example.com/page",
            "https://user@app.example.com", "https://", "file://", "https://app.example.com?x=1"})
    void whatIsNotAnOriginIsNotReadAsOne(String text) {
        assertThat(WebOrigin.parse(text)).isEmpty();
    }

    @Test
    void corsOriginsAllowTheirOriginsOrEveryOne() {
        CorsOrigins some = CorsOrigins.of(List.of("https://app.example.com"));
        CorsOrigins every = CorsOrigins.of(List.of("*"));

        assertThat(some.allow(WebOrigin.parse("https://app.example.com:443").orElseThrow())).isTrue();
        assertThat(some.allow(WebOrigin.parse("http://app.example.com").orElseThrow())).isFalse();
        assertThat(every.allow(WebOrigin.parse("https://anywhere.example").orElseThrow())).isTrue();
        assertThat(CorsOrigins.NONE.any()).isFalse();
    }

    @Test
    void aCorsOriginThatIsNotOneIsRefusedNamingIt() {
        assertThatThrownBy(() -> CorsOrigins.of(List.of("app.example.com")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'app.example.com' is not an origin");
    }
}
