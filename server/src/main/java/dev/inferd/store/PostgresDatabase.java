package dev.inferd.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.inferd.config.DatabaseUrl;
import dev.inferd.error.StoreUnavailableException;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A PostgreSQL database that several inferd servers share. It is migrated under an advisory lock,
 * so replicas starting together migrate it once.
 * <p>
 * A server must start and keep serving what it has loaded while the database is away, so nothing
 * here waits for it: the pool starts without a connection, the schema is migrated at the first use
 * that reaches the database, and every failure to reach it is a {@link StoreUnavailableException}
 * (503 at the HTTP edge) until it answers again. A database migrated by a newer inferd is refused.
 */
public final class PostgresDatabase extends StateDatabase {
    private static final Logger log = LoggerFactory.getLogger(PostgresDatabase.class);
    /** The advisory lock that makes deployment writes take turns; "inferd" and 2, for "deployments". */
    private static final long DEPLOYMENT_WRITES_LOCK = 0x696e6665726402L;
    /** How long a request waits for a connection before it is told the database is unavailable. */
    private static final long CONNECTION_WAIT_MILLIS = 3_000;
    private static final int CONNECT_TIMEOUT_SECONDS = 3;
    /** A statement that gets no answer for this long fails, instead of holding its thread for ever. */
    private static final int SOCKET_TIMEOUT_SECONDS = 60;
    /**
     * After failing to reach the database, requests fail at once for this long instead of each
     * waiting the pool's time to fail the same way: a deploy during an outage gets its 503 at once,
     * and a start without the database is not held up by every store it opens.
     */
    private static final long RETRY_AFTER_FAILURE_NANOS = 5_000_000_000L;

    private final DatabaseUrl url;
    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    private final ReentrantLock migrating = new ReentrantLock();
    private volatile boolean migrated;
    /**
     * The last failure to reach the database, null once it answers again: while set, the database is
     * known to be away, and for a while after it requests are answered with it without trying.
     */
    private volatile StoreUnavailableException recentFailure;
    private volatile long recentFailureAt;

