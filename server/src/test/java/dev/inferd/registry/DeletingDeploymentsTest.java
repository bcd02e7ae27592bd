package dev.inferd.registry;

import dev.inferd.testing.HttpAnswer;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** PROTOCOL §4: DELETE /api/deployments/{name} removes the deployment, its versions and its aliases. */
class DeletingDeploymentsTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass();


    @Test
    void aDeletedDeploymentIsGoneFromTheApiAndFromInference() {
        server.deployAdder("deleted", 1);
        server.deployAdder("deleted", 2);
        server.put("/api/deployments/deleted/aliases/stable", "{\"version\": 1}");

        HttpAnswer answer = server.delete("/api/deployments/deleted");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(server.send("GET", "/api/deployments/deleted", null).status()).isEqualTo(404);
        assertThat(server.get("/api/deployments").json().get("deployments").findValuesAsText("name")).doesNotContain("deleted");
        for (String ref : new String[] {"deleted", "deleted/latest", "deleted/1", "deleted/2", "deleted/stable"}) {
            HttpAnswer call = server.call(ref, "10");
            assertThat(call.status()).as(ref).isEqualTo(404);
            assertThat(call.errorCode()).as(ref).isEqualTo("not_found");
        }
    }

    @Test
    void aRedeployAfterDeletionHasNoOldVersionsNorAliases() {
        server.deployAdder("redeployed", 1);
        server.deployAdder("redeployed", 2);
        server.put("/api/deployments/redeployed/aliases/stable", "{\"version\": 2}");
        server.delete("/api/deployments/redeployed");

        HttpAnswer again = server.deployAdder("redeployed", 2);

        assertThat(again.status()).isEqualTo(201);
        assertThat(again.json().get("version").asInt()).isEqualTo(3);
        assertThat(again.json().get("created").asBoolean()).isTrue();
        assertThat(server.call("redeployed/3", "10").body()).isEqualTo("{\"data\":12}");
        assertThat(server.call("redeployed/1", "10").status()).isEqualTo(404);
        assertThat(server.call("redeployed/2", "10").status()).isEqualTo(404);
        assertThat(server.call("redeployed/stable", "10").status()).isEqualTo(404);
        assertThat(server.get("/api/deployments/redeployed").json().get("versions")).hasSize(1);
    }

    @Test
    void aRedeployOfTheFirstContentAfterDeletionAnswersItsOwnBehaviour() {
        server.deployAdder("recreated", 1);
        server.call("recreated", "10");
        server.delete("/api/deployments/recreated");

        server.deployAdder("recreated", 5);

        assertThat(server.call("recreated/2", "10").body()).isEqualTo("{\"data\":15}");
    }

    @Test
    void deletingOneDeploymentLeavesAnotherWithTheSameContentWorking() {
        server.deployAdder("shared_content_a", 7);
        server.deployAdder("shared_content_b", 7);

        server.delete("/api/deployments/shared_content_a");

        assertThat(server.call("shared_content_b", "10").body()).isEqualTo("{\"data\":17}");
    }

    @Test
    void deletingAnUnknownDeploymentIs404() {
        HttpAnswer answer = server.send("DELETE", "/api/deployments/never_there", null);

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.errorCode()).isEqualTo("not_found");
    }
}
