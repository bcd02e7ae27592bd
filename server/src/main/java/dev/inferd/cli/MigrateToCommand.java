package dev.inferd.cli;

import dev.inferd.config.DatabaseUrl;
import dev.inferd.config.ServerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code inferd migrate-to URL}: moves a server that ran alone onto PostgreSQL, so that replicas
 * started with {@code serve --database URL} serve what it served. The copying is the caller's
 * ({@link StateCopier}); this command reads the arguments and says what was copied.
 */
@Command(name = "migrate-to", mixinStandardHelpOptions = true,
        description = {"Copy the state of a stopped server (deployments with their version numbers, aliases, API keys,"
                + " async jobs, bundles) from its data directory into a PostgreSQL database that holds none yet,"
                + " for replicas started with serve --database URL.",
                "Everything is copied or nothing; the data directory is left as it was, as a backup."})
public final class MigrateToCommand implements Callable<Integer> {
    private final StateCopier copier;

    // The URL may hold a password: it is never printed, and messages name the database by its description.
    @Parameters(index = "0", paramLabel = "URL",
            description = "The PostgreSQL database, as postgresql://user:password@host:5432/db or jdbc:postgresql://...")
    String database;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = ServerConfig.DEFAULT_DATA_DIRECTORY,
            description = "The data directory of the server whose state to copy (default: ${DEFAULT-VALUE}).")
    Path dataDirectory;

    public MigrateToCommand(StateCopier copier) {
        this.copier = copier;
    }

    @Override
    public Integer call() {
        DatabaseUrl url = DatabaseUrl.parse(database);
        Path directory = dataDirectory.toAbsolutePath().normalize();
        StateCopier.Copied copied = copier.copy(directory, url);
        System.out.println("copied " + directory + " into " + url.description() + ":");
        System.out.println(counted(copied.deployments(), "deployment") + ", " + counted(copied.versions(), "version")
                + " (numbers kept), " + counted(copied.aliases(), "alias"));
        System.out.println(counted(copied.keys(), "API key"));
        System.out.println(counted(copied.jobs(), "async job") + ", " + counted(copied.resultLinks(), "result link"));
        System.out.println(counted(copied.bundles(), "bundle") + ", " + counted(copied.bundleBytes(), "byte"));
        if (copied.resultLinksLeftBehind() > 0) {
            System.out.println(counted(copied.resultLinksLeftBehind(), "result link") + " left behind: the database"
                    + " already has a link secret of its own, which cannot verify them");
        }
        System.out.println(directory + " is left as it was: keep it as a backup, and start the replicas with serve --database URL");
        return 0;
    }

    private static String counted(long count, String noun) {
        String plural = noun.endsWith("s") ? noun + "es" : noun + "s";
        return count + " " + (count == 1 ? noun : plural);
    }
}
