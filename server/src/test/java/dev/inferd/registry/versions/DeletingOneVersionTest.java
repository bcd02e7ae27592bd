package dev.inferd.registry.versions;

import dev.inferd.testing.HttpAnswer;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code DELETE /api/deployments/{name}/versions/{n}}: one version goes; aliases and the last version keep theirs. */
class DeletingOneVersionTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass();


    @Test
    void aDeletedVersionIsGoneAndTheOthersStillAnswer() {
        server.deployAdderVersions("middle", 3);

        HttpAnswer deleted = server.delete("/api/deployments/middle/versions/2");

        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.body()).isEqualTo("{\"name\":\"middle\",\"version\":2,\"deleted\":true}");
        assertThat(server.call("middle/2", "10").status()).isEqualTo(404);
        assertThat(server.call("middle/1", "10").body()).isEqualTo("{\"data\":11}");
        assertThat(server.call("middle/3", "10").body()).isEqualTo("{\"data\":13}");
        assertThat(server.get("/api/deployments/middle/versions").json().get("versions").findValuesAsText("number"))
                .containsExactly("1", "3");
    }

    @Test
    void deletingTheNewestVersionMakesLatestFollowTheNewestRemaining() {
        server.deployAdderVersions("newest", 3);

        server.delete("/api/deployments/newest/versions/3");

        assertThat(server.call("newest/latest", "10").body()).isEqualTo("{\"data\":12}");
        assertThat(server.call("newest", "10").body()).isEqualTo("{\"data\":12}");
        assertThat(server.get("/api/deployments").json().get("deployments").findValue("latestVersion").asInt()).isEqualTo(2);
    }

    @Test
    void aVersionAnAliasPointsAtIsRefusedWith409NamingTheAlias() {
        server.deployAdderVersions("aliased", 2);
        server.put("/api/deployments/aliased/aliases/stable", "{\"version\": 1}");

        HttpAnswer refused = server.delete("/api/deployments/aliased/versions/1");

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.errorCode()).isEqualTo("conflict");
        assertThat(refused.errorMessage()).contains("alias stable").contains("move or delete it first");
        assertThat(server.call("aliased/stable", "10").body()).isEqualTo("{\"data\":11}");
    }

    @Test
    void aVersionIsDeletableOnceItsAliasHasMoved() {
        server.deployAdderVersions("moved", 2);
        server.put("/api/deployments/moved/aliases/stable", "{\"version\": 1}");
        server.put("/api/deployments/moved/aliases/stable", "{\"version\": 2}");

        assertThat(server.delete("/api/deployments/moved/versions/1").status()).isEqualTo(200);
        assertThat(server.call("moved/stable", "10").body()).isEqualTo("{\"data\":12}");
    }

    @Test
    void theOnlyVersionIsRefusedWith409PointingAtDeletingTheDeployment() {
        server.deployAdderVersions("alone", 1);

        HttpAnswer refused = server.delete("/api/deployments/alone/versions/1");

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.errorCode()).isEqualTo("conflict");
        assertThat(refused.errorMessage()).contains("only version").contains("DELETE /api/deployments/alone");
        assertThat(server.call("alone", "10").body()).isEqualTo("{\"data\":11}");
    }

    @Test
    void theLastOfSeveralVersionsLeftIsRefusedToo() {
        server.deployAdderVersions("last_left", 2);
        server.delete("/api/deployments/last_left/versions/1");

        assertThat(server.delete("/api/deployments/last_left/versions/2").status()).isEqualTo(409);
    }

    @Test
    void aVersionThatIsNotThereIs404() {
        server.deployAdderVersions("present", 2);

        assertThat(server.delete("/api/deployments/present/versions/7").status()).isEqualTo(404);
        assertThat(server.delete("/api/deployments/present/versions/two").status()).isEqualTo(404);
        assertThat(server.delete("/api/deployments/absent/versions/1").status()).isEqualTo(404);
    }

    @Test
    void theNextDeployAfterDeletingTheNewestVersionTakesTheNextNumberNotTheDeletedOne() {
        server.deployAdderVersions("renumbered", 2);
        server.delete("/api/deployments/renumbered/versions/2");

        HttpAnswer next = server.deployAdder("renumbered", 30);

        assertThat(next.json().get("version").asInt()).isEqualTo(3);
        assertThat(server.call("renumbered/2", "10").status()).isEqualTo(404);
    }

    @Test
    void deployingADeletedVersionsContentAgainMakesANewVersion() {
        server.deployAdderVersions("returning", 2);
        server.delete("/api/deployments/returning/versions/2");

        HttpAnswer again = server.deployAdder("returning", 2);

        assertThat(again.status()).isEqualTo(201);
        assertThat(again.json().get("version").asInt()).isEqualTo(3);
        assertThat(server.call("returning", "10").body()).isEqualTo("{\"data\":12}");
    }
}
