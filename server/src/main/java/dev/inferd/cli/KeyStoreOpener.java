package dev.inferd.cli;

import dev.inferd.auth.KeyStore;

import java.nio.file.Path;

/**
 * Opens the key store of a data directory for one {@code keys} command; {@code Main::openKeyStore}
 * in production, so that the command line never picks a store implementation itself.
 */
@FunctionalInterface
public interface KeyStoreOpener {

    /** The keys of {@code dataDirectory}, which is created, readable by this user only, when missing. */
    OpenedKeyStore open(Path dataDirectory);

    /** A key store and what to close once the command is done with it. */
    record OpenedKeyStore(KeyStore keys, Runnable onClose) implements AutoCloseable {
        @Override
        public void close() {
            onClose.run();
        }
    }
}
