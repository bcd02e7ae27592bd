package dev.inferd.runtime;

import dev.inferd.Main;
import dev.inferd.bundle.Manifest;
import dev.inferd.bundle.ManifestParser;
import dev.inferd.error.BundleRejectedException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * docs/bundles.md, {@code inferd.yaml}: the common keys are read by the bundle's parser, and each
 * runtime checks its main and its own keys, with the messages the page quotes.
 */
class EachRuntimeChecksItsOwnPartOfTheManifestTest {
    private static final ManifestParser PARSER = Main.manifestParser();

    private static Manifest parse(String yaml) {
        return PARSER.parse(yaml.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertRefused(String yaml, String message) {
        assertThatThrownBy(() -> parse(yaml)).isInstanceOf(BundleRejectedException.class).hasMessage(message);
    }

    @Test
    void anUnknownKeyIsRefusedNamingTheCommonKeysAndEachRuntimesOwn() {
        assertRefused("runtime: python\nmain: predict\ntets: []\n", "unknown manifest key(s) [tets]; known keys are "
                + "[batch, batch_size, columns, description, main, name, python, rate_limit_per_minute, runtime, source, tests, workers]");
    }

    @Test
    void aJavaMainIsAClassAndAMethod() {
        assertThat(parse("runtime: java\nmain: com.example.Scorer#score\n").main()).isEqualTo("com.example.Scorer#score");
        assertRefused("runtime: java\nmain: score\n", "a java main must look like com.example.Scorer#score; got 'score'");
    }

    @Test
    void aPythonMainIsAFunctionName() {
        assertThat(parse("runtime: python\nmain: predict\n").main()).isEqualTo("predict");
        assertRefused("runtime: python\nmain: Scorer#score\n", "a python main must be a function name; got 'Scorer#score'");
    }

    @Test
    void thePythonKeysAreCheckedInAManifestOfAnyRuntime() {
        assertRefused("runtime: java\nmain: A#f\nsource: ../evil.py\n", "source: bundle path escapes or is not normalized: '../evil.py'");
        assertRefused("runtime: python\nmain: f\nworkers: 0\n", "workers: must be a whole number from 1 to 256; got 0");
        assertRefused("runtime: python\nmain: f\npython: 3\n", "python: must be a non-empty string");
    }

    @Test
    void theCommonKeysFollowTheSameRules() {
        assertRefused("runtime: java\nmain: A#f\nrate_limit_per_minute: 0\n",
                "rate_limit_per_minute: must be a whole number from 1 to 2147483647; got 0");
        assertRefused("main: A#f\n", "the manifest needs runtime:");
    }

    @Test
    void aRuntimeThisBuildLacksIsLeftToTheServerThatRunsIt() {
        Manifest manifest = parse("runtime: onnx\nmain: model.onnx\nproviders: [cuda]\n");

        assertThat(manifest.runtime()).isEqualTo("onnx");
        assertThat(manifest.runtimeKeys().names()).containsExactly("providers");
    }
}
