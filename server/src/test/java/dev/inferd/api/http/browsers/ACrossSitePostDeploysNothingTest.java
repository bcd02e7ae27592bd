package dev.inferd.api.http.browsers;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inferd.testing.Eventually;
import dev.inferd.testing.HttpAnswer;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The request any web page can make a browser send to a local inferd with no admin key yet: a
 * "simple" cross-site POST of {@code text/plain}, no preflight. Its function would create a marker
 * file as soon as it is imported; the marker must never appear, and no deployment must exist.
 */
class ACrossSitePostDeploysNothingTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path markers;
    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    /** The body: a Python bundle whose module-level code runs at deploy and leaves {@code marker} behind. */
    private static String bundleLeaving(Path marker) {
        ObjectNode body = JSON.createObjectNode();
        body.put("runtime", "python");
        body.put("main", "f");
        body.putObject("files").put("source.py", "open(" + JSON.valueToTree(marker.toString()) + ", 'w').close()\n"
                + "def f(x):\n    return x\n");
        return body.toString();
    }

    @Test
    void theCrossSiteTextPlainPostIsForbiddenAndRunsNothing() throws Exception {
        Path marker = markers.resolve("cross-site");

        HttpAnswer answer = server.send("POST", "/api/deployments/x/versions", bundleLeaving(marker),
                "Content-Type", "text/plain", "Origin", "http://evil.example", "Sec-Fetch-Site", "cross-site");

        assertThat(answer.status()).as(answer.toString()).isEqualTo(403);
        assertThat(answer.errorCode()).isEqualTo("forbidden");
        assertNothingDeployedAndNothingRan("x", marker);
    }

    @Test
    void anOlderBrowsersCrossSitePostWithoutFetchMetadataIsForbiddenByItsOrigin() throws Exception {
        Path marker = markers.resolve("origin-only");

        HttpAnswer answer = server.send("POST", "/api/deployments/y/versions", bundleLeaving(marker),
                "Content-Type", "text/plain", "Origin", "http://evil.example");

        assertThat(answer.status()).as(answer.toString()).isEqualTo(403);
        assertThat(answer.errorMessage()).contains("http://evil.example");
        assertNothingDeployedAndNothingRan("y", marker);
    }

    @Test
    void aTextPlainBodyWithoutAnOriginIsNotADeployEither() throws Exception {
        Path marker = markers.resolve("text-plain");

        HttpAnswer answer = server.send("POST", "/api/deployments/z/versions", bundleLeaving(marker), "Content-Type", "text/plain");

        assertThat(answer.status()).as(answer.toString()).isEqualTo(415);
        assertThat(answer.errorCode()).isEqualTo("unsupported_media_type");
        assertNothingDeployedAndNothingRan("z", marker);
    }

    @Test
    void theSameBundleSentAsCurlSendsItIsDeployedAndItsCodeRuns() throws Exception {
        // The control: the marker does appear when the deploy is one inferd accepts.
        Path marker = markers.resolve("curl");

        HttpAnswer answer = server.send("POST", "/api/deployments/w/versions", bundleLeaving(marker),
                "Content-Type", "application/x-www-form-urlencoded");

        assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
        Eventually.holds("the bundle's module-level code to leave its marker", Duration.ofSeconds(10), () -> Files.exists(marker));
    }

    private static void assertNothingDeployedAndNothingRan(String name, Path marker) throws InterruptedException {
        assertThat(server.get("/api/deployments/" + name).status()).isEqualTo(404);
        // A deploy imports the bundle before it answers, so a marker would already be there; a moment more rules out a late one.
        Thread.sleep(300);
        assertThat(marker).doesNotExist();
    }
}
