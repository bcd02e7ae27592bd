package dev.inferd.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.inferd.testing.HttpAnswer;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** PROTOCOL §4: each different deploy is a new immutable version; identical content to the latest is a no-op. */
class DeployingVersionsTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    /** A function that adds {@code offset}, so every version answers differently. */

    @Test
    void aFirstDeployAnswers201WithVersionOneCreated() {
        HttpAnswer answer = server.deployAdder("first_deploy", 1);

        assertThat(answer.status()).isEqualTo(201);
        assertThat(answer.json().get("name").asText()).isEqualTo("first_deploy");
        assertThat(answer.json().get("version").asInt()).isEqualTo(1);
        assertThat(answer.json().get("created").asBoolean()).isTrue();
        assertThat(answer.json().size()).isEqualTo(3);
        assertThat(server.call("first_deploy", "10").body()).isEqualTo("{\"data\":11}");
    }

    @Test
    void aSecondDifferentDeployIsVersionTwoAndLatestFollowsIt() {
        server.deployAdder("second_deploy", 1);

        HttpAnswer second = server.deployAdder("second_deploy", 2);

        assertThat(second.status()).isEqualTo(201);
        assertThat(second.json().get("version").asInt()).isEqualTo(2);
        assertThat(second.json().get("created").asBoolean()).isTrue();
        assertThat(server.call("second_deploy/latest", "10").body()).isEqualTo("{\"data\":12}");
        assertThat(server.call("second_deploy", "10").body()).isEqualTo("{\"data\":12}");
        assertThat(server.get("/api/deployments/second_deploy").json().get("latestVersion").asInt()).isEqualTo(2);
    }

    @Test
    void deployingContentIdenticalToTheLatestAnswers200WithTheSameVersionAndCreatesNothing() {
        server.deployAdder("identical_deploy", 1);
        server.deployAdder("identical_deploy", 2);

        HttpAnswer again = server.deployAdder("identical_deploy", 2);

        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("name").asText()).isEqualTo("identical_deploy");
        assertThat(again.json().get("version").asInt()).isEqualTo(2);
        assertThat(again.json().get("created").asBoolean()).isFalse();
        JsonNode described = server.get("/api/deployments/identical_deploy").json();
        assertThat(described.get("latestVersion").asInt()).isEqualTo(2);
        assertThat(described.get("versions")).hasSize(2);
    }

    @Test
    void deployingContentIdenticalToAnOlderVersionButNotTheLatestCreatesANewVersion() {
        server.deployAdder("rollback_deploy", 1);
        server.deployAdder("rollback_deploy", 2);

        HttpAnswer rollback = server.deployAdder("rollback_deploy", 1);

        assertThat(rollback.status()).isEqualTo(201);
        assertThat(rollback.json().get("version").asInt()).isEqualTo(3);
        assertThat(rollback.json().get("created").asBoolean()).isTrue();
        assertThat(server.call("rollback_deploy", "10").body()).isEqualTo("{\"data\":11}");
        JsonNode versions = server.get("/api/deployments/rollback_deploy").json().get("versions");
        assertThat(versions.get(2).get("contentHash")).isEqualTo(versions.get(0).get("contentHash"));
    }

    @Test
    void anOldVersionKeepsItsBehaviourAfterANewerOneIsDeployed() {
        server.deployAdder("immutable_deploy", 100);
        server.call("immutable_deploy/1", "1");
        server.deployAdder("immutable_deploy", 200);

        assertThat(server.call("immutable_deploy/1", "1").body()).isEqualTo("{\"data\":101}");
        assertThat(server.call("immutable_deploy/2", "1").body()).isEqualTo("{\"data\":201}");
        assertThat(server.call("immutable_deploy/latest", "1").body()).isEqualTo("{\"data\":201}");
    }

    @Test
    void anUnknownVersionNumberIs404() {
        server.deployAdder("missing_version", 1);

        HttpAnswer answer = server.call("missing_version/2", "1");

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.errorCode()).isEqualTo("not_found");
    }

    @Test
    void deploysToDifferentNamesNumberTheirVersionsIndependently() {
        server.deployAdder("independent_a", 1);
        server.deployAdder("independent_a", 2);

        HttpAnswer other = server.deployAdder("independent_b", 2);

        assertThat(other.json().get("version").asInt()).isEqualTo(1);
    }
}