    private PostgresDatabase(DatabaseUrl url) {
        this.url = url;
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url.jdbcUrl());
        url.user().ifPresent(config::setUsername);
        url.password().ifPresent(config::setPassword);
        config.setPoolName("inferd-postgres");
        // Calls never use the database; deploys, keys, jobs and the followers do, a few at a time.
        config.setMaximumPoolSize(8);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(CONNECTION_WAIT_MILLIS);
        config.setValidationTimeout(1_000);
        // Start without the database: it may come later.
        config.setInitializationFailTimeout(-1);
        config.addDataSourceProperty("connectTimeout", CONNECT_TIMEOUT_SECONDS);
        config.addDataSourceProperty("socketTimeout", SOCKET_TIMEOUT_SECONDS);
        config.addDataSourceProperty("tcpKeepAlive", true);
        config.addDataSourceProperty("ApplicationName", "inferd");
        this.dataSource = new HikariDataSource(config);
        this.jdbi = Jdbi.create(dataSource);
    }

    /**
     * Opens the pool and migrates the database if it answers now; if it does not, the server starts
     * anyway and the database is migrated when it first answers.
     *
     * @throws IllegalStateException when the database answers with a schema this inferd cannot use
     */
    public static PostgresDatabase open(DatabaseUrl url) {
        PostgresDatabase database = new PostgresDatabase(url);
        try {
            database.migrateOnce();
        } catch (StoreUnavailableException e) {
            log.warn("{} does not answer ({}); the server starts without it and uses it once it answers",
                    url.description(), e.getCause() == null ? e.getMessage() : e.getCause().getMessage());
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
        return database;
    }

    /**
     * Opens the pool and migrates the database now, for a command that can do nothing without it.
     *
     * @throws dev.inferd.error.StoreUnavailableException when the database does not answer
     * @throws IllegalStateException                      when it answers with a schema this inferd cannot use
     */
    static PostgresDatabase openAnswering(DatabaseUrl url) {
        PostgresDatabase database = new PostgresDatabase(url);
        try {
            database.migrateOnce();
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
        return database;
    }

    /** Whether the schema has been brought to this build's; false until the database first answered. */
    public boolean migrated() {
        return migrated;
    }

    private void migrateOnce() {
        if (migrated) {
            return;
        }
        // Until a server that started without its database first reaches it, every store call comes
        // here, and the one holding the lock waits up to the pool's wait for a connection. Waiting as
        // long for the lock, and no longer, keeps a call (a readiness probe, a deploy) from queueing
        // behind all the others (the job loop, the followers) for several of those waits in a row.
        boolean locked;
        try {
            locked = migrating.tryLock(CONNECTION_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(e);
        }
        if (!locked) {
            throw unavailable(null);
        }
        try {
            if (migrated) {
                return;
            }
            try (Connection connection = dataSource.getConnection()) {
                SchemaMigrations.forPostgres(Clock.systemUTC()).migrate(connection);
                migrated = true;
            } catch (SQLException | RuntimeException e) {
                if (unreachable(e)) {
                    throw unavailable(e);
                }
                throw new IllegalStateException("cannot bring " + url.description() + " to this inferd's schema: "
                        + e.getMessage(), e);
            }
        } finally {
            migrating.unlock();
        }
    }

    @Override
    <T> T read(HandleCallback<T, RuntimeException> work) {
        return reached(() -> jdbi.withHandle(work));
    }

    /** Repeatable read: PostgreSQL's read committed would give each query of the transaction its own moment. */
    @Override
    <T> T readTogether(HandleCallback<T, RuntimeException> work) {
        return reached(() -> jdbi.inTransaction(TransactionIsolationLevel.REPEATABLE_READ, work));
    }

    @Override
    <T> T write(HandleCallback<T, RuntimeException> work) {
        return reached(() -> jdbi.inTransaction(work));
    }

    @Override
    void serializeDeploymentWrites(Handle handle) {
        handle.select("SELECT 1 FROM (SELECT pg_advisory_xact_lock(?)) AS locked", DEPLOYMENT_WRITES_LOCK)
                .mapTo(Integer.class)
                .one();
    }

    /** Rows another server's open transaction is claiming are passed over instead of waited for. */
    @Override
    String claimClause() {
        return " FOR UPDATE SKIP LOCKED";
    }

    /** PostgreSQL delivers a notification when its transaction commits, and never for one rolled back. */
    @Override
    void announce(Handle handle, StoreTopic topic) {
        handle.select("SELECT 1 FROM (SELECT pg_notify(?, '')) AS sent", topic.channel())
                .mapTo(Integer.class)
                .one();
    }

    /**
     * A query through the pool; but while the database is known to be away, first a connection of
     * its own with a short timeout, so that {@code /readyz} answers at once instead of after the
     * pool's wait for a connection, which is longer than a probe's timeout.
     */
    @Override
    public void ping() {
        if (recentFailure != null) {
            try (Connection probe = openConnection("inferd-readiness", 1)) {
                recentFailure = null;
            } catch (SQLException e) {
                throw unavailable(e);
            }
        }
        read(handle -> handle.createQuery("SELECT 1 FROM deployments LIMIT 1").mapTo(Integer.class).findOne());
    }

    /** Replicas share it. */
    @Override
    public boolean shared() {
        return true;
    }

    @Override
    public String description() {
        return url.description();
    }

    /**
     * A connection of its own, outside the pool, for listening to notifications: it stays open as
     * long as the listener runs.
     */
    Connection openListeningConnection() throws SQLException {
        return openConnection("inferd-listener", CONNECT_TIMEOUT_SECONDS);
    }

    private Connection openConnection(String applicationName, int connectTimeoutSeconds) throws SQLException {
        Properties properties = new Properties();
        url.user().ifPresent(user -> properties.setProperty("user", user));
        url.password().ifPresent(password -> properties.setProperty("password", password));
        properties.setProperty("connectTimeout", Integer.toString(connectTimeoutSeconds));
        properties.setProperty("loginTimeout", Integer.toString(connectTimeoutSeconds));
        properties.setProperty("tcpKeepAlive", "true");
        properties.setProperty("ApplicationName", applicationName);
        return DriverManager.getConnection(url.jdbcUrl(), properties);
    }

    @Override
    public void close() {
        dataSource.close();
    }

    private interface Work<T> {
        T run();
    }

    private <T> T reached(Work<T> work) {
        StoreUnavailableException recent = recentFailure;
        if (recent != null && System.nanoTime() - recentFailureAt < RETRY_AFTER_FAILURE_NANOS) {
            throw recent;
        }
        try {
            migrateOnce();
            T result = work.run();
            recentFailure = null;
            return result;
        } catch (StoreUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            if (unreachable(e)) {
                throw unavailable(e);
            }
            throw e;
        }
    }

    /** Also remembers that the database is away, which {@link #ping()} uses. */
    private StoreUnavailableException unavailable(Exception cause) {
        StoreUnavailableException failure = new StoreUnavailableException("the database (" + url.description()
                + ") cannot be reached; nothing was changed, retry when it answers", cause);
        recentFailureAt = System.nanoTime();
        recentFailure = failure;
        return failure;
    }

    /**
     * Whether a failure says the database could not be reached or went away, rather than that a
     * statement was wrong: the driver's connection states (08...), a server shutting down or not
     * yet accepting connections (57P...), the pool's wait for a connection, or the socket itself.
     */
    static boolean unreachable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof StoreUnavailableException || cause instanceof SQLTransientConnectionException
                    || cause instanceof ConnectException || cause instanceof SocketException
                    || cause instanceof SocketTimeoutException) {
                return true;
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }
}
