package dev.inferd.cli;

import dev.inferd.auth.KeyStore;

import dev.inferd.config.DatabaseUrl;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Opens the key store of a data directory for one {@code keys} command; {@code Main::openKeyStore}
 * in production, so that the command line never picks a store implementation itself.
 */
@FunctionalInterface
public interface KeyStoreOpener {

    /**
     * The keys of the server whose state is in {@code database} when given (replicas sharing
     * PostgreSQL), else in {@code dataDirectory}, which is created, readable by this user only, when missing.
     */
    OpenedKeyStore open(Path dataDirectory, Optional<DatabaseUrl> database);

    /** A key store and what to close once the command is done with it. */
    record OpenedKeyStore(KeyStore keys, Runnable onClose) implements AutoCloseable {
        @Override
        public void close() {
            onClose.run();
        }
    }
}
