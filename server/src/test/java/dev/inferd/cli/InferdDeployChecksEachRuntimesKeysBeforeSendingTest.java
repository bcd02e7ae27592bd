package dev.inferd.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/bundles.md, {@code inferd deploy DIR}: the command line checks the manifest with every
 * runtime's keys, so a misspelt key fails before anything is sent (no server listens here).
 */
class InferdDeployChecksEachRuntimesKeysBeforeSendingTest {
    private static final String NO_SERVER = "http://127.0.0.1:1";

    @TempDir
    Path bundle;

    private ConsoleCapture deploy(String manifest) throws IOException {
        Files.writeString(bundle.resolve("inferd.yaml"), manifest);
        Files.writeString(bundle.resolve("source.py"), "def predict(x):\n    return x\n");
        return Inferd.run(Map.of(), "deploy", bundle.toString(), "--server", NO_SERVER);
    }

    @Test
    void aMisspeltKeyIsRefusedWithTheKnownKeys() throws IOException {
        ConsoleCapture result = deploy("runtime: python\nmain: predict\ntets: []\n");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("unknown manifest key(s) [tets]; known keys are "
                + "[batch, batch_size, batching, columns, description, main, model, name, onnx, python, rate_limit_per_minute, runtime, source, tests, workers]")
                .doesNotContain(NO_SERVER);
    }

    @Test
    void aPythonKeyOutOfRangeIsRefused() throws IOException {
        ConsoleCapture result = deploy("runtime: python\nmain: predict\nworkers: 300\n");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("workers: must be a whole number from 1 to 256; got 300").doesNotContain(NO_SERVER);
    }
}
