package dev.inferd.runtime;

import dev.inferd.Main;
import dev.inferd.bundle.Manifest;
import dev.inferd.bundle.ManifestParser;
import dev.inferd.error.BundleRejectedException;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Manifests read by the parser the server and {@code inferd deploy} use, with every runtime's section. */
final class Manifests {
    private static final ManifestParser PARSER = Main.manifestParser();

    private Manifests() {
    }

    static Manifest parse(String yaml) {
        return PARSER.parse(yaml.getBytes(StandardCharsets.UTF_8));
    }

    /** Fails the test unless {@code yaml} is refused with exactly {@code message}. */
    static void assertRefused(String yaml, String message) {
        assertThatThrownBy(() -> parse(yaml)).isInstanceOf(BundleRejectedException.class).hasMessage(message);
    }
}
