package dev.inferd.cli;

import dev.inferd.config.ServerConfig;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** A fresh server is never open to the network: it binds 127.0.0.1 unless --host says otherwise, and keys are optional unless asked for. */
class ServeListensOnLoopbackUnlessToldTest {
    @TempDir
    Path dataDirectory;

    private static ServerConfig parse(String... args) {
        ServeCommand serve = new ServeCommand(config -> {
            throw new AssertionError("not started in this test");
        }, Optional.empty());
        new CommandLine(serve).parseArgs(args);
        return serve.toConfig();
    }

    @Test
    void theConfigurationDefaultsToLoopback() {
        assertThat(ServerConfig.DEFAULTS.http().host()).isEqualTo("127.0.0.1");
    }

    @Test
    void serveDefaultsToLoopbackAndKeysNotRequired() {
        ServerConfig config = parse();

        assertThat(config.http().host()).isEqualTo("127.0.0.1");
        assertThat(config.access().requireApiKeys()).isFalse();
    }

    @Test
    void serveTakesTheHostAndTheKeyRequirementFromItsOptions() {
        ServerConfig config = parse("--host", "0.0.0.0", "--require-api-keys");

        assertThat(config.http().host()).isEqualTo("0.0.0.0");
        assertThat(config.access().requireApiKeys()).isTrue();
    }

    @Test
    void aServerWithTheDefaultHostCannotBeReachedFromAnotherAddress() {
        Optional<InetAddress> address = nonLoopbackAddress();
        assumeTrue(address.isPresent(), "this machine has no non-loopback IPv4 address");
        try (TestServer server = TestServer.start(dataDirectory)) {
            assertThat(server.get("/healthz").status()).isEqualTo(200);

            assertThatThrownBy(() -> {
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress(address.get(), server.port()), 5000);
                }
            }).isInstanceOf(ConnectException.class);
        }
    }

    private static Optional<InetAddress> nonLoopbackAddress() {
        try {
            for (NetworkInterface network : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!network.isUp() || network.isLoopback()) {
                    continue;
                }
                for (InetAddress address : Collections.list(network.getInetAddresses())) {
                    if (address instanceof Inet4Address && !address.isLinkLocalAddress()) {
                        return Optional.of(address);
                    }
                }
            }
        } catch (SocketException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
