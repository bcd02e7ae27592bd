package dev.inferd.runtime.java;

import dev.inferd.testing.TestServer;

import static org.assertj.core.api.Assertions.assertThat;

/** Checks, from outside, that a refused deploy left no deployment behind. */
final class NotDeployed {

    private NotDeployed() {
    }

    static void assertNotDeployed(TestServer server, String name) {
        assertThat(server.get("/api/deployments").json().path("deployments").findValuesAsText("name"))
                .doesNotContain(name);
        // On a connection of its own: the server closes a connection after an error answer to a GET
        // (reported bug), which would break the next request of the shared client.
        assertThat(server.onFreshConnections().get("/api/deployments/" + name).status()).isEqualTo(404);
    }
}
