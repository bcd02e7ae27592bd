package dev.inferd.store;

import dev.inferd.bundle.BundleZip;
import dev.inferd.config.DatabaseUrl;
import dev.inferd.error.BundleRejectedException;
import dev.inferd.error.StoreUnavailableException;
import dev.inferd.registry.DeploymentName;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.JdbiException;
import org.postgresql.util.PSQLException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * Copies the state of a server that ran alone, the SQLite database and bundle files of its data
 * directory, into a PostgreSQL database, so that replicas started with {@code --database} serve what
 * it served: {@code inferd migrate-to}.
 * <p>
 * Rows are copied as they are, so versions keep their numbers (a client pinned to {@code /name/3}
 * reaches the same code), keys their hashes and jobs their ids. Everything goes into one PostgreSQL
 * transaction: a refusal or a failure part-way leaves the database as it was. The data directory
 * is locked against a server for the whole copy, and only read: it stays a backup.
 * <p>
 * Async jobs are all copied, whatever their state, so no batch id a client holds stops answering;
 * a job that was running is queued again, as a restart of the server would, and a delivery the
 * server was making comes due at once. Result links are copied, with the data directory's secret
 * that signs them, while they have not expired, so links handed out before the move keep working.
 */
public final class SqliteToPostgres {
    /** Rows sent to PostgreSQL in one batch, fewer when their bodies add up to {@link #BYTES_PER_BATCH}. */
    private static final int ROWS_PER_BATCH = 200;
    /** Async jobs carry whole request and result bodies; a batch of them should not crowd the heap. */
    private static final long BYTES_PER_BATCH = 16L << 20;

    /** What was copied; bundles are counted once per content hash, however many versions share one. */
    public record Copied(int deployments, int versions, int aliases, int keys, int jobs, int resultLinks,
                         int resultLinksLeftBehind, int bundles, long bundleBytes) {
    }

    private final BundleZip bundleZip;
    private final Clock clock;

    /** @param bundleZip reads bundle files to check them against their hashes, as a server reads them to load a version */
    public SqliteToPostgres(BundleZip bundleZip, Clock clock) {
        this.bundleZip = bundleZip;
        this.clock = clock;
    }

    /**
     * Copies the state in {@code dataDirectory} into {@code target}, migrating its schema first.
     *
     * @throws IllegalStateException      when the copy is refused or fails, with a message for the
     *                                    operator; nothing is then written to {@code target}
     * @throws StoreUnavailableException when {@code target} cannot be reached
     */
    public Copied copy(Path dataDirectory, DatabaseUrl target) {
        Path directory = dataDirectory.toAbsolutePath().normalize();
        Path databaseFile = directory.resolve(SqliteDatabase.FILE_NAME);
        // Before the lock, which would create the directory.
        if (!Files.isRegularFile(databaseFile)) {
            throw new IllegalStateException("there is no inferd database in " + directory + " (no " + SqliteDatabase.FILE_NAME
                    + "); pass the --data-dir of the server whose state to copy");
        }
        try (DataDirectoryLock lock = lockAgainstAServer(directory);
             SqliteSnapshot source = SqliteSnapshot.of(databaseFile, clock);
             PostgresDatabase postgres = PostgresDatabase.openAnswering(target)) {
            return postgres.write(handle -> write("state", () -> copy(source.connection(), handle, postgres, directory)));
        }
    }

    /** A server writing while its state is copied would leave the copy behind, so it must be stopped first. */
    private static DataDirectoryLock lockAgainstAServer(Path directory) {
        try {
            return DataDirectoryLock.acquire(directory);
        } catch (IllegalStateException held) {
            throw new IllegalStateException("an inferd server is using the data directory " + directory
                    + "; stop it first, so that nothing changes while its state is copied");
        }
    }

