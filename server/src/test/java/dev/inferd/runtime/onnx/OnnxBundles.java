package dev.inferd.runtime.onnx;

import dev.inferd.testing.HttpAnswer;
import dev.inferd.testing.TestServer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Deploys the test models (src/test/resources/onnx, made by make_test_models.py there) as zipped
 * bundles, the form a binary model file is deployed in.
 */
final class OnnxBundles {
    private OnnxBundles() {
    }

    /** Deploys {@code files} (name to bytes) with {@code manifest} as inferd.yaml. */
    static HttpAnswer deploy(TestServer server, String name, String manifest, Map<String, byte[]> files) {
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(zip)) {
            out.putNextEntry(new ZipEntry("inferd.yaml"));
            out.write(manifest.getBytes(StandardCharsets.UTF_8));
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                out.putNextEntry(new ZipEntry(file.getKey()));
                out.write(file.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return server.post("/api/deployments/" + name + "/versions", "application/zip", zip.toByteArray());
    }

    /** Deploys the test model {@code model}.onnx as deployment {@code model}, and fails the test unless it was created. */
    static void deployed(TestServer server, String model) {
        HttpAnswer answer = deploy(server, model, "runtime: onnx\nmodel: " + model + ".onnx\n",
                Map.of(model + ".onnx", testModel(model)));
        assertThat(answer.status()).as("deploy of %s: %s", model, answer).isEqualTo(201);
    }

    static byte[] testModel(String model) {
        try (InputStream in = OnnxBundles.class.getResourceAsStream("/onnx/" + model + ".onnx")) {
            if (in == null) {
                throw new IllegalStateException("no test model " + model + ".onnx in src/test/resources/onnx");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
