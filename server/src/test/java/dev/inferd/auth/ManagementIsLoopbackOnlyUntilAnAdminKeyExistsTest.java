package dev.inferd.auth;

import dev.inferd.config.HttpSettings;
import dev.inferd.testing.HttpAnswer;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * PROTOCOL §2: while no admin key exists, management is open to callers on this machine only;
 * anyone else gets 403 and is told how to make an admin key. A request that came through a proxy
 * (X-Forwarded-For, Forwarded, X-Real-IP) is not from this machine. No admin key is made here.
 */
class ManagementIsLoopbackOnlyUntilAnAdminKeyExistsTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass();
    static final KeyedRequests requests = new KeyedRequests(server);

    @TempDir
    Path otherDataDirectory;

    @Test
    void loopbackCallersManageWithoutAKey() {
        assertThat(requests.manage("GET", "/api/deployments", null, null).status()).isEqualTo(200);
        assertThat(requests.manage("GET", "/api/keys", null, null).status()).isEqualTo(200);
        HttpAnswer created = requests.manage("POST", "/api/keys", "{\"name\": \"made_from_loopback\"}", null);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
    }

    @ParameterizedTest
    @CsvSource({
            "X-Forwarded-For, 203.0.113.7",
            "X-Forwarded-For, 127.0.0.1",
            "x-forwarded-for, 203.0.113.7",
            "Forwarded, for=203.0.113.7",
            "Forwarded, for=127.0.0.1",
            "X-Real-IP, 203.0.113.7",
            "X-Real-IP, 127.0.0.1"})
    void aProxiedCallerIsForbiddenAndToldHowToMakeAnAdminKey(String header, String value) {
        HttpAnswer answer = server.send("GET", "/api/deployments", null, header, value);

        assertThat(answer.status()).as(answer.toString()).isEqualTo(403);
        assertThat(answer.errorCode()).isEqualTo("forbidden");
        assertThat(answer.errorMessage()).contains("keys create").contains("--admin");
    }

    @ParameterizedTest
    @CsvSource({"X-Forwarded-For, 203.0.113.7", "Forwarded, for=203.0.113.7", "X-Real-IP, 203.0.113.7"})
    void aProxiedCallerCannotMakeItsOwnAdminKey(String header, String value) {
        String name = "proxied_admin_" + header.replace("-", "_");

        HttpAnswer answer = server.send("POST", "/api/keys", "{\"name\": \"" + name + "\", \"admin\": true}", header, value);

        assertThat(answer.status()).as(answer.toString()).isEqualTo(403);
        assertThat(answer.body()).doesNotContain("inferd_");
        assertThat(server.get("/api/keys").json().get("keys").findValuesAsText("name")).doesNotContain(name);
    }

    @Test
    void aProxiedCallerCannotDeployOrDeleteKeys() {
        requests.createKey("proxied_target", null, false, null);

        HttpAnswer delete = server.send("DELETE", "/api/keys/proxied_target", null, "X-Forwarded-For", "203.0.113.7");
        HttpAnswer deploy = server.send("POST", "/api/deployments/proxied_deploy/versions",
                "{\"runtime\": \"java\", \"main\": \"Echo#echo\", \"files\": {\"Echo.java\": \"public class Echo { "
                        + KeyedRequests.echoClass() + " }\"}}",
                "Forwarded", "for=203.0.113.7");

        assertThat(delete.status()).as(delete.toString()).isEqualTo(403);
        assertThat(deploy.status()).as(deploy.toString()).isEqualTo(403);
        assertThat(server.get("/api/keys").json().get("keys").findValuesAsText("name")).contains("proxied_target");
        assertThat(server.get("/api/deployments/proxied_deploy").status()).isEqualTo(404);
    }

    @Test
    void aNonAdminKeyDoesNotOpenManagementToAProxiedCaller() {
        String key = requests.createKey("inference_only_proxied", null, false, null);

        HttpAnswer answer = server.send("GET", "/api/keys", null, "Authorization", "Bearer " + key,
                "X-Forwarded-For", "203.0.113.7");

        assertThat(answer.status()).as(answer.toString()).isEqualTo(403);
        assertThat(answer.errorCode()).isEqualTo("forbidden");
    }

    @Test
    void aNonAdminKeyFromLoopbackKeepsLoopbackAccess() {
        String key = requests.createKey("inference_only_loopback", null, false, null);

        assertThat(requests.manage("GET", "/api/keys", null, key).status()).isEqualTo(200);
    }

    @Test
    void aWrongKeyFromLoopbackIsUnauthorized() {
        HttpAnswer answer = requests.manage("GET", "/api/keys", null, "Bearer inferd_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");

        assertThat(answer.status()).as(answer.toString()).isEqualTo(401);
        assertThat(answer.errorCode()).isEqualTo("unauthorized");
    }

    @Test
    void aCallerOnAnotherAddressIsForbiddenAndToldHowToMakeAnAdminKey() {
        Optional<InetAddress> address = nonLoopbackAddress();
        assumeTrue(address.isPresent(), "this machine has no non-loopback IPv4 address");
        try (TestServer everywhere = TestServer.start(otherDataDirectory, settings -> settings.set(HttpSettings::host, "0.0.0.0"))) {
            KeyedRequests remote = new KeyedRequests("http://" + address.get().getHostAddress() + ":" + everywhere.port());
            KeyedRequests local = new KeyedRequests("http://127.0.0.1:" + everywhere.port());

            HttpAnswer refused = remote.manage("GET", "/api/deployments", null, null);
            HttpAnswer createRefused = remote.manage("POST", "/api/keys", "{\"name\": \"remote_admin\", \"admin\": true}", null);

            assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
            assertThat(refused.errorCode()).isEqualTo("forbidden");
            assertThat(refused.errorMessage()).contains("keys create").contains("--admin");
            assertThat(createRefused.status()).as(createRefused.toString()).isEqualTo(403);
            assertThat(local.manage("GET", "/api/deployments", null, null).status()).isEqualTo(200);
        }
    }

    static Optional<InetAddress> nonLoopbackAddress() {
        try {
            for (NetworkInterface network : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!network.isUp() || network.isLoopback()) {
                    continue;
                }
                for (InetAddress address : Collections.list(network.getInetAddresses())) {
                    if (address instanceof Inet4Address && !address.isLoopbackAddress() && !address.isLinkLocalAddress()) {
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