    private Copied copy(Connection source, Handle target, PostgresDatabase postgres, Path directory) {
        // Deploys of replicas already running on the database wait until the copy commits, and a
        // second copy started at the same time finds the first one's rows and is refused.
        postgres.serializeDeploymentWrites(target);
        refuseADatabaseInUse(target, postgres.description());
        long now = clock.millis();

        int deployments = copyRows("deployments", source, target, "deployments",
                "SELECT name, created_at FROM deployments ORDER BY name");
        int versions = copyRows("versions", source, target, "versions",
                "SELECT deployment, number, runtime, main, content_hash, created_at, rate_limit_per_minute FROM versions "
                        + "ORDER BY deployment, number");
        int aliases = copyRows("aliases", source, target, "aliases",
                "SELECT deployment, alias, version, updated_at FROM aliases ORDER BY deployment, alias");
        // The highest number each name has had, deleted deployments' names included, so no number is given twice.
        copyRows("version numbers", source, target, "version_counters",
                "SELECT deployment, MAX(highest) AS highest FROM (SELECT deployment, highest FROM version_counters "
                        + "UNION ALL SELECT deployment, number FROM versions) AS known GROUP BY deployment ORDER BY deployment");
        // Replicas already running learn of the deployments from the change feed.
        target.createQuery("SELECT name FROM deployments ORDER BY name").mapTo(String.class).list()
                .forEach(name -> SqlDeploymentStore.recordChange(target, new DeploymentName(name)));
        int keys = copyRows("API keys", source, target, "api_keys",
                "SELECT name, key_hash, deployments, admin, created_at FROM api_keys ORDER BY name");
        Bundles bundles = copyBundles(source, target, directory.resolve("artifacts"));
        int jobs = copyRows("async jobs", source, target, "jobs",
                "SELECT id, deployment, version, request, webhook, ignore_webhook_timeout, link_base, "
                        + "CASE status WHEN 'RUNNING' THEN 'QUEUED' ELSE status END AS status, "
                        + "result, result_status, created_at, finished_at, deliveries, delivered_at, "
                        + "CASE WHEN next_delivery_at > ? THEN ? ELSE next_delivery_at END AS next_delivery_at, "
                        + "deliver_until, last_delivery_error FROM jobs ORDER BY created_at, id",
                now, now);
        ResultLinks links = copyResultLinks(source, target, directory, now);

        postgres.announce(target, StoreTopic.DEPLOYMENTS);
        postgres.announce(target, StoreTopic.KEYS);
        postgres.announce(target, StoreTopic.JOBS);
        return new Copied(deployments, versions, aliases, keys, jobs, links.copied(), links.leftBehind(),
                bundles.count(), bundles.bytes());
    }

    /**
     * A database that replicas have used already is refused rather than merged into: its version
     * numbers, keys and jobs would mix with the copied ones.
     */
    private static void refuseADatabaseInUse(Handle target, String description) {
        Map<String, Long> held = target.createQuery("SELECT "
                        + "(SELECT COUNT(*) FROM deployments) AS deployments, "
                        + "(SELECT COUNT(*) FROM version_counters) AS numbered, "
                        + "(SELECT COUNT(*) FROM api_keys) AS keys, "
                        + "(SELECT COUNT(*) FROM jobs) AS jobs")
                .map((rs, ctx) -> {
                    Map<String, Long> counts = new LinkedHashMap<>();
                    counts.put("deployment", rs.getLong("deployments"));
                    counts.put("deployment name with version numbers", rs.getLong("numbered"));
                    counts.put("API key", rs.getLong("keys"));
                    counts.put("async job", rs.getLong("jobs"));
                    return counts;
                })
                .one();
        String what = held.entrySet().stream()
                .filter(count -> count.getValue() > 0)
                .map(count -> count.getValue() + " " + count.getKey() + (count.getValue() == 1 ? "" : "s"))
                .collect(Collectors.joining(", "));
        if (!what.isEmpty()) {
            throw new IllegalStateException(description + " already holds inferd state (" + what + "); migrate-to copies"
                    + " only into a database that holds none, so that nothing is merged: nothing was copied");
        }
    }

    private record Bundles(int count, long bytes) {
    }

    /** Every bundle a version refers to, checked as a server checks one it loads, in chunks as replicas keep them. */
    private Bundles copyBundles(Connection source, Handle target, Path artifacts) {
        Map<String, List<String>> versionsByHash = new LinkedHashMap<>();
        read("bundles", () -> {
            try (Statement statement = source.createStatement();
                 ResultSet rows = statement.executeQuery(
                         "SELECT content_hash, deployment, number FROM versions ORDER BY content_hash, deployment, number")) {
                while (rows.next()) {
                    versionsByHash.computeIfAbsent(rows.getString("content_hash"), hash -> new ArrayList<>())
                            .add(rows.getString("deployment") + "/" + rows.getInt("number"));
                }
            }
        });
        long bytes = 0;
        for (Map.Entry<String, List<String>> bundle : versionsByHash.entrySet()) {
            Path zip = checkedBundle(bundle.getKey(), String.join(", ", bundle.getValue()), artifacts);
            write("bundles", () -> SharedArtifactStore.insert(target, bundle.getKey(), zip, clock.millis()));
            bytes += sizeOf(zip);
        }
        return new Bundles(versionsByHash.size(), bytes);
    }

