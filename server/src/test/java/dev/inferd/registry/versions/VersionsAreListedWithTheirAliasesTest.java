package dev.inferd.registry.versions;

import com.fasterxml.jackson.databind.JsonNode;
import dev.inferd.testing.HttpAnswer;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /api/deployments/{name}/versions} and {@code …/versions/{n}}: what each version is and who points at it. */
class VersionsAreListedWithTheirAliasesTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    @BeforeAll
    static void deployThreeVersionsWithAliases() {
        server.deployAdderVersions("listed", 3);
        server.put("/api/deployments/listed/aliases/stable", "{\"version\": 1}");
        server.put("/api/deployments/listed/aliases/canary", "{\"version\": 1}");
        server.put("/api/deployments/listed/aliases/next", "{\"version\": 3}");
    }

    @Test
    void everyVersionIsListedOldestFirstWithTheAliasesThatPointAtIt() {
        HttpAnswer answer = server.get("/api/deployments/listed/versions");

        assertThat(answer.status()).isEqualTo(200);
        JsonNode versions = answer.json().get("versions");
        assertThat(answer.json().get("name").asText()).isEqualTo("listed");
        assertThat(versions.findValuesAsText("number")).containsExactly("1", "2", "3");
        assertThat(versions.get(0).get("aliases").toString()).isEqualTo("[\"canary\",\"stable\"]");
        assertThat(versions.get(1).get("aliases").toString()).isEqualTo("[]");
        assertThat(versions.get(2).get("aliases").toString()).isEqualTo("[\"next\"]");
        assertThat(versions.findValuesAsText("latest")).containsExactly("false", "false", "true");
    }

    @Test
    void aListedVersionNamesItsRuntimeMainCreationTimeAndBundleHash() {
        JsonNode first = server.get("/api/deployments/listed/versions").json().get("versions").get(0);

        assertThat(first.get("runtime").asText()).isEqualTo("java");
        assertThat(first.get("main").asText()).isEqualTo("Adder#add");
        assertThat(first.get("createdAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat(first.get("contentHash").asText()).matches("[0-9a-f]{64}");
    }

    @Test
    void oneVersionIsDescribedAsTheListDescribesIt() {
        HttpAnswer one = server.get("/api/deployments/listed/versions/3");

        assertThat(one.status()).isEqualTo(200);
        assertThat(one.json()).isEqualTo(server.get("/api/deployments/listed/versions").json().get("versions").get(2));
    }

    @Test
    void aDeploymentsDescriptionListsTheSameVersions() {
        assertThat(server.get("/api/deployments/listed").json().get("versions"))
                .isEqualTo(server.get("/api/deployments/listed/versions").json().get("versions"));
    }

    @Test
    void theVersionsOfAnUnknownDeploymentAre404() {
        HttpAnswer answer = server.get("/api/deployments/never_deployed/versions");

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.errorCode()).isEqualTo("not_found");
    }

    @Test
    void aVersionNumberTheDeploymentNeverHadIs404() {
        for (String number : new String[] {"4", "0", "-1", "01", "abc", "99999999999"}) {
            HttpAnswer answer = server.get("/api/deployments/listed/versions/" + number);

            assertThat(answer.status()).as(number).isEqualTo(404);
            assertThat(answer.errorCode()).as(number).isEqualTo("not_found");
        }
    }
}
