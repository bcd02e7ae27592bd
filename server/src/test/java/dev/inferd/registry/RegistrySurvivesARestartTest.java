package dev.inferd.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.inferd.Main;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Versions, aliases and latest live in the data directory, so a new server on it answers as the old one did. */
class RegistrySurvivesARestartTest {


    @Test
    void aNewServerOnTheSameDataDirectoryAnswersEveryVersionAliasAndLatestAsBefore(@TempDir Path dataDirectory) {
        try (TestServer first = TestServer.start(dataDirectory)) {
            first.deployAdder("persisted", 1);
            first.deployAdder("persisted", 2);
            assertThat(first.put("/api/deployments/persisted/aliases/stable", "{\"version\": 1}").status()).isEqualTo(200);
        }

        try (TestServer second = TestServer.start(dataDirectory)) {
            assertThat(second.call("persisted/1", "10").body()).isEqualTo("{\"data\":11}");
            assertThat(second.call("persisted/2", "10").body()).isEqualTo("{\"data\":12}");
            assertThat(second.call("persisted/latest", "10").body()).isEqualTo("{\"data\":12}");
            assertThat(second.call("persisted", "10").body()).isEqualTo("{\"data\":12}");
            assertThat(second.call("persisted/stable", "10").body()).isEqualTo("{\"data\":11}");
            JsonNode listed = second.get("/api/deployments").json().get("deployments").get(0);
            assertThat(listed.get("name").asText()).isEqualTo("persisted");
            assertThat(listed.get("latestVersion").asInt()).isEqualTo(2);
            assertThat(listed.get("aliases").get("stable").asInt()).isEqualTo(1);
        }
    }

    @Test
    void aDeploymentIsDescribedExactlyAsBeforeARestart(@TempDir Path dataDirectory) {
        JsonNode describedBefore;
        try (TestServer first = TestServer.start(dataDirectory)) {
            first.deployAdder("described", 1);
            first.deployAdder("described", 2);
            first.put("/api/deployments/described/aliases/stable", "{\"version\": 1}");
            describedBefore = first.get("/api/deployments/described").json();
        }

        try (TestServer second = TestServer.start(dataDirectory)) {
            assertThat(second.get("/api/deployments/described").json()).isEqualTo(describedBefore);
        }
    }

    @Test
    void afterARestartTheNextDeployContinuesTheNumberingAndIdenticalContentIsStillANoOp(@TempDir Path dataDirectory) {
        try (TestServer first = TestServer.start(dataDirectory)) {
            first.deployAdder("numbered", 1);
            first.deployAdder("numbered", 2);
        }

        try (TestServer second = TestServer.start(dataDirectory)) {
            JsonNode unchanged = second.deployJavaClass("numbered", "Adder", "add",
                    "public static long add(long x) { return x + 2; }").json();
            JsonNode next = second.deployJavaClass("numbered", "Adder", "add",
                    "public static long add(long x) { return x + 3; }").json();

            assertThat(unchanged.get("created").asBoolean()).isFalse();
            assertThat(unchanged.get("version").asInt()).isEqualTo(2);
            assertThat(next.get("version").asInt()).isEqualTo(3);
            assertThat(second.call("numbered/3", "10").body()).isEqualTo("{\"data\":13}");
        }
    }

    @Test
    void movedAndDeletedAliasesAndDeletedDeploymentsStayThatWayAfterARestart(@TempDir Path dataDirectory) {
        try (TestServer first = TestServer.start(dataDirectory)) {
            first.deployAdder("changed", 1);
            first.deployAdder("changed", 2);
            first.put("/api/deployments/changed/aliases/moved", "{\"version\": 1}");
            first.put("/api/deployments/changed/aliases/moved", "{\"version\": 2}");
            first.put("/api/deployments/changed/aliases/removed", "{\"version\": 1}");
            first.delete("/api/deployments/changed/aliases/removed");
            first.deployAdder("gone", 1);
            first.delete("/api/deployments/gone");
        }

        try (TestServer second = TestServer.start(dataDirectory)) {
            JsonNode aliases = second.get("/api/deployments/changed").json().get("aliases");
            assertThat(aliases.size()).isEqualTo(1);
            assertThat(aliases.get("moved").asInt()).isEqualTo(2);
            assertThat(second.call("changed/moved", "10").body()).isEqualTo("{\"data\":12}");
            assertThat(second.get("/api/deployments").json().get("deployments").findValuesAsText("name"))
                    .containsExactly("changed");
        }
    }

    @Test
    void aServerProcessCannotStartOnADataDirectoryAnotherServerIsUsing(@TempDir Path dataDirectory) throws Exception {
        try (TestServer first = TestServer.start(dataDirectory)) {
            first.deployAdder("locked", 1);

            Process second = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                    "serve", "--port", "0", "--data-dir", dataDirectory.toString())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            boolean exited = second.waitFor(60, TimeUnit.SECONDS);
            if (!exited) {
                second.destroyForcibly();
            }
            String errors = new String(second.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);

            assertThat(exited).as("the second server must refuse to start, not run").isTrue();
            assertThat(second.exitValue()).isEqualTo(1);
            assertThat(errors).contains("another inferd server is using the data directory")
                    .contains(dataDirectory.toAbsolutePath().toString())
                    .contains("--data-dir");
            assertThat(first.call("locked", "10").body()).isEqualTo("{\"data\":11}");
        }
    }

    @Test
    void aSecondServerInTheSameProcessCannotUseADataDirectoryThatIsInUse(@TempDir Path dataDirectory) {
        try (TestServer first = TestServer.start(dataDirectory)) {
            first.deployAdder("locked_here", 1);

            assertThatThrownBy(() -> TestServer.start(dataDirectory).close())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("another inferd server is using the data directory")
                    .hasMessageContaining(dataDirectory.toAbsolutePath().toString());
            assertThat(first.call("locked_here", "10").body()).isEqualTo("{\"data\":11}");
        }
    }

    @Test
    void theDataDirectoryCanBeUsedAgainOnceItsServerHasStopped(@TempDir Path dataDirectory) {
        TestServer.start(dataDirectory).close();

        try (TestServer again = TestServer.start(dataDirectory)) {
            assertThat(again.get("/healthz").status()).isEqualTo(200);
        }
    }
}
