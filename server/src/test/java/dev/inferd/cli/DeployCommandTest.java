package dev.inferd.cli;

import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** PROTOCOL §6: {@code inferd deploy DIR --server URL} deploys a bundle directory and prints name and version. */
class DeployCommandTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    @TempDir
    Path bundles;

    private Path bundle(String directoryName, String manifestExtra, int offset) throws IOException {
        Path directory = Files.createDirectories(bundles.resolve(directoryName));
        Files.writeString(directory.resolve("inferd.yaml"), "runtime: java\nmain: Adder#add\n" + manifestExtra);
        Files.writeString(directory.resolve("Adder.java"),
                "public class Adder { public static long add(long x) { return x + " + offset + "; } }");
        return directory;
    }

    private static ConsoleCapture deploy(String... args) {
        return ConsoleCapture.run(() -> new CommandLine(new DeployCommand()).execute(args));
    }

    @Test
    void aBundleDirectoryIsDeployedUnderItsDirectoryName() throws IOException {
        Path directory = bundle("cli_deployed", "", 1);

        ConsoleCapture result = deploy(directory.toString(), "--server", server.url());

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("cli_deployed").contains("version 1");
        assertThat(server.get("/api/deployments/cli_deployed").status()).isEqualTo(200);
        assertThat(server.call("cli_deployed", "10").body()).isEqualTo("{\"data\":11}");
    }

    @Test
    void theManifestNameWinsOverTheDirectoryNameAndNameFlagWinsOverBoth() throws IOException {
        Path directory = bundle("some_folder", "name: cli_from_manifest\n", 2);

        ConsoleCapture fromManifest = deploy(directory.toString(), "--server", server.url());
        ConsoleCapture fromFlag = deploy(directory.toString(), "--server", server.url(), "--name", "cli_from_flag");

        assertThat(fromManifest.exitCode()).isZero();
        assertThat(fromFlag.exitCode()).isZero();
        assertThat(server.call("cli_from_manifest", "10").body()).isEqualTo("{\"data\":12}");
        assertThat(server.call("cli_from_flag", "10").body()).isEqualTo("{\"data\":12}");
        assertThat(server.get("/api/deployments").json().get("deployments").findValuesAsText("name")).doesNotContain("some_folder");
    }

    @Test
    void deployingAChangedDirectoryMakesVersionTwoAndAnUnchangedOneSaysSo() throws IOException {
        Path directory = bundle("cli_versions", "", 1);
        deploy(directory.toString(), "--server", server.url());

        ConsoleCapture unchanged = deploy(directory.toString(), "--server", server.url());
        bundle("cli_versions", "", 2);
        ConsoleCapture changed = deploy(directory.toString(), "--server", server.url());

        assertThat(unchanged.exitCode()).isZero();
        assertThat(unchanged.out()).contains("unchanged").contains("version 1");
        assertThat(changed.exitCode()).isZero();
        assertThat(changed.out()).contains("version 2");
        assertThat(server.call("cli_versions/1", "10").body()).isEqualTo("{\"data\":11}");
        assertThat(server.call("cli_versions/2", "10").body()).isEqualTo("{\"data\":12}");
    }

    @Test
    void aDeployTheServerRefusesExitsWithOneAndPrintsTheReason() throws IOException {
        Path directory = bundle("cli_refused", "tests:\n  - args: [1]\n    expect: 5\n", 1);

        ConsoleCapture result = deploy(directory.toString(), "--server", server.url());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("deploy failed").contains("tests[0]");
        assertThat(server.get("/api/deployments").json().get("deployments").findValuesAsText("name")).doesNotContain("cli_refused");
    }

    @Test
    void aDirectoryWithoutAManifestFailsWithoutContactingAnyServer() throws IOException {
        Path directory = Files.createDirectories(bundles.resolve("no_manifest"));

        ConsoleCapture result = deploy(directory.toString(), "--server", "http://127.0.0.1:1");

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.err()).contains("inferd.yaml");
    }

    @Test
    void anUnreachableServerFailsWithAMessageNamingIt() throws IOException {
        Path directory = bundle("cli_unreachable", "", 1);

        ConsoleCapture result = deploy(directory.toString(), "--server", "http://127.0.0.1:1");

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.err()).contains("http://127.0.0.1:1");
    }

    @Test
    void theServerDefaultsToInferdUrlFromTheEnvironment() throws IOException {
        Path directory = bundle("cli_from_environment", "", 3);

        ConsoleCapture result = ConsoleCapture.run(() -> new CommandLine(new DeployCommand())
                .setDefaultValueProvider(new EnvironmentDefaults(Map.of("INFERD_URL", server.url())))
                .execute(directory.toString()));

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(server.call("cli_from_environment", "10").body()).isEqualTo("{\"data\":13}");
    }

    @Test
    void aSymbolicLinkIsLeftOutWithAWarningBeforeSending() throws IOException {
        Path directory = bundle("cli_with_link", "", 1);
        Path outside = Files.writeString(bundles.resolve("secret.txt"), "not for the server");
        Files.createSymbolicLink(directory.resolve("linked.txt"), outside);

        ConsoleCapture result = deploy(directory.toString(), "--server", "http://127.0.0.1:1");

        assertThat(result.err().lines().toList()).first().isEqualTo("leaving out linked.txt (a symbolic link)");
        assertThat(result.err()).contains("cannot reach");
    }

    @Test
    void hiddenFilesAndFoldersAreLeftOutWithAWarningEach() throws IOException {
        Path directory = bundle("cli_with_hidden", "", 1);
        Files.writeString(directory.resolve(".env"), "TOKEN=x");
        Files.createDirectories(directory.resolve(".git/objects"));
        Files.writeString(directory.resolve(".git/objects/a"), "a");
        Files.writeString(directory.resolve(".git/HEAD"), "ref");

        ConsoleCapture result = deploy(directory.toString(), "--server", server.url());

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.err().lines().toList())
                .containsExactlyInAnyOrder("leaving out .env (a hidden file)", "leaving out .git/ (a hidden folder)");
    }

    @Test
    void pythonByteCodeIsLeftOutWithAWarning() throws IOException {
        Path directory = bundle("cli_with_byte_code", "", 1);
        Files.createDirectories(directory.resolve("__pycache__"));
        Files.writeString(directory.resolve("__pycache__/source.cpython-311.pyc"), "x");
        Files.writeString(directory.resolve("old.pyc"), "x");

        ConsoleCapture result = deploy(directory.toString(), "--server", server.url());

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.err().lines().toList()).containsExactlyInAnyOrder(
                "leaving out __pycache__/ (Python's byte-code cache)", "leaving out old.pyc (Python byte code)");
    }

    @Test
    void aBundleWithNothingLeftOutDeploysWithoutWarnings() throws IOException {
        Path directory = bundle("cli_clean", "", 1);

        ConsoleCapture result = deploy(directory.toString(), "--server", server.url());

        assertThat(result.exitCode()).isZero();
        assertThat(result.err()).isEmpty();
    }
}
