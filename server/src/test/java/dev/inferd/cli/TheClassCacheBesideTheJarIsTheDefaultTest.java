package dev.inferd.cli;

import dev.inferd.config.ServerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A server run from a jar with a {@code java-class-cache} folder beside it (the build leaves one next
 * to {@code server/target/inferd.jar}) keeps compiled classes there unless told otherwise, so a plain
 * {@code java -jar} start finds the examples' classes as {@code ./inferd} does.
 */
class TheClassCacheBesideTheJarIsTheDefaultTest {
    private static final Path BESIDE = Path.of("/opt/inferd/java-class-cache");

    @TempDir
    Path directory;

    private static ServerConfig config(Map<String, String> environment, String... args) {
        ServeCommand serve = new ServeCommand(config -> {
            throw new AssertionError("not started in this test");
        }, Optional.of(BESIDE));
        new CommandLine(serve).setDefaultValueProvider(new EnvironmentDefaults(environment)).parseArgs(args);
        return serve.toConfig();
    }

    @Test
    void withoutTheFlagTheFolderBesideTheJarIsTheCache() {
        assertThat(config(Map.of()).java().classCache()).contains(BESIDE);
    }

    @Test
    void theFlagNamesAnotherFolder() {
        assertThat(config(Map.of(), "--java-class-cache", "/srv/classes").java().classCache()).contains(Path.of("/srv/classes"));
    }

    @Test
    void noneOrAnEmptyValueTurnsTheCacheOff() {
        assertThat(config(Map.of(), "--java-class-cache", "none").java().classCache()).isEmpty();
        assertThat(config(Map.of("INFERD_JAVA_CLASS_CACHE", "none")).java().classCache()).isEmpty();
        assertThat(config(Map.of("INFERD_JAVA_CLASS_CACHE", "")).java().classCache()).isEmpty();
    }

    @Test
    void aPathTheFileSystemCannotNameIsAUsageError() {
        assertThatThrownBy(() -> config(Map.of(), "--java-class-cache", "/srv/cl\0asses"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("--java-class-cache")
                .hasMessageContaining("is not a directory path");
    }

    @Test
    void aJarWithTheFolderBesideItHasIt() throws IOException {
        Path folder = cacheFolderWithPermissions("rwxr-xr-x");

        assertThat(BesideTheJar.existingFolder(jar(), "java-class-cache")).contains(folder.toAbsolutePath());
    }

    @Test
    void aFolderOtherUsersMayWriteToIsNotTrusted() throws IOException {
        cacheFolderWithPermissions("rwxrwxrwx");

        assertThat(BesideTheJar.existingFolder(jar(), "java-class-cache")).isEmpty();
    }

    @Test
    void aFolderItsGroupMayWriteToIsNotTrusted() throws IOException {
        cacheFolderWithPermissions("rwxrwxr-x");

        assertThat(BesideTheJar.existingFolder(jar(), "java-class-cache")).isEmpty();
    }

    @Test
    void aFolderOfAnotherUserIsNotTrusted() throws IOException {
        // Giving a folder away takes root; CI runs as root, a developer's machine may not.
        assumeTrue("root".equals(System.getProperty("user.name")), "only root can give a folder to another user");
        Path folder = cacheFolderWithPermissions("rwxr-xr-x");
        Files.setOwner(folder, folder.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));

        assertThat(BesideTheJar.existingFolder(jar(), "java-class-cache")).isEmpty();
    }

    @Test
    void aSymbolicLinkIsNotTrustedWhateverItPointsTo() throws IOException {
        // The link's owner could point it at another folder after the check.
        Path target = Files.createDirectory(directory.resolve("elsewhere"));
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createSymbolicLink(directory.resolve("java-class-cache"), target);

        assertThat(BesideTheJar.existingFolder(jar(), "java-class-cache")).isEmpty();
    }

    @Test
    void aFolderInAFolderOthersMayWriteToIsNotTrusted() throws IOException {
        cacheFolderWithPermissions("rwxr-xr-x");
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxrwxrwx"));

        assertThat(BesideTheJar.existingFolder(jar(), "java-class-cache")).isEmpty();
    }

    @Test
    void aFolderInAStickyFolderLikeTmpIsTrusted() throws Exception {
        Path folder = cacheFolderWithPermissions("rwxr-xr-x");
        // The sticky bit cannot be set through java.nio; chmod sets it as on /tmp.
        Process chmod = new ProcessBuilder("chmod", "1777", directory.toString()).inheritIO().start();
        assertThat(chmod.waitFor()).isZero();

        assertThat(BesideTheJar.existingFolder(jar(), "java-class-cache")).contains(folder.toAbsolutePath());
    }

    private Path jar() throws IOException {
        Path jar = directory.resolve("inferd.jar");
        return Files.exists(jar) ? jar : Files.createFile(jar);
    }

    private Path cacheFolderWithPermissions(String permissions) throws IOException {
        Path folder = Files.createDirectory(directory.resolve("java-class-cache"));
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString(permissions));
        return folder;
    }

    @Test
    void aJarWithoutTheFolderHasNone() throws IOException {
        Path jar = Files.createFile(directory.resolve("inferd.jar"));

        assertThat(BesideTheJar.existingFolder(jar, "java-class-cache")).isEmpty();
    }

    @Test
    void classesRunFromAFolderHaveNone() throws IOException {
        Path classes = Files.createDirectory(directory.resolve("classes"));
        Files.createDirectory(directory.resolve("java-class-cache"));

        assertThat(BesideTheJar.existingFolder(classes, "java-class-cache")).isEmpty();
        // The tests themselves run from target/classes, beside which the build's cache may lie.
        assertThat(BesideTheJar.existingFolder(ServeCommand.class, "java-class-cache")).isEmpty();
    }
}