    /** The bundle file of {@code versions}, refused unless it holds the files their content hash names. */
    private Path checkedBundle(String contentHash, String versions, Path artifacts) {
        Path file = FileArtifactStore.pathIn(artifacts, contentHash);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("the bundle of " + versions + " is missing: there is no " + file
                    + "; restore it from a backup, or delete the version: nothing was copied");
        }
        String actual;
        try {
            actual = bundleZip.contents(file).contentHash();
        } catch (BundleRejectedException e) {
            throw new IllegalStateException("the bundle of " + versions + " in " + file + " cannot be read ("
                    + e.getMessage() + "); nothing was copied");
        } catch (UncheckedIOException e) {
            throw new UncheckedIOException("cannot read the bundle of " + versions + " from " + file + "; nothing was copied",
                    e.getCause());
        }
        if (!actual.equals(contentHash)) {
            throw new IllegalStateException("the bundle of " + versions + " in " + file + " does not match its content hash"
                    + " (its files hash to " + actual + "); restore it from a backup, or delete the version: nothing was copied");
        }
        return file;
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private record ResultLinks(int copied, int leftBehind) {
    }

    /**
     * Links still open, with the secret that signed them, so that they keep working. A database that
     * has a secret of its own already keeps it, since a replica may be using it; the links, which
     * it could not verify, are then left behind.
     */
    private static ResultLinks copyResultLinks(Connection source, Handle target, Path directory, long now) {
        String open = "SELECT id, body, expires_at FROM result_links WHERE expires_at > ? ORDER BY id";
        Optional<byte[]> secret = ResultLinkSecret.existing(directory);
        boolean sameSecret = secret.isPresent() && write("the result links' secret",
                () -> Arrays.equals(secret.get(), ServerState.storedSecret(target, ServerState.LINK_SECRET, secret.get())));
        if (sameSecret) {
            return new ResultLinks(copyRows("result links", source, target, "result_links", open, now), 0);
        }
        int[] leftBehind = new int[1];
        read("result links", () -> {
            try (PreparedStatement count = source.prepareStatement("SELECT COUNT(*) FROM (" + open + ") AS open")) {
                count.setLong(1, now);
                try (ResultSet rows = count.executeQuery()) {
                    rows.next();
                    leftBehind[0] = rows.getInt(1);
                }
            }
        });
        return new ResultLinks(0, leftBehind[0]);
    }

    /**
     * Copies the rows {@code select} reads from SQLite into the PostgreSQL table {@code table}, whose
     * columns are the select's column labels, a batch at a time. @return how many
     */
    private static int copyRows(String what, Connection source, Handle target, String table, String select, Object... parameters) {
        int[] copied = new int[1];
        read(what, () -> {
            try (PreparedStatement query = source.prepareStatement(select)) {
                for (int i = 0; i < parameters.length; i++) {
                    query.setObject(i + 1, parameters[i]);
                }
                try (ResultSet rows = query.executeQuery()) {
                    ResultSetMetaData columns = rows.getMetaData();
                    List<String> names = new ArrayList<>();
                    for (int column = 1; column <= columns.getColumnCount(); column++) {
                        names.add(columns.getColumnLabel(column));
                    }
                    String insert = "INSERT INTO " + table + " (" + String.join(", ", names) + ") VALUES ("
                            + names.stream().map(name -> "?").collect(Collectors.joining(", ")) + ")";
                    List<Object[]> batch = new ArrayList<>();
                    long batchBytes = 0;
                    while (rows.next()) {
                        Object[] row = new Object[names.size()];
                        for (int column = 0; column < row.length; column++) {
                            row[column] = rows.getObject(column + 1);
                            batchBytes += row[column] instanceof byte[] bytes ? bytes.length
                                    : row[column] instanceof String text ? text.length() : 8;
                        }
                        batch.add(row);
                        if (batch.size() == ROWS_PER_BATCH || batchBytes >= BYTES_PER_BATCH) {
                            insertRows(what, target, insert, names, batch);
                            copied[0] += batch.size();
                            batch.clear();
                            batchBytes = 0;
                        }
                    }
                    insertRows(what, target, insert, names, batch);
                    copied[0] += batch.size();
                }
            }
        });
        return copied[0];
    }

