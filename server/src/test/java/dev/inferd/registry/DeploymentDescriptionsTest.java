package dev.inferd.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.inferd.testing.HttpAnswer;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** PROTOCOL §4: the shapes of GET /api/deployments and GET /api/deployments/{name}. */
class DeploymentDescriptionsTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass();
    static Instant startedAt;

    @BeforeAll
    static void deployOneDescribedDeployment() {
        startedAt = Instant.now().minusSeconds(1);
        server.deployAdder("described", 1);
        server.deployAdder("described", 2);
        HttpAnswer alias = server.put("/api/deployments/described/aliases/stable", "{\"version\": 1}");
        assertThat(alias.status()).isEqualTo(200);
        server.deployAdder("listed_other", 5);
    }


    private static JsonNode listed(String name) {
        for (JsonNode entry : server.get("/api/deployments").json().get("deployments")) {
            if (entry.get("name").asText().equals(name)) {
                return entry;
            }
        }
        throw new AssertionError(name + " is not listed");
    }

    @Test
    void theListHoldsEveryDeploymentWithItsLatestVersionAndAliases() {
        HttpAnswer answer = server.get("/api/deployments");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("Content-Type")).startsWith("application/json");
        JsonNode described = listed("described");
        assertThat(described.get("latestVersion").asInt()).isEqualTo(2);
        assertThat(described.get("aliases").isObject()).isTrue();
        assertThat(described.get("aliases").get("stable").asInt()).isEqualTo(1);
        assertThat(described.get("aliases").size()).isEqualTo(1);
        JsonNode other = listed("listed_other");
        assertThat(other.get("latestVersion").asInt()).isEqualTo(1);
        assertThat(other.get("aliases").isObject()).isTrue();
        assertThat(other.get("aliases").size()).isZero();
    }

    @Test
    void theListIsSortedByName() {
        List<String> names = new ArrayList<>();
        server.get("/api/deployments").json().get("deployments").forEach(entry -> names.add(entry.get("name").asText()));

        assertThat(names).isSorted().contains("described", "listed_other");
    }

    @Test
    void aDeploymentIsDescribedWithItsVersionsAndAliases() {
        HttpAnswer answer = server.get("/api/deployments/described");

        assertThat(answer.status()).isEqualTo(200);
        JsonNode body = answer.json();
        assertThat(body.get("name").asText()).isEqualTo("described");
        assertThat(body.get("latestVersion").asInt()).isEqualTo(2);
        assertThat(body.get("aliases").get("stable").asInt()).isEqualTo(1);
        JsonNode versions = body.get("versions");
        assertThat(versions).hasSize(2);
        for (int i = 0; i < 2; i++) {
            JsonNode version = versions.get(i);
            assertThat(version.get("number").asInt()).isEqualTo(i + 1);
            assertThat(version.get("runtime").asText()).isEqualTo("java");
            assertThat(version.get("main").asText()).isEqualTo("Adder#add");
            assertThat(version.get("contentHash").asText()).matches("[0-9a-f]{64}");
            Instant createdAt = Instant.parse(version.get("createdAt").asText());
            assertThat(createdAt).isBetween(startedAt, Instant.now().plus(Duration.ofSeconds(1)));
        }
        assertThat(versions.get(0).get("contentHash")).isNotEqualTo(versions.get(1).get("contentHash"));
        assertThat(Instant.parse(versions.get(0).get("createdAt").asText()))
                .isBeforeOrEqualTo(Instant.parse(versions.get(1).get("createdAt").asText()));
    }

    @Test
    void describingAnUnknownDeploymentIs404() {
        HttpAnswer answer = server.send("GET", "/api/deployments/never_deployed", null);

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.errorCode()).isEqualTo("not_found");
        assertThat(answer.errorMessage()).contains("never_deployed");
    }

    @Test
    void otherMethodsOnTheListAre405WithAllow() {
        HttpAnswer answer = server.post("/api/deployments", "{}");

        assertThat(answer.status()).isEqualTo(405);
        assertThat(answer.errorCode()).isEqualTo("method_not_allowed");
        assertThat(answer.header("Allow")).isEqualTo("GET");
    }
}
