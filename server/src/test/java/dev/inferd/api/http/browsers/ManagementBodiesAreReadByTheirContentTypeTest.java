package dev.inferd.api.http.browsers;

import dev.inferd.bundle.BundleZip;
import dev.inferd.testing.HttpAnswer;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PROTOCOL §7: a deploy body is JSON for {@code application/json}, curl's form type or none, and a
 * zip for {@code application/zip}; any other type, such as the {@code text/plain} and
 * {@code multipart/form-data} a web page may send to another site unasked, is 415.
 */
class ManagementBodiesAreReadByTheirContentTypeTest {
    private static final String SOURCE = "public class A { public static int f(int x) { return x + 1; } }";
    private static final String JSON_BUNDLE = "{\"runtime\": \"java\", \"main\": \"A#f\", \"files\": {\"A.java\": \""
            + SOURCE + "\"}}";

    @RegisterExtension
    static final TestServer server = TestServer.perClass();
    static final AtomicInteger DEPLOYS = new AtomicInteger();

    private static byte[] zip() {
        return BundleZip.write(Map.of("inferd.yaml", "runtime: java\nmain: A#f\n".getBytes(StandardCharsets.UTF_8),
                "A.java", SOURCE.getBytes(StandardCharsets.UTF_8)));
    }

    @ParameterizedTest(name = "Content-Type: {0}")
    @ValueSource(strings = {"text/plain", "text/plain; charset=utf-8", "multipart/form-data; boundary=x", "application/octet-stream",
            "application/x-zip-compressed", "application/yaml", "*/*"})
    void aDeployOfAnyOtherTypeIsUnsupportedAndNamesTheTypesThatAre(String contentType) {
        HttpAnswer answer = server.send("POST", "/api/deployments/typed/versions", JSON_BUNDLE, "Content-Type", contentType);

        assertThat(answer.status()).as(answer.toString()).isEqualTo(415);
        assertThat(answer.errorCode()).isEqualTo("unsupported_media_type");
        assertThat(answer.errorMessage()).contains("application/json").contains("application/zip").contains(contentType);
        assertThat(server.get("/api/deployments/typed").status()).isEqualTo(404);
    }

    @ParameterizedTest(name = "Content-Type: {0}")
    @ValueSource(strings = {"application/json", "Application/JSON; charset=utf-8", "application/x-www-form-urlencoded"})
    void aJsonDeployIsReadAsJson(String contentType) {
        HttpAnswer answer = server.send("POST", "/api/deployments/json_" + DEPLOYS.incrementAndGet() + "/versions",
                JSON_BUNDLE, "Content-Type", contentType);

        assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
    }

    @Test
    void aJsonDeployWithoutAContentTypeIsReadAsJson() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.url() + "/api/deployments/untyped/versions"))
                .POST(HttpRequest.BodyPublishers.ofString(JSON_BUNDLE)).build();

        HttpResponse<String> answer = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(request.headers().firstValue("Content-Type")).isEmpty();
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
    }

    @Test
    void aZipSentAsApplicationZipIsDeployed() {
        HttpAnswer answer = server.post("/api/deployments/zipped/versions", "application/zip", zip());

        assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
        assertThat(server.call("zipped", "1").body()).isEqualTo("{\"data\":2}");
    }

    @Test
    void aZipSentAsCurlsFormTypeIsUnsupportedWithAHint() {
        HttpAnswer answer = server.post("/api/deployments/zip_as_form/versions", "application/x-www-form-urlencoded", zip());

        assertThat(answer.status()).as(answer.toString()).isEqualTo(415);
        assertThat(answer.errorMessage()).contains("Content-Type: application/zip");
    }

    @Test
    void aKeyBodyOfAnotherTypeIsUnsupported() {
        HttpAnswer answer = server.send("POST", "/api/keys", "{\"name\": \"typed\", \"admin\": true}", "Content-Type", "text/plain");

        assertThat(answer.status()).as(answer.toString()).isEqualTo(415);
        assertThat(server.send("GET", "/api/keys", null).body()).doesNotContain("typed");
    }

    @Test
    void anAliasBodyOfAnotherTypeIsUnsupported() {
        server.send("POST", "/api/deployments/aliased/versions", JSON_BUNDLE);

        HttpAnswer answer = server.send("PUT", "/api/deployments/aliased/aliases/official", "{\"version\": 1}",
                "Content-Type", "text/plain");

        assertThat(answer.status()).as(answer.toString()).isEqualTo(415);
        assertThat(server.get("/api/deployments/aliased").json().path("aliases").has("official")).isFalse();
    }
}
