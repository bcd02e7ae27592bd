package dev.inferd.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The SQLite file {@code inferd.db} in a data directory, migrated at open by {@link SchemaMigrations},
 * which the SQLite stores share. SQLite allows a single writer, so writes take a lock here instead
 * of failing with SQLITE_BUSY when two deploys race.
 */
public final class SqliteDatabase extends StateDatabase {
    /** The database's file name in the data directory. */
    public static final String FILE_NAME = "inferd.db";

    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final Path databaseFile;
    /** The file the pool opened: its file system key (device and inode on Unix), else its path. */
    private final Object openedFile;

    /** Opens (creating and migrating where needed) the database of a data directory. */
    public static SqliteDatabase inDataDirectory(Path dataDirectory) {
        return new SqliteDatabase(dataDirectory.resolve(FILE_NAME));
    }

    public SqliteDatabase(Path databaseFile) {
        this.databaseFile = databaseFile.toAbsolutePath();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:sqlite:" + databaseFile.toAbsolutePath());
        config.setPoolName("inferd-sqlite");
        config.setMaximumPoolSize(4);
        // Durability over speed: metadata writes are rare, and a deployed version must survive a power cut.
        config.addDataSourceProperty("journal_mode", "WAL");
        config.addDataSourceProperty("synchronous", "FULL");
        config.addDataSourceProperty("foreign_keys", "true");
        config.addDataSourceProperty("busy_timeout", "10000");
        this.dataSource = new HikariDataSource(config);
        boolean migrated = false;
        try (Connection connection = dataSource.getConnection()) {
            SchemaMigrations.forSqlite(Clock.systemUTC()).migrate(connection);
            migrated = true;
        } catch (SQLException | IllegalStateException e) {
            throw new IllegalStateException("cannot bring " + databaseFile + " to this inferd's schema: " + e.getMessage(), e);
        } finally {
            if (!migrated) {
                dataSource.close();
            }
        }
        this.jdbi = Jdbi.create(dataSource);
        this.openedFile = fileKey(this.databaseFile);
    }

    @Override
    <T> T read(HandleCallback<T, RuntimeException> work) {
        return jdbi.withHandle(work);
    }

    /** WAL gives a reader a snapshot from its first read to its end, even while another connection writes. */
    @Override
    <T> T readTogether(HandleCallback<T, RuntimeException> work) {
        return jdbi.inTransaction(work);
    }

    /**
     * One transaction, under the write lock, that takes SQLite's own write lock as it begins: one
     * that read first and wrote later would fail with SQLITE_BUSY, instead of waiting, whenever
     * another connection to the file had written in between.
     */
    @Override
    <T> T write(HandleCallback<T, RuntimeException> work) {
        writeLock.lock();
        try {
            return jdbi.withHandle(handle -> {
                handle.execute("BEGIN IMMEDIATE");
                boolean committed = false;
                try {
                    T result = work.withHandle(handle);
                    handle.execute("COMMIT");
                    committed = true;
                    return result;
                } finally {
                    if (!committed) {
                        handle.execute("ROLLBACK");
                    }
                }
            });
        } finally {
            writeLock.unlock();
        }
    }

    /** The write lock already lets one transaction write at a time. */
    @Override
    void serializeDeploymentWrites(Handle handle) {
    }

    /** One writer at a time: a claim's read and its update are never interleaved with another's. */
    @Override
    String claimClause() {
        return "";
    }

    /** One server per file: there is nobody else to tell. */
    @Override
    void announce(Handle handle, StoreTopic topic) {
    }

    /** The data directory's lock keeps every other server off the file. */
    @Override
    public boolean shared() {
        return false;
    }

    @Override
    public String description() {
        return "the SQLite file " + databaseFile;
    }

    @Override
    public void ping() {
        // Open connections keep reading a database file that was deleted or replaced, while what
        // they write is lost with the old file, and a new connection would start an empty one.
        Object file = fileKey(databaseFile);
        if (file == null) {
            throw new IllegalStateException("the database file " + databaseFile + " is gone");
        }
        if (openedFile != null && !openedFile.equals(file)) {
            throw new IllegalStateException("the database file " + databaseFile + " is another file than the one the server opened");
        }
        // A table of inferd's own, so an empty database in its place does not pass.
        jdbi.withHandle(handle -> handle.createQuery("SELECT 1 FROM deployments LIMIT 1").mapTo(Integer.class).findOne());
    }

    /** The file system's key for {@code file} (its path where there is none); null when the file is not there. */
    private static Object fileKey(Path file) {
        try {
            Object key = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
            return key != null ? key : file;
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
