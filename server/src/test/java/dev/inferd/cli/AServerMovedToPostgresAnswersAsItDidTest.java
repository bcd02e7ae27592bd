package dev.inferd.cli;

import dev.inferd.config.AccessSettings;
import dev.inferd.config.ServerConfig;
import dev.inferd.store.PostgresDatabases;
import dev.inferd.testing.HttpAnswer;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The documented move, end to end: a server on SQLite is stopped, {@code inferd migrate-to} copies
 * its data directory, and a server started with {@code --database} on an empty data directory of
 * its own answers every call as the first one did, under the same version numbers, to the same key.
 */
class AServerMovedToPostgresAnswersAsItDidTest {
    /** Each ref named by number, alias and latest, with the version deployAdder gave it (n adds n). */
    private static final List<String> REFS = List.of("adder/1", "adder/2", "adder/official", "adder");

    @RegisterExtension
    final PostgresDatabases databases = new PostgresDatabases();
    @TempDir
    Path sqliteDataDirectory;
    @TempDir
    Path replicaDataDirectory;

    @Test
    void everyRefAnswersAsBeforeAndTheNextDeployNumbersOnAfterTheDeletedVersion() {
        ConsoleCapture created = Inferd.run(Map.of(), "keys", "create", "--name", "caller", "--deployments", "adder",
                "--data-dir", sqliteDataDirectory.toString());
        assertThat(created.exitCode()).as(created.err()).isZero();
        String key = created.out().strip().lines().reduce((first, second) -> second).orElseThrow();

        Map<String, String> answersBefore;
        try (TestServer alone = TestServer.start(sqliteDataDirectory, settings -> settings.set(AccessSettings::requireApiKeys, true))) {
            alone.deployAdderVersions("adder", 3);
            assertThat(alone.put("/api/deployments/adder/aliases/official", "{\"version\": 1}").status()).isEqualTo(200);
            assertThat(alone.delete("/api/deployments/adder/versions/3").status()).isEqualTo(200);
            answersBefore = answers(alone, key);
        }
        assertThat(answersBefore).containsExactly(Map.entry("adder/1", "{\"data\":11}"), Map.entry("adder/2", "{\"data\":12}"),
                Map.entry("adder/official", "{\"data\":11}"), Map.entry("adder", "{\"data\":12}"));

        ConsoleCapture migrated = Inferd.run(Map.of(), "migrate-to", databases.jdbcUrl(), "--data-dir", sqliteDataDirectory.toString());
        assertThat(migrated.exitCode()).as(migrated.err()).isZero();

        try (TestServer replica = TestServer.start(replicaDataDirectory, settings -> settings
                .set(AccessSettings::requireApiKeys, true)
                .set(ServerConfig::database, Optional.of(databases.url())))) {
            assertThat(answers(replica, key)).isEqualTo(answersBefore);
            assertThat(replica.call("adder/2", "10").status()).as("without the key").isEqualTo(401);

            HttpAnswer deployed = replica.deployAdder("adder", 7);
            assertThat(deployed.json().get("version").asInt()).as(deployed.toString()).isEqualTo(4);
        }
    }

    private static Map<String, String> answers(TestServer server, String key) {
        Map<String, String> answers = new LinkedHashMap<>();
        for (String ref : REFS) {
            HttpAnswer answer = server.send("POST", "/v1/" + ref, "{\"data\": 10}", "Authorization", "Bearer " + key);
            assertThat(answer.status()).as(ref + ": " + answer).isEqualTo(200);
            answers.put(ref, answer.body());
        }
        return answers;
    }
}
