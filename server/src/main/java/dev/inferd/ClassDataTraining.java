package dev.inferd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.inferd.bundle.AtomicDirectory;
import dev.inferd.cli.ServeCommand;
import dev.inferd.config.ServerConfig;
import picocli.CommandLine;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Run by the build under {@code -XX:ArchiveClassesAtExit}, so that the JVM records the classes a
 * start with the examples and a first call of each example load. {@code ./inferd} starts the
 * server with that archive: the classes are mapped from it instead of being read from jars and
 * checked one by one, which halves the time to ready, from the very first run after a build.
 *
 * <p>The run also fills the compiled-class cache beside the jar, which a server run from that jar
 * uses unless told otherwise, so a first start on an empty data directory copies the Java examples'
 * classes instead of compiling them. The cache is emptied first, so that the examples are compiled
 * here and the JDK's compiler is in the archive for the bundles users deploy. It is made writable
 * by its owner only, whatever the umask, since a server uses it only then.
 *
 * <p>Arguments: the examples directory, a scratch data directory, which is emptied first and
 * removed after, and the compiled-class cache. Whatever goes wrong only makes the archive smaller,
 * so it is reported and the run still ends normally: a build must not fail for want of a faster start.
 */
public final class ClassDataTraining {
    /** The examples answer in milliseconds; a call this slow means something is wrong, and the run moves on. */
    private static final int CALL_TIMEOUT_MILLIS = 30_000;

    private ClassDataTraining() {
    }

    public static void main(String[] args) {
        Path examples = Path.of(args[0]);
        Path scratch = Path.of(args[1]);
        Path classCache = Path.of(args[2]);
        try {
            AtomicDirectory.deleteRecursively(classCache);
            Files.createDirectories(classCache, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        } catch (Throwable e) {
            // The examples' classes are then copied, not compiled, and the archive lacks the compiler.
            System.err.println("inferd: could not empty and create " + classCache + "; the archive may lack the JDK's compiler: " + e);
        }
        try {
            AtomicDirectory.deleteRecursively(scratch);
            // Through the command line, as `inferd serve` starts, so that reading it is recorded too;
            // without the INFERD_* defaults of whoever runs the build (keys, host, worker counts).
            CommandLine.ParseResult serve = Main.commandLine().setDefaultValueProvider(null).parseArgs("serve",
                    "--examples", "--examples-dir", examples.toString(), "--data-dir", scratch.toString(),
                    "--java-class-cache", classCache.toString(), "--host", "127.0.0.1", "--port", "0");
            ServerConfig config = ((ServeCommand) serve.subcommand().commandSpec().userObject()).toConfig();
            try (RunningServer server = Main.start(config)) {
                ObjectMapper json = new ObjectMapper();
                send(server, "GET", "/healthz", null);
                JsonNode listed = json.readTree(send(server, "GET", "/api/deployments", null));
                for (JsonNode deployment : listed.path("deployments")) {
                    // Arguments that fit some examples and not others: both answers' paths are worth recording.
                    send(server, "POST", "/v1/" + deployment.path("name").asText() + "/latest", "{\"data\": [[1, 2], [2, 3]]}");
                    send(server, "POST", "/v1/" + deployment.path("name").asText() + "/latest", "{\"data\": 2}");
                }
            }
        } catch (Throwable e) {
            System.err.println("inferd: the class-data training run failed; the archive holds fewer classes: " + e);
        } finally {
            try {
                AtomicDirectory.deleteRecursively(scratch);
            } catch (Throwable e) {
                System.err.println("inferd: could not remove " + scratch + ": " + e);
            }
            // The archive is written as the JVM exits; threads left behind must not keep it from exiting.
            System.exit(0);
        }
    }

    private static byte[] send(RunningServer server, String method, String path, String body) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) URI.create(server.url() + path).toURL().openConnection();
        connection.setRequestMethod(method);
        connection.setConnectTimeout(CALL_TIMEOUT_MILLIS);
        connection.setReadTimeout(CALL_TIMEOUT_MILLIS);
        if (body != null) {
            connection.setDoOutput(true);
            try (OutputStream out = connection.getOutputStream()) {
                out.write(body.getBytes(StandardCharsets.UTF_8));
            }
        }
        try (InputStream in = connection.getResponseCode() < 400 ? connection.getInputStream() : connection.getErrorStream()) {
            return in == null ? new byte[0] : in.readAllBytes();
        } finally {
            connection.disconnect();
        }
    }
}
