package dev.inferd.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Brings the metadata database to the schema this build ships: the scripts under
 * {@code db/migration}, each applied once, in version order, and recorded with a checksum in
 * {@code schema_migrations}.
 * <p>
 * Flyway did this until a start had to fit in two seconds: it loaded some 400 classes and spun
 * about a third of the start's method-handle classes to apply three scripts (bench/README.md has
 * the measurements). A database Flyway migrated is taken over from its
 * {@code flyway_schema_history}, without running a script again.
 * <p>
 * SQLite and PostgreSQL have their own scripts ({@code db/migration} and {@code db/postgresql}),
 * since their types differ, and take the migration's lock their own way: SQLite's write lock, and
 * a PostgreSQL advisory lock, so that replicas starting together migrate the database once.
 * <p>
 * All pending scripts run in one transaction, so a script must not COMMIT or VACUUM, and a
 * {@code PRAGMA foreign_keys} in it has no effect (SQLite ignores it inside a transaction): a
 * script that rebuilds a table others refer to must keep their rows in step itself.
 */
final class SchemaMigrations {
    /** Every script under db/migration, for SQLite, oldest first; a test holds this list to the folder. */
    static final List<String> SHIPPED = List.of(
            "V1__deployments_versions_aliases.sql",
            "V2__api_keys_and_rate_limits.sql",
            "V3__async_jobs_and_result_links.sql",
            "V4__version_numbers_outlive_deletes.sql",
            "V5__deployment_changes_and_job_leases.sql");

    /** Every script under db/postgresql, oldest first; a test holds this list to the folder. */
    static final List<String> SHIPPED_FOR_POSTGRES = List.of(
            "V1__replicated_state.sql");

    /**
     * The key of the advisory lock a PostgreSQL migration holds until it commits: any 64-bit number
     * that nothing else on the database locks ("inferd" and 1, for "schema").
     */
    static final long POSTGRES_MIGRATION_LOCK = 0x696e6665726401L;

    private static final Pattern SCRIPT_NAME = Pattern.compile("V([1-9][0-9]*)__\\w+\\.sql");

    /** One versioned script; the checksum ignores line endings, which checkouts may change. */
    record Script(int version, String name, String sql) {
        Script {
            if (version < 1) {
                throw new IllegalArgumentException("migration versions start at 1: " + name);
            }
        }

        static Script named(String name, String sql) {
            Matcher matcher = SCRIPT_NAME.matcher(name);
            if (!matcher.matches()) {
                throw new IllegalArgumentException("a migration is named V<version>__<description>.sql, not " + name);
            }
            return new Script(Integer.parseInt(matcher.group(1)), name, sql);
        }

        String checksum() {
            try {
                byte[] text = sql.replace("\r\n", "\n").getBytes(StandardCharsets.UTF_8);
                return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every Java runtime has SHA-256", e);
            }
        }
    }

    /** By version, so iteration is the order they apply in. */
    private final NavigableMap<Integer, Script> scripts = new TreeMap<>();
    /** What begins the migration's transaction and takes its lock. */
    private final List<String> begin;
    private final Clock clock;

    SchemaMigrations(List<Script> scripts, List<String> begin, Clock clock) {
        for (Script script : scripts) {
            if (this.scripts.put(script.version(), script) != null) {
                throw new IllegalArgumentException("two migrations have version " + script.version());
            }
        }
        this.begin = List.copyOf(begin);
        this.clock = clock;
    }

    /** SQLite's scripts; BEGIN IMMEDIATE takes the write lock at once rather than at the first write. */
    static SchemaMigrations forSqlite(Clock clock) {
        return new SchemaMigrations(read("db/migration", SHIPPED), List.of("BEGIN IMMEDIATE"), clock);
    }

    /** PostgreSQL's scripts, under an advisory lock that ends with the transaction. */
    static SchemaMigrations forPostgres(Clock clock) {
        return new SchemaMigrations(read("db/postgresql", SHIPPED_FOR_POSTGRES),
                List.of("BEGIN", "SELECT pg_advisory_xact_lock(" + POSTGRES_MIGRATION_LOCK + ")"), clock);
    }

    /** Scripts this build ships, read from the class path. */
    static List<Script> read(String folder, List<String> names) {
        List<Script> scripts = new ArrayList<>();
        for (String name : names) {
            try (InputStream in = SchemaMigrations.class.getResourceAsStream("/" + folder + "/" + name)) {
                if (in == null) {
                    throw new IllegalStateException("the build lost the migration " + name);
                }
                scripts.add(Script.named(name, new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the migration " + name, e);
            }
        }
        return scripts;
    }

    /**
     * Applies what the database lacks, all in one transaction that holds the migration's lock from
     * the start: two processes opening a new database at once migrate it once, and a script that
     * fails leaves the database as it was.
     *
     * @param connection in auto-commit mode; the transaction is begun here
     * @throws IllegalStateException when the database was migrated by a newer inferd, or with a
     *                               script that differs from the one shipped under its version
     */
    void migrate(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String step : begin) {
                statement.execute(step);
            }
            boolean committed = false;
            try {
                applyPendingWithin(connection);
                statement.executeUpdate("COMMIT");
                committed = true;
            } finally {
                // Whatever ended the migration early, the pooled connection must not keep the write lock.
                if (!committed) {
                    rollBack(statement);
                }
            }
        }
    }

