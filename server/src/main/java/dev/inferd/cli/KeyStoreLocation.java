package dev.inferd.cli;

import dev.inferd.config.DatabaseUrl;
import dev.inferd.config.ServerConfig;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Optional;

/** Where {@code inferd keys} finds the keys: the server's data directory, or the database its replicas share. */
final class KeyStoreLocation {
    @Option(names = "--data-dir", defaultValue = ServerConfig.DEFAULT_DATA_DIRECTORY,
            description = "The server's data directory (default: ${DEFAULT-VALUE}).")
    Path dataDirectory;

    // Never shown in the help: it may come from the environment and hold a password.
    @Option(names = "--database", paramLabel = "URL",
            description = "The PostgreSQL database of servers started with --database (default: INFERD_DATABASE_URL,"
                    + " else the SQLite file in --data-dir).")
    String database;

    KeyStoreOpener.OpenedKeyStore open(KeyStoreOpener opener) {
        return opener.open(dataDirectory, OptionValues.databaseUrl(database));
    }

    /** Where the keys are, for messages; never with a password. */
    String description() {
        return OptionValues.databaseUrl(database).map(DatabaseUrl::description)
                .orElse(dataDirectory.toAbsolutePath().normalize().toString());
    }
}
