package dev.inferd.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inferd.Main;
import dev.inferd.RunningServer;
import dev.inferd.config.ServerConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A real inferd server on a free port over a data directory, built by {@link Main#start} exactly
 * as in production, with an HTTP client to talk to it.
 */
public final class TestServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RunningServer server;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private TestServer(RunningServer server) {
        this.server = server;
    }

    public static TestServer start(Path dataDirectory) {
        return start(dataDirectory, builder -> { });
    }

    public static TestServer start(Path dataDirectory, Consumer<ServerConfig.Builder> settings) {
        ServerConfig.Builder builder = ServerConfig.builder().port(0).dataDirectory(dataDirectory);
        settings.accept(builder);
        return new TestServer(Main.start(builder.build()));
    }

    public String url() {
        return server.url();
    }

    public int port() {
        return server.port();
    }

    public HttpAnswer post(String path, String body) {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public HttpAnswer post(String path, String contentType, byte[] body) {
        return send(request(path).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    public HttpAnswer get(String path) {
        return send(request(path).GET());
    }

    /** GETs a body that is not text, such as a bundle's zip. */
    public HttpResponse<byte[]> getBytes(String path) {
        try {
            return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpAnswer put(String path, String body) {
        return send(request(path).header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    public HttpAnswer delete(String path) {
        return send(request(path).DELETE());
    }

    public HttpAnswer send(String method, String path, String body) {
        return send(request(path).method(method, body == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)));
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
        String source = "import java.util.*;\npublic class " + className + " {\n" + classBody + "\n}\n";
        HttpAnswer answer = deployJava(name, className + "#" + method, Map.of(className + ".java", source));
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

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(60));
    }

    private HttpAnswer send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new HttpAnswer(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