    /**
     * Plain JDBC on the transaction's connection rather than a Jdbi batch, which binds every row
     * with the types of the first one: SQLite hands out a whole number as an Integer or a Long by
     * its size, and a value or a null, row by row.
     */
    private static void insertRows(String what, Handle target, String insert, List<String> names, List<Object[]> rows) {
        if (rows.isEmpty()) {
            return;
        }
        write(what, () -> {
            try (PreparedStatement batch = target.getConnection().prepareStatement(insert)) {
                for (Object[] row : rows) {
                    for (int column = 0; column < row.length; column++) {
                        batch.setObject(column + 1, row[column]);
                    }
                    batch.addBatch();
                }
                return batch.executeBatch();
            }
        });
    }

    private interface SqliteRead {
        void run() throws SQLException;
    }

    private static void read(String what, SqliteRead work) {
        try {
            work.run();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the " + what + " from the data directory's database: "
                    + reason(e) + "; nothing was copied", e);
        }
    }

    private interface PostgresWrite<T> {
        T run() throws SQLException;
    }

    private static <T> T write(String what, PostgresWrite<T> work) {
        try {
            return work.run();
        } catch (JdbiException | SQLException e) {
            // The cause stays, so that a database that went away is still told from a refused row.
            throw new IllegalStateException("cannot copy the " + what + ": " + reason(e) + "; nothing was copied", e);
        }
    }

    /**
     * What a failed statement says, without the values it carried: the driver's message for a failed
     * batch quotes every parameter, and PostgreSQL's detail may quote the whole row, which could hold
     * a key's hash or a caller's data.
     */
    private static String reason(Throwable failure) {
        String reason = failure.getMessage();
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            SQLException sql = cause instanceof SQLException e ? e : null;
            while (sql instanceof BatchUpdateException batch && batch.getNextException() != null) {
                sql = batch.getNextException();
            }
            if (sql instanceof PSQLException postgres && postgres.getServerErrorMessage() != null) {
                return postgres.getServerErrorMessage().getMessage();
            }
            if (sql != null && !(sql instanceof BatchUpdateException)) {
                reason = sql.getMessage();
            }
        }
        return reason;
    }

    /**
     * The SQLite database in one transaction that is never committed: brought to this build's schema
     * within it, so that a database an older inferd left is read as this one reads it, and rolled
     * back at the end, so that the file stays as it was. The transaction holds SQLite's write lock,
     * which keeps {@code inferd keys} from changing the keys while they are copied.
     */
    private static final class SqliteSnapshot implements AutoCloseable {
        private final Connection connection;

        private SqliteSnapshot(Connection connection) {
            this.connection = connection;
        }

        static SqliteSnapshot of(Path databaseFile, Clock clock) {
            Connection connection;
            Properties properties = new Properties();
            properties.setProperty("busy_timeout", "10000");
            try {
                connection = DriverManager.getConnection("jdbc:sqlite:" + databaseFile, properties);
            } catch (SQLException e) {
                throw new IllegalStateException("cannot open " + databaseFile + ": " + e.getMessage(), e);
            }
            SqliteSnapshot snapshot = new SqliteSnapshot(connection);
            boolean inferd;
            try (Statement statement = connection.createStatement()) {
                statement.execute("BEGIN IMMEDIATE");
                try (ResultSet tables = connection.getMetaData().getTables(null, null, "deployments", new String[] {"TABLE"})) {
                    inferd = tables.next();
                }
                if (inferd) {
                    SchemaMigrations.forSqlite(clock).applyPendingWithin(connection);
                }
            } catch (SQLException | RuntimeException e) {
                snapshot.close();
                throw new IllegalStateException("cannot read " + databaseFile + ": " + e.getMessage(), e);
            }
            if (!inferd) {
                snapshot.close();
                throw new IllegalStateException(databaseFile + " is not an inferd database: it has no deployments table");
            }
            return snapshot;
        }

        Connection connection() {
            return connection;
        }

        @Override
        public void close() {
            try (connection; Statement statement = connection.createStatement()) {
                statement.execute("ROLLBACK");
            } catch (SQLException e) {
                // No transaction was left to roll back (BEGIN itself failed), or the connection is gone.
            }
        }
    }
}
