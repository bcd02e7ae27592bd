package dev.inferd.cli;

import dev.inferd.Main;
import dev.inferd.auth.KeyedRequests;
import dev.inferd.config.AccessSettings;
import dev.inferd.testing.Eventually;
import dev.inferd.testing.HttpAnswer;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code inferd keys create --name N [--deployments a,b] [--admin] [--data-dir D]} prints the new
 * key on its last line, and a server running over that data directory accepts the key within
 * about a second. The server here requires keys and gets its admin key from the CLI after it
 * started, so management is closed to callers without that key throughout.
 */
class KeysCommandTest {
    /** The server rereads keys at most once a second; "about a second" with room for a slow machine. */
    private static final Duration PICK_UP_DEADLINE = Duration.ofSeconds(3);

    @RegisterExtension
    static final TestServer server = TestServer.perClass(settings -> settings.set(AccessSettings::requireApiKeys, true));
    static final KeyedRequests requests = new KeyedRequests(server);
    static String adminKey;

    @TempDir
    Path otherDataDirectory;

    @BeforeAll
    static void deployAndCreateAnAdminKeyWithTheCli() {
        for (String name : new String[] {"cli_a", "cli_b", "cli_c"}) {
            server.deployJavaClass(name, "Echo", "echo", KeyedRequests.echoClass());
        }
        ConsoleCapture created = keys("create", "--name", "cli_admin", "--admin", "--data-dir", server.dataDirectory().toString());
        assertThat(created.exitCode()).as(created.err()).isZero();
        adminKey = lastLine(created.out());
        HttpAnswer accepted = Eventually.lastRead(PICK_UP_DEADLINE,
                () -> requests.manage("GET", "/api/keys", null, adminKey), answer -> answer.status() == 200);
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(200);
    }

    private static ConsoleCapture keys(String... args) {
        return ConsoleCapture.run(() -> new CommandLine(new KeysCommand(Main::openKeyStore)).execute(args));
    }

    private static String lastLine(String out) {
        String[] lines = out.strip().split("\\R");
        return lines[lines.length - 1].strip();
    }

    private static String createOnTheRunningServer(String... options) {
        String[] args = new String[options.length + 3];
        args[0] = "create";
        System.arraycopy(options, 0, args, 1, options.length);
        args[options.length + 1] = "--data-dir";
        args[options.length + 2] = server.dataDirectory().toString();
        ConsoleCapture created = keys(args);
        assertThat(created.exitCode()).as(created.err()).isZero();
        return lastLine(created.out());
    }

    @Test
    void theNewKeyIsPrintedOnTheLastLine() {
        ConsoleCapture created = keys("create", "--name", "printed", "--data-dir", otherDataDirectory.toString());

        assertThat(created.exitCode()).as(created.err()).isZero();
        assertThat(created.out()).contains("printed");
        assertThat(lastLine(created.out())).matches("inferd_[A-Za-z0-9_-]{43}");
    }

    @Test
    void everyCreateMakesADifferentKey() {
        ConsoleCapture first = keys("create", "--name", "first", "--data-dir", otherDataDirectory.toString());
        ConsoleCapture second = keys("create", "--name", "second", "--data-dir", otherDataDirectory.toString());

        assertThat(lastLine(first.out())).isNotEqualTo(lastLine(second.out()));
    }

    @Test
    void aSecondKeyWithTheSameNameFailsAndPrintsNoKey() {
        keys("create", "--name", "twice", "--data-dir", otherDataDirectory.toString());

        ConsoleCapture again = keys("create", "--name", "twice", "--data-dir", otherDataDirectory.toString());

        assertThat(again.exitCode()).isNotZero();
        assertThat(again.out()).doesNotContain("inferd_");
    }

    @Test
    void listingShowsNamesAndScopesButNeverTheKey() {
        ConsoleCapture created = keys("create", "--name", "listed", "--deployments", "x,y", "--data-dir", otherDataDirectory.toString());
        String key = lastLine(created.out());

        ConsoleCapture listed = keys("list", "--data-dir", otherDataDirectory.toString());

        assertThat(listed.exitCode()).as(listed.err()).isZero();
        assertThat(listed.out()).contains("listed").contains("x,y")
                .doesNotContain(key)
                .doesNotContain(key.substring("inferd_".length()));
    }

