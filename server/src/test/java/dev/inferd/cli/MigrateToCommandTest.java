package dev.inferd.cli;

import dev.inferd.auth.ApiKeys;
import dev.inferd.bundle.BundleBytes;
import dev.inferd.registry.DeploymentName;
import dev.inferd.registry.DeploymentStore;
import dev.inferd.store.DataDirectoryLock;
import dev.inferd.store.PostgresDatabases;
import dev.inferd.store.ArtifactBytes;
import dev.inferd.store.ServerState;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code inferd migrate-to URL [--data-dir DIR]} copies a stopped server's data directory into
 * PostgreSQL and says what it copied; a refusal is one line on standard error and exit status 1;
 * the URL's password is never printed.
 */
class MigrateToCommandTest {
    @RegisterExtension
    final PostgresDatabases databases = new PostgresDatabases();
    @TempDir
    Path dataDirectory;

    private long bundleBytes;

    /** {@code scorer} with two versions and one API key, written as a server on this directory writes them. */
    @BeforeEach
    void aServerRanAloneOnTheDataDirectory() {
        try (DataDirectoryLock lock = DataDirectoryLock.acquire(dataDirectory);
             ServerState state = ServerState.open(dataDirectory, Optional.empty(), Clock.systemUTC(), new SecureRandom())) {
            for (int offset = 1; offset <= 2; offset++) {
                BundleBytes.Zipped bundle = BundleBytes.zipped(Map.of(
                        "inferd.yaml", "runtime: python\nmain: add\n".getBytes(StandardCharsets.UTF_8),
                        "source.py", ("def add(x):\n    return x + " + offset + "\n").getBytes(StandardCharsets.UTF_8)));
                bundleBytes += bundle.zip().length;
                state.artifacts().put(bundle.contentHash(), ArtifactBytes.content(bundle.zip()));
                state.deployments().addVersion(new DeploymentName("scorer"),
                        new DeploymentStore.VersionDraft("python", "add", bundle.contentHash(), OptionalInt.empty()), Instant.now());
            }
            new ApiKeys(state.keys(), Clock.systemUTC(), new SecureRandom()).create("admin", Optional.empty(), true);
        }
    }

    private ConsoleCapture migrateTo(String url) {
        return Inferd.run(Map.of(), "migrate-to", url, "--data-dir", dataDirectory.toString());
    }

    @Test
    void itPrintsWhatItCopied() {
        ConsoleCapture migrated = migrateTo(databases.jdbcUrl());

        assertThat(migrated.exitCode()).as(migrated.err()).isZero();
        assertThat(migrated.out()).isEqualTo(String.join("\n",
                "copied " + dataDirectory.toAbsolutePath() + " into " + databases.url().description() + ":",
                "1 deployment, 2 versions (numbers kept), 0 aliases",
                "1 API key",
                "0 async jobs, 0 result links",
                "2 bundles, " + bundleBytes + " bytes",
                dataDirectory.toAbsolutePath() + " is left as it was: keep it as a backup, and start the replicas with serve --database URL",
                ""));
    }

    @Test
    void theDataDirectoryComesFromInferdDataDirWhenNotGiven() {
        ConsoleCapture migrated = Inferd.run(Map.of("INFERD_DATA_DIR", dataDirectory.toString()), "migrate-to", databases.jdbcUrl());

        assertThat(migrated.exitCode()).as(migrated.err()).isZero();
        assertThat(migrated.out()).startsWith("copied " + dataDirectory.toAbsolutePath() + " into ");
    }

    @Test
    void aSecondCopyIntoTheSameDatabaseIsRefusedOnOneLine() {
        migrateTo(databases.jdbcUrl());

        ConsoleCapture again = migrateTo(databases.jdbcUrl());

        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.out()).isEmpty();
        assertThat(again.err()).isEqualTo("inferd: " + databases.url().description() + " already holds inferd state"
                + " (1 deployment, 1 deployment name with version numbers, 1 API key); migrate-to copies only into a database"
                + " that holds none, so that nothing is merged: nothing was copied\n");
    }

    @Test
    void thePasswordInTheUrlIsNeverPrinted() {
        // The test server lets its user in without checking the password.
        Matcher jdbc = Pattern.compile("jdbc:postgresql://([^/]+)/([^?]+)\\?user=(\\w+)").matcher(databases.jdbcUrl());
        assertThat(jdbc.matches()).as(databases.jdbcUrl()).isTrue();
        String withPassword = "postgresql://" + jdbc.group(3) + ":s3cret-word@" + jdbc.group(1) + "/" + jdbc.group(2);

        ConsoleCapture migrated = migrateTo(withPassword);

        assertThat(migrated.exitCode()).as(migrated.err()).isZero();
        assertThat(migrated.out()).contains("into PostgreSQL " + jdbc.group(1) + "/" + jdbc.group(2) + " as " + jdbc.group(3) + ":")
                .doesNotContain("s3cret-word");
        assertThat(migrated.err()).doesNotContain("s3cret-word");
    }

    @Test
    void aDatabaseThatCannotBeReachedIsOneLineWithoutThePassword() {
        ConsoleCapture migrated = migrateTo("postgresql://inferd:s3cret-word@127.0.0.1:1/inferd");

        assertThat(migrated.exitCode()).isEqualTo(1);
        assertThat(migrated.out()).isEmpty();
        assertThat(migrated.err()).isEqualTo("inferd: the database (PostgreSQL 127.0.0.1:1/inferd as inferd) cannot be reached;"
                + " nothing was changed, retry when it answers\n");
    }

    @Test
    void aUrlThatIsNotPostgresIsRefused() {
        ConsoleCapture migrated = migrateTo("mysql://db/inferd");

        assertThat(migrated.exitCode()).isEqualTo(1);
        assertThat(migrated.err()).startsWith("inferd: the database URL must start with postgresql://");
    }

    @Test
    void withoutAUrlItIsAUsageError() {
        ConsoleCapture migrated = Inferd.run(Map.of(), "migrate-to", "--data-dir", dataDirectory.toString());

        assertThat(migrated.exitCode()).isEqualTo(2);
        assertThat(migrated.err()).contains("Missing required parameter: 'URL'");
    }
}
