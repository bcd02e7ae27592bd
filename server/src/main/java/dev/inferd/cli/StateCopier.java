package dev.inferd.cli;

import dev.inferd.config.DatabaseUrl;

import java.nio.file.Path;

/**
 * Copies a stopped server's state from its data directory into PostgreSQL, for {@code inferd
 * migrate-to}; {@code Main::migrateToPostgres} in production, so that the command line never opens
 * a store itself.
 */
@FunctionalInterface
public interface StateCopier {

    /**
     * Copies everything or nothing.
     *
     * @throws RuntimeException when the copy is refused or fails, with a message for the operator
     */
    Copied copy(Path dataDirectory, DatabaseUrl database);

    /**
     * What was copied. {@code resultLinksLeftBehind} are links still open that the database could
     * not verify, since it already had a link secret of its own.
     */
    record Copied(int deployments, int versions, int aliases, int keys, int jobs, int resultLinks,
                  int resultLinksLeftBehind, int bundles, long bundleBytes) {
    }
}
