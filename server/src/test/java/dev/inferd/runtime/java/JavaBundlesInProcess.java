package dev.inferd.runtime.java;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.inferd.bundle.Bundle;
import dev.inferd.bundle.BundleUpload;
import dev.inferd.bundle.UnpackedBundles;
import dev.inferd.bundle.ManifestParser;
import dev.inferd.runtime.Call;
import dev.inferd.runtime.LoadedModel;
import dev.inferd.runtime.ModelSource;
import dev.inferd.runtime.Outcome;
import dev.inferd.testing.Eventually;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Loads Java bundles straight into a {@link JavaRuntime}, without a server, and makes calls for them. */
final class JavaBundlesInProcess {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JavaBundlesInProcess() {
    }

    /** @param manifestKeys lines of {@code inferd.yaml} beyond {@code runtime:} and {@code main:}, or "" */
    static LoadedModel load(JavaRuntime runtime, Path workDirectory, String label, String main, String manifestKeys,
                            Map<String, String> files) {
        Map<String, byte[]> contents = new HashMap<>();
        files.forEach((name, text) -> contents.put(name, text.getBytes(StandardCharsets.UTF_8)));
        contents.put("inferd.yaml", ("runtime: java\nmain: " + main + "\n" + manifestKeys).getBytes(StandardCharsets.UTF_8));
        Bundle bundle = new UnpackedBundles(workDirectory.resolve("bundles"), 1 << 20, new ManifestParser())
                .unpack(new BundleUpload.InMemory(contents));
        return runtime.load(new ModelSource(label, 1, bundle.manifest(), bundle.directory(),
                workDirectory.resolve("build").resolve(label), bundle.contentHash()));
    }

    static Call call(String... argumentsAsJson) {
        return new Call(Arrays.stream(argumentsAsJson).map(JavaBundlesInProcess::parse).toList());
    }

    static Outcome.Failure failure(Outcome outcome) {
        assertThat(outcome).isInstanceOf(Outcome.Failure.class);
        return (Outcome.Failure) outcome;
    }

    static void awaitFile(Path file) {
        Eventually.holds(file + " to exist", Duration.ofSeconds(10), () -> Files.exists(file));
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
