package dev.inferd.api.http;

import dev.inferd.bundle.BundleZip;
import dev.inferd.config.LimitSettings;
import dev.inferd.testing.Eventually;
import dev.inferd.testing.HttpAnswer;
import dev.inferd.testing.RawHttp;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PROTOCOL §4 and "Body size": a zipped deploy body is written to a file as it arrives, never held in
 * memory, so it may be as large as the larger of {@code --max-body-size} and {@code --max-bundle-size},
 * and does not count against {@code --max-inflight-bytes}; every way it can end leaves no file behind.
 */
class ZippedDeployBodiesGoToDiskTest {
    private static final long MAX_BODY_BYTES = 1024;
    private static final long MAX_BUNDLE_BYTES = 64 * 1024;
    private static final String MANIFEST = "runtime: java\nmain: Adder#add\n";
    private static final String SOURCE = "public class Adder { public static long add(long x) { return x + 1; } }";

    @RegisterExtension
    static final TestServer server = TestServer.perClass(settings -> settings
            .set(LimitSettings::maxBodyBytes, MAX_BODY_BYTES)
            .set(LimitSettings::maxBundleBytes, MAX_BUNDLE_BYTES)
            .set(LimitSettings::maxInflightBytes, 1024L)
            .set(LimitSettings::bodyIdleTimeout, Duration.ofSeconds(1)));

    /** A bundle whose zip is about {@code bytes} long, since random bytes do not compress. */
    private static byte[] zipOfAbout(int bytes) {
        byte[] weights = new byte[bytes];
        new Random(bytes).nextBytes(weights);
        return BundleZip.write(Map.of("inferd.yaml", MANIFEST.getBytes(StandardCharsets.UTF_8),
                "Adder.java", SOURCE.getBytes(StandardCharsets.UTF_8), "weights.bin", weights));
    }

    private static HttpAnswer deployZip(String name, byte[] zip) {
        return server.post("/api/deployments/" + name + "/versions", "application/zip", zip);
    }

    private static Path uploads() {
        return server.dataDirectory().resolve("work").resolve("uploads");
    }

    @AfterEach
    void noUploadIsLeftBehind() {
        // A refused upload's file is deleted once the file is closed, which may be just after the answer.
        Eventually.holds("no upload left in " + uploads(), Duration.ofSeconds(5), () -> {
            try (Stream<Path> left = Files.list(uploads())) {
                return left.findAny().isEmpty();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @Test
    void aZipOverTheBodyLimitButWithinTheBundleLimitDeploys() {
        byte[] zip = zipOfAbout(8 * 1024);
        assertThat((long) zip.length).isGreaterThan(MAX_BODY_BYTES);

        HttpAnswer answer = deployZip("large_zip", zip);

        assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
        assertThat(server.call("large_zip", "41").body()).isEqualTo("{\"data\":42}");
    }

    @Test
    void aZipDoesNotCountAgainstTheBytesInFlightWhichAreForMemory() {
        byte[] zip = zipOfAbout(4 * 1024);

        assertThat(deployZip("uncounted_zip", zip).status()).isEqualTo(201);
    }

    @Test
    void aJsonDeployKeepsToTheBodyLimit() {
        String body = "{\"runtime\": \"java\", \"main\": \"Adder#add\", \"files\": {\"Adder.java\": \"" + SOURCE
                + "\", \"notes.txt\": \"" + "n".repeat(2000) + "\"}}";

        HttpAnswer answer = server.post("/api/deployments/large_json/versions", body);

        assertThat(answer.status()).as(answer.toString()).isEqualTo(413);
    }

    @Test
    void aZipDeclaredOverBothLimitsIsRefusedBeforeItIsSent() throws IOException {
        String answer = sendAndWait("POST /api/deployments/declared/versions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/zip\r\n"
                + "Content-Length: " + (MAX_BUNDLE_BYTES + 1) + "\r\nExpect: 100-continue\r\n\r\n");

        assertThat(answer).startsWith("HTTP/1.1 413").contains("" + MAX_BUNDLE_BYTES);
    }

    @Test
    void aChunkedZipThatGrowsPastTheLimitIsRefusedAndItsFileDeleted() {
        byte[] zip = zipOfAbout((int) MAX_BUNDLE_BYTES + 1024);

        HttpAnswer answer = server.sendBody("POST", "/api/deployments/chunked_past/versions",
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(zip)), "Content-Type", "application/zip");

        assertThat(answer.status()).as(answer.toString()).isEqualTo(413);
    }

    @Test
    void aZipThatStopsArrivingIsAnswered408AndItsFileDeleted() throws IOException {
        String answer = sendAndWait("POST /api/deployments/stalled/versions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/zip\r\n"
                + "Content-Length: 5000\r\n\r\nPK\u0003\u0004");

        assertThat(answer).startsWith("HTTP/1.1 408").contains("stopped arriving");
    }

    @Test
    void anEmptyZipBodyIsABadRequest() {
        HttpAnswer answer = deployZip("empty_zip", new byte[0]);

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.errorMessage()).contains("empty");
    }

    @Test
    void aBrokenZipIsRefusedAndItsFileDeleted() {
        HttpAnswer answer = deployZip("broken_zip", "PK\u0003\u0004 and then nothing a zip needs".getBytes(StandardCharsets.US_ASCII));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.errorMessage()).contains("not a valid zip");
    }

    @Test
    void anUploadThatCannotBeWrittenIsTheServersErrorAndIsNotReadOn() throws IOException {
        byte[] zip = zipOfAbout(32 * 1024);
        Files.delete(uploads());
        try {
            HttpAnswer answer = deployZip("unwritable", zip);

            assertThat(answer.status()).as("not the 413 of reading a large body on").isEqualTo(500);
            assertThat(answer.errorCode()).isEqualTo("internal_error");
        } finally {
            Files.createDirectories(uploads());
        }
    }

    private static String sendAndWait(String request) throws IOException {
        return RawHttp.sendAndWait(server.port(), request);
    }
}
