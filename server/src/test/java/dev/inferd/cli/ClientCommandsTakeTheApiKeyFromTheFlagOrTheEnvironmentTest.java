package dev.inferd.cli;

import dev.inferd.config.AccessSettings;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every command that talks to a server sends {@code --api-key KEY}, else {@code INFERD_API_KEY}, as
 * {@code Authorization: Bearer KEY}. The server here requires keys for calls and has an admin key,
 * so neither management nor calls work without one.
 */
class ClientCommandsTakeTheApiKeyFromTheFlagOrTheEnvironmentTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass(settings -> settings.set(AccessSettings::requireApiKeys, true));
    static String adminKey;

    @TempDir
    Path bundles;

    @BeforeAll
    static void deployAndCreateAnAdminKey() {
        server.deployAdder("cli_keyed", 1);
        // From this machine, management needs no key until the first admin key exists.
        adminKey = server.post("/api/keys", "{\"name\": \"cli_admin\", \"admin\": true}").json().path("key").asText();
    }

    private Map<String, String> environment(String apiKey) {
        return apiKey == null ? Map.of("INFERD_URL", server.url()) : Map.of("INFERD_URL", server.url(), "INFERD_API_KEY", apiKey);
    }

    private Path bundle(String name) throws IOException {
        Path directory = Files.createDirectories(bundles.resolve(name));
        Files.writeString(directory.resolve("inferd.yaml"), "runtime: java\nmain: Adder#add\n");
        Files.writeString(directory.resolve("Adder.java"), "public class Adder { public static long add(long x) { return x + 5; } }");
        return directory;
    }

    @Test
    void deployWithoutAKeyIsRefusedAndSaysWhereTheKeyGoes() throws IOException {
        ConsoleCapture result = Inferd.run(environment(null), "deploy", bundle("cli_keyless").toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("401").contains("--api-key").contains("INFERD_API_KEY");
    }

    @Test
    void deployWithTheKeyFromTheFlagIsAccepted() throws IOException {
        ConsoleCapture result = Inferd.run(environment(null), "deploy", bundle("cli_key_flag").toString(), "--api-key", adminKey);

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("deployed cli_key_flag version 1");
    }

    @Test
    void deployWithTheKeyFromInferdApiKeyIsAccepted() throws IOException {
        ConsoleCapture result = Inferd.run(environment(adminKey), "deploy", bundle("cli_key_env").toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("deployed cli_key_env version 1");
    }

    @Test
    void callWithoutAKeyIsRefusedWhenTheServerRequiresKeys() {
        ConsoleCapture result = Inferd.run(environment(null), "call", "cli_keyed", "10");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("401");
    }

    @Test
    void callWithTheKeyFromTheFlagOrFromInferdApiKeyIsAccepted() {
        ConsoleCapture fromFlag = Inferd.run(environment(null), "call", "cli_keyed", "10", "--api-key", adminKey);
        ConsoleCapture fromEnvironment = Inferd.run(environment(adminKey), "call", "cli_keyed", "10");

        assertThat(fromFlag.out().strip()).as(fromFlag.err()).isEqualTo("{\"data\":11}");
        assertThat(fromEnvironment.out().strip()).as(fromEnvironment.err()).isEqualTo("{\"data\":11}");
    }

    @Test
    void theFlagWinsOverInferdApiKey() {
        ConsoleCapture result = Inferd.run(environment("inferd_not_a_key"), "list", "--api-key", adminKey);

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("cli_keyed");
    }

    @Test
    void theManagementCommandsSendTheKeyToo() {
        assertThat(Inferd.run(environment(null), "list").exitCode()).isEqualTo(1);
        assertThat(Inferd.run(environment(adminKey), "list").exitCode()).isZero();
        assertThat(Inferd.run(environment(null), "versions", "cli_keyed").exitCode()).isEqualTo(1);
        assertThat(Inferd.run(environment(adminKey), "versions", "cli_keyed").exitCode()).isZero();
        assertThat(Inferd.run(environment(null), "logs", "cli_keyed").exitCode()).isEqualTo(1);
        assertThat(Inferd.run(environment(adminKey), "logs", "cli_keyed").exitCode()).isZero();
        assertThat(Inferd.run(environment(null), "alias", "cli_keyed", "stable", "1").exitCode()).isEqualTo(1);
        assertThat(Inferd.run(environment(adminKey), "alias", "cli_keyed", "stable", "1").exitCode()).isZero();
    }

    @Test
    void theKeyIsPrintedNeitherInTheHelpNorInErrors() {
        ConsoleCapture help = Inferd.run(environment(adminKey), "list", "--help");
        ConsoleCapture refused = Inferd.run(environment(null), "list", "--api-key", adminKey + "x");

        assertThat(help.out()).contains("--api-key").doesNotContain(adminKey);
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.out() + refused.err()).doesNotContain(adminKey);
    }

    @Test
    void aKeyThatCannotBeSentIsRefusedWithoutBeingShown() {
        ConsoleCapture result = Inferd.run(environment("inferd_first\tsecond"), "list");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("API key").doesNotContain("first").doesNotContain("second");
    }
}