    @Test
    void aKeyCreatedWhileTheServerRunsIsAcceptedWithinAboutASecond() {
        String key = createOnTheRunningServer("--name", "while_running");
        Instant created = Instant.now();

        HttpAnswer answer = Eventually.lastRead(PICK_UP_DEADLINE, () -> requests.call("cli_a", key),
                candidate -> candidate.status() == 200);

        assertThat(answer.status()).as("%s after %s", answer, Duration.between(created, Instant.now())).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("{\"data\":7}");
    }

    @Test
    void aKeyCreatedWhileTheServerRunsIsAcceptedEvenAfterAFailedTryWithIt() {
        // Nothing about a refused key may be remembered: once the CLI makes it, the next refresh lets it in.
        assertThat(requests.call("cli_a", "inferd_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA").status()).isEqualTo(401);
        String key = createOnTheRunningServer("--name", "after_reload");

        HttpAnswer answer = Eventually.lastRead(PICK_UP_DEADLINE, () -> requests.call("cli_a", "Bearer " + key),
                candidate -> candidate.status() == 200);

        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
    }

    @Test
    void aCliKeyScopedToDeploymentsCallsThoseAndIsForbiddenElsewhere() {
        String key = createOnTheRunningServer("--name", "cli_scoped", "--deployments", "cli_a,cli_b");
        assertThat(Eventually.lastRead(PICK_UP_DEADLINE, () -> requests.call("cli_a", key),
                answer -> answer.status() == 200).status()).isEqualTo(200);

        assertThat(requests.call("cli_b", key).status()).isEqualTo(200);
        HttpAnswer elsewhere = requests.call("cli_c", key);
        assertThat(elsewhere.status()).as(elsewhere.toString()).isEqualTo(403);
        assertThat(elsewhere.errorCode()).isEqualTo("forbidden");
    }

    @Test
    void aCliKeyWithoutAdminIsForbiddenToManage() {
        String key = createOnTheRunningServer("--name", "cli_not_admin");

        HttpAnswer answer = Eventually.lastRead(PICK_UP_DEADLINE, () -> requests.manage("GET", "/api/keys", null, key),
                candidate -> candidate.status() != 401);

        assertThat(answer.status()).as(answer.toString()).isEqualTo(403);
    }

    @Test
    void anAdminKeyCreatedWhileTheServerRunsClosesManagementToCallersWithoutIt() {
        HttpAnswer withoutKey = requests.manage("GET", "/api/deployments", null, null);

        assertThat(withoutKey.status()).as(withoutKey.toString()).isEqualTo(401);
        assertThat(requests.manage("GET", "/api/deployments", null, "Bearer " + adminKey).status()).isEqualTo(200);
    }

    @Test
    void aCliKeyDeletedOverHttpIsUnauthorized() {
        String key = createOnTheRunningServer("--name", "cli_deleted");
        assertThat(Eventually.lastRead(PICK_UP_DEADLINE, () -> requests.call("cli_a", key),
                answer -> answer.status() == 200).status()).isEqualTo(200);

        HttpAnswer deleted = requests.manage("DELETE", "/api/keys/cli_deleted", null, adminKey);

        assertThat(deleted.status()).as(deleted.toString()).isEqualTo(200);
        HttpAnswer refused = requests.call("cli_a", key);
        assertThat(refused.status()).as(refused.toString()).isEqualTo(401);
        assertThat(refused.errorCode()).isEqualTo("unauthorized");
    }

    @Test
    void aKeyDeletedByTheCliWhileTheServerRunsIsRefusedWithinAboutASecond() {
        String key = createOnTheRunningServer("--name", "cli_deleted_by_cli");
        assertThat(Eventually.lastRead(PICK_UP_DEADLINE, () -> requests.call("cli_a", key),
                answer -> answer.status() == 200).status()).isEqualTo(200);

        ConsoleCapture deleted = keys("delete", "--name", "cli_deleted_by_cli", "--data-dir", server.dataDirectory().toString());

        assertThat(deleted.exitCode()).as(deleted.err()).isZero();
        HttpAnswer refused = Eventually.lastRead(PICK_UP_DEADLINE, () -> requests.call("cli_a", key),
                answer -> answer.status() == 401);
        assertThat(refused.status()).as(refused.toString()).isEqualTo(401);
    }

    @Test
    void theServerListsACliKeyWithoutItsSecret() {
        String key = createOnTheRunningServer("--name", "cli_listed", "--deployments", "cli_b");

        HttpAnswer list = requests.manage("GET", "/api/keys", null, adminKey);

        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().get("keys").findValuesAsText("name")).contains("cli_listed", "cli_admin");
        assertThat(list.body()).doesNotContain(key).doesNotContain(key.substring("inferd_".length()));
    }
}