    /**
     * Applies what the database lacks inside a transaction that the caller has begun and ends. One
     * that rolls it back has read the database as this build's schema has it, and left it as it was.
     *
     * @throws IllegalStateException as {@link #migrate} does
     */
    void applyPendingWithin(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            NavigableMap<Integer, String> applied = appliedChecksums(connection, statement);
            checkAgainstShipped(applied);
            for (Script script : scripts.values()) {
                if (!applied.containsKey(script.version())) {
                    apply(statement, script);
                    record(connection, script);
                }
            }
        }
    }

    /** One call runs the whole script: SQLite's exec takes any number of statements. */
    private static void apply(Statement statement, Script script) throws SQLException {
        try {
            statement.executeUpdate(script.sql());
        } catch (SQLException e) {
            throw new SQLException(script.name() + ": " + e.getMessage(), e.getSQLState(), e.getErrorCode(), e);
        }
    }

    /** Version to checksum of what the database has, taking over Flyway's record the first time. */
    private NavigableMap<Integer, String> appliedChecksums(Connection connection, Statement statement) throws SQLException {
        if (!tableExists(connection, "schema_migrations")) {
            statement.executeUpdate("CREATE TABLE schema_migrations ("
                    + "version INTEGER PRIMARY KEY, script TEXT NOT NULL, checksum TEXT NOT NULL, applied_at BIGINT NOT NULL)");
            if (tableExists(connection, "flyway_schema_history")) {
                takeOverFromFlyway(connection, statement);
            }
        }
        NavigableMap<Integer, String> applied = new TreeMap<>();
        try (ResultSet rows = statement.executeQuery("SELECT version, checksum FROM schema_migrations")) {
            while (rows.next()) {
                applied.put(rows.getInt("version"), rows.getString("checksum"));
            }
        }
        return applied;
    }

    /**
     * Flyway's checksums are its own, so the versions it applied successfully are recorded with the
     * checksums of the scripts shipped under them: those are the scripts it ran.
     */
    private void takeOverFromFlyway(Connection connection, Statement statement) throws SQLException {
        List<String> versions = new ArrayList<>();
        // A version can have more than one row (a repair, a re-run after a failure); once is enough.
        try (ResultSet rows = statement.executeQuery("SELECT DISTINCT version FROM flyway_schema_history "
                + "WHERE success = 1 AND version IS NOT NULL AND type = 'SQL'")) {
            while (rows.next()) {
                versions.add(rows.getString("version"));
            }
        }
        for (String version : versions) {
            // Flyway keeps versions as text; inferd's are whole numbers, so any other one is unknown here.
            Script script = version.matches("[1-9][0-9]{0,8}") ? scripts.get(Integer.parseInt(version)) : null;
            if (script == null) {
                throw newerDatabase("version " + version);
            }
            record(connection, script);
        }
    }

    private void checkAgainstShipped(NavigableMap<Integer, String> applied) {
        int newestApplied = applied.isEmpty() ? 0 : applied.lastKey();
        for (Script script : scripts.headMap(newestApplied).values()) {
            // Applying it now would run it after scripts written to follow it.
            if (!applied.containsKey(script.version())) {
                throw new IllegalStateException("the database has schema version " + newestApplied
                        + " but not " + script.version() + " (" + script.name() + "), which comes before it; "
                        + "it was not migrated by inferd alone, so it is left as it is");
            }
        }
        for (Map.Entry<Integer, String> entry : applied.entrySet()) {
            Script shipped = scripts.get(entry.getKey());
            if (shipped == null) {
                throw newerDatabase("version " + entry.getKey());
            }
            if (!shipped.checksum().equals(entry.getValue())) {
                throw new IllegalStateException("the database's schema version " + entry.getKey()
                        + " was applied from a different " + shipped.name() + " than this inferd ships; "
                        + "a migration must not change once released: add a new one instead");
            }
        }
    }

    private static IllegalStateException newerDatabase(String schemaVersion) {
        return new IllegalStateException("the database has schema " + schemaVersion
                + ", which this inferd does not know: a newer inferd wrote it, so only that one or a later one can open it");
    }

    private void record(Connection connection, Script script) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO schema_migrations (version, script, checksum, applied_at) VALUES (?, ?, ?, ?)")) {
            insert.setInt(1, script.version());
            insert.setString(2, script.name());
            insert.setString(3, script.checksum());
            insert.setLong(4, clock.millis());
            insert.executeUpdate();
        }
    }

    private static boolean tableExists(Connection connection, String table) throws SQLException {
        try (ResultSet tables = connection.getMetaData().getTables(null, null, table, new String[] {"TABLE"})) {
            return tables.next();
        }
    }

    /**
     * SQLite ends some failed transactions itself, and then ROLLBACK fails: the failure that ended
     * the migration is what the caller needs to see, so that one is not replaced.
     */
    private static void rollBack(Statement statement) {
        try {
            statement.executeUpdate("ROLLBACK");
        } catch (SQLException ignored) {
            // Nothing was left to roll back.
        }
    }
}
