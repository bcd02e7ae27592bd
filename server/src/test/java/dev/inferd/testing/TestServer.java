package dev.inferd.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inferd.Main;
import dev.inferd.RunningServer;
import dev.inferd.config.HttpSettings;
import dev.inferd.config.ServerConfig;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A real inferd server on a free port over a data directory, built by {@link Main#start} exactly
 * as in production, with an HTTP client to talk to it.
 *
 * <p>A test class that wants one server for all its tests registers it as an extension:
 * <pre>{@code
 * @RegisterExtension
 * static final TestServer server = TestServer.perClass(settings -> settings.set(PythonSettings::workers, 1));
 * }</pre>
 * It starts on a fresh temporary data directory before the class's {@code @BeforeAll} methods
 * (which can deploy to it) and stops, its directory deleted, after the class's {@code @AfterAll}
 * methods. Tests that start and restart servers themselves use {@link #start(Path, Consumer)}.
 */
public final class TestServer extends HttpEndpoint implements AutoCloseable, BeforeAllCallback, AfterAllCallback {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Consumer<TestSettings> settings;
    private Path dataDirectory;
    private RunningServer server;
    /** The test class (its unique id) that started this server as an extension; its nested classes share the server. */
    private String startedFor;

    private TestServer(Consumer<TestSettings> settings) {
        this.settings = settings;
    }

    /** A server for the test class that registers it as a static {@code @RegisterExtension} field. */
    public static TestServer perClass() {
        return perClass(builder -> { });
    }

    /**
     * As {@link #perClass()}, with {@code settings} applied to the configuration when the server
     * starts, so they may read {@code @TempDir} static fields.
     */
    public static TestServer perClass(Consumer<TestSettings> settings) {
        return new TestServer(settings);
    }

    /** Starts a server on {@code dataDirectory} now; the caller closes it. */
    public static TestServer start(Path dataDirectory) {
        return start(dataDirectory, builder -> { });
    }

    public static TestServer start(Path dataDirectory, Consumer<TestSettings> settings) {
        TestServer server = new TestServer(settings);
        server.startOn(dataDirectory);
        return server;
    }

    private void startOn(Path directory) {
        TestSettings config = new TestSettings(ServerConfig.DEFAULTS)
                .set(HttpSettings::port, 0).set(ServerConfig::dataDirectory, directory);
        settings.accept(config);
        dataDirectory = directory;
        server = Main.start(config.config());
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        if (startedFor != null) {
            return;
        }
        Path directory = Files.createTempDirectory("inferd-test-");
        try {
            startOn(directory);
        } catch (RuntimeException | Error e) {
            deleteRecursively(directory);
            throw e;
        }
        startedFor = context.getUniqueId();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (!context.getUniqueId().equals(startedFor)) {
            return;
        }
        startedFor = null;
        try {
            close();
        } finally {
            server = null;
            deleteRecursively(dataDirectory);
        }
    }

    /** The directory the server keeps its database and bundles in, for tests that read them. */
    public Path dataDirectory() {
        running();
        return dataDirectory;
    }

    @Override
    public String url() {
        return running().url();
    }

    public int port() {
        return running().port();
    }

    /** POSTs {@code {"data": <dataJson>}} to {@code /v1/<target>}. */
    public HttpAnswer call(String target, String dataJson) {
        return post("/v1/" + target, "{\"data\": " + dataJson + "}");
    }

    /** Deploys a Java bundle given as source files; the manifest's other fields come from {@code manifest}. */
    public HttpAnswer deployJava(String name, String main, Map<String, String> sources, Map<String, Object> manifest) {
        ObjectNode body = JSON.createObjectNode();
        body.put("runtime", "java");
        body.put("main", main);
        manifest.forEach((key, value) -> body.set(key, JSON.valueToTree(value)));
        ObjectNode files = body.putObject("files");
        sources.forEach(files::put);
        return post("/api/deployments/" + name + "/versions", body.toString());
    }

    public HttpAnswer deployJava(String name, String main, Map<String, String> sources) {
        return deployJava(name, main, sources, Map.of());
    }

    /** A one-class Java bundle: {@code source} is the body of {@code public class <className>}. */
    public HttpAnswer deployJavaClass(String name, String className, String method, String classBody) {
        return deployJavaClass(name, className, method, classBody, Map.of());
    }

    /** As {@link #deployJavaClass(String, String, String, String)}, with more manifest fields, such as {@code batch}. */
    public HttpAnswer deployJavaClass(String name, String className, String method, String classBody, Map<String, Object> manifest) {
        String source = "import java.util.*;\npublic class " + className + " {\n" + classBody + "\n}\n";
        HttpAnswer answer = deployJava(name, className + "#" + method, Map.of(className + ".java", source), manifest);
        if (answer.status() != 201 && answer.status() != 200) {
            throw new AssertionError("deploy of " + name + " failed: " + answer);
        }
        return answer;
    }

    /**
     * Deploys a Java function that adds {@code offset} to its argument: versions that differ only
     * in the offset are different content, and each answer tells which version ran.
     */
    public HttpAnswer deployAdder(String name, int offset) {
        return deployJavaClass(name, "Adder", "add", "public static long add(long x) { return x + " + offset + "; }");
    }

    /** Deploys versions 1 to {@code count} of {@code name} with {@link #deployAdder}, version n adding n. */
    public void deployAdderVersions(String name, int count) {
        for (int offset = 1; offset <= count; offset++) {
            deployAdder(name, offset);
        }
    }

    private RunningServer running() {
        if (server == null) {
            throw new IllegalStateException("the server is not running: a TestServer.perClass() starts before the"
                    + " class's @BeforeAll methods, registered on a static @RegisterExtension field");
        }
        return server;
    }

    @Override
    public void close() {
        server.close();
    }

    private static void deleteRecursively(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                try {
                    Files.delete(path);
                } catch (NoSuchFileException gone) {
                    // Removed meanwhile, as a database's journal can be.
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete the test server's data directory " + directory, e);
        }
    }
}
