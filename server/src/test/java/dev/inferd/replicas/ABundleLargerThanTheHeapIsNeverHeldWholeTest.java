package dev.inferd.replicas;

import dev.inferd.bundle.AtomicDirectory;
import dev.inferd.store.PostgresDatabases;
import dev.inferd.testing.ChildServer;
import dev.inferd.testing.HttpAnswer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ARCHITECTURE "Scale-out": a bundle streams, from the deploy's request body to the disk, into the
 * database a chunk at a time, out to another replica and back out of a download, so a model larger
 * than a server's whole heap deploys and loads. The servers here run with a heap of 96 MiB and the
 * bundle holds 160 MiB of weights that do not compress: held whole anywhere, it would not fit.
 */
class ABundleLargerThanTheHeapIsNeverHeldWholeTest {
    private static final List<String> SMALL_HEAP = List.of("-Xmx96m");
    private static final int WEIGHT_BYTES = 160 << 20;
    private static final Duration LISTENING_WITHIN = Duration.ofSeconds(90);
    /** What the model answers for 1: the size of its weights file, read when called, plus one. */
    private static final String ANSWER_FOR_ONE = "{\"data\":" + (WEIGHT_BYTES + 1) + "}";
    private static final String SOURCE = """
            import os

            WEIGHTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "weights.bin")

            def weights_size(x):
                return os.path.getsize(WEIGHTS) + x
            """;

    @RegisterExtension
    static final PostgresDatabases database = PostgresDatabases.perClass();
    @TempDir
    static Path directory;
    private static Path bundleZip;

    @BeforeAll
    static void zipABundleWithLargeWeights() throws IOException {
        bundleZip = directory.resolve("large.zip");
        try (ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(Files.newOutputStream(bundleZip), 1 << 16))) {
            zip.putNextEntry(new ZipEntry("inferd.yaml"));
            zip.write("runtime: python\nmain: weights_size\n".getBytes(StandardCharsets.UTF_8));
            zip.putNextEntry(new ZipEntry("source.py"));
            zip.write(SOURCE.getBytes(StandardCharsets.UTF_8));
            zip.putNextEntry(new ZipEntry("weights.bin"));
            writeRandomBytes(zip, WEIGHT_BYTES);
            zip.closeEntry();
        }
    }

    private static void writeRandomBytes(OutputStream out, int count) throws IOException {
        Random random = new Random(42);
        byte[] buffer = new byte[1 << 20];
        for (int written = 0; written < count; written += buffer.length) {
            random.nextBytes(buffer);
            out.write(buffer, 0, Math.min(buffer.length, count - written));
        }
    }

    private static ChildServer startWithASmallHeap(Path dataDirectory, String... flags) {
        String[] arguments = new String[flags.length + 4];
        arguments[0] = "--data-dir";
        arguments[1] = dataDirectory.toString();
        arguments[2] = "--max-bundle-size";
        arguments[3] = "512MiB";
        System.arraycopy(flags, 0, arguments, 4, flags.length);
        return ChildServer.start(LISTENING_WITHIN, SMALL_HEAP, arguments);
    }

    private static HttpAnswer deploy(ChildServer server, String name) throws IOException {
        return server.sendBody("POST", "/api/deployments/" + name + "/versions", HttpRequest.BodyPublishers.ofFile(bundleZip),
                "Content-Type", "application/zip");
    }

    @Test
    void aLoneServerDeploysItServesItsDownloadAndLoadsItAgainFromItsStoredZip() throws Exception {
        Path dataDirectory = directory.resolve("alone");
        try (ChildServer server = startWithASmallHeap(dataDirectory)) {
            HttpAnswer deployed = deploy(server, "large");
            assertThat(deployed.status()).as(deployed + "\n" + server.output()).isEqualTo(201);
            assertThat(server.post("/v1/large/latest", "{\"data\": 1}").body()).isEqualTo(ANSWER_FOR_ONE);

            HttpResponse<InputStream> download = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(server.url() + "/api/deployments/large/versions/1/bundle")).build(), HttpResponse.BodyHandlers.ofInputStream());
            assertThat(download.statusCode()).isEqualTo(200);
            assertThat(weightsSizeIn(download.body())).isEqualTo(WEIGHT_BYTES);
            server.terminate();
            assertThat(server.exited(Duration.ofSeconds(30))).isTrue();
        }
        // Without its unpacked copy, the version is unpacked again from the stored zip on first use.
        AtomicDirectory.deleteRecursively(dataDirectory.resolve("work"));
        try (ChildServer again = startWithASmallHeap(dataDirectory)) {
            assertThat(again.post("/v1/large/latest", "{\"data\": 1}").body()).as(again.output()).isEqualTo(ANSWER_FOR_ONE);
        }
    }

    @Test
    void aReplicaLoadsItFromTheDatabaseAfterAnotherDeployedIt() throws Exception {
        try (ChildServer first = startWithASmallHeap(directory.resolve("replica-1"), "--database", database.jdbcUrl());
             ChildServer second = startWithASmallHeap(directory.resolve("replica-2"), "--database", database.jdbcUrl())) {
            HttpAnswer deployed = deploy(first, "shared_large");
            assertThat(deployed.status()).as(deployed + "\n" + first.output()).isEqualTo(201);

            HttpAnswer answer = second.post("/v1/shared_large/latest", "{\"data\": 1}");
            for (int tries = 0; answer.status() == 404 && tries < 50; tries++) {
                Thread.sleep(100);
                answer = second.post("/v1/shared_large/latest", "{\"data\": 1}");
            }
            assertThat(answer.body()).as(second.output()).isEqualTo(ANSWER_FOR_ONE);
        }
    }

    /** Reads a zip as it arrives and counts the bytes of its weights.bin. */
    private static long weightsSizeIn(InputStream body) throws IOException {
        try (ZipInputStream zip = new ZipInputStream(body)) {
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                if (entry.getName().equals("weights.bin")) {
                    return zip.transferTo(OutputStream.nullOutputStream());
                }
            }
        }
        return -1;
    }
}
