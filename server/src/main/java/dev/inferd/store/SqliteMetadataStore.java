package dev.inferd.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.inferd.registry.AliasName;
import dev.inferd.registry.Deployment;
import dev.inferd.registry.DeploymentName;
import dev.inferd.registry.DeploymentVersion;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Metadata in one SQLite file, migrated by Flyway at open. SQLite allows a single writer, so writes
 * take a lock here instead of failing with SQLITE_BUSY when two deploys race.
 */
public final class SqliteMetadataStore implements MetadataStore {
    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    private final ReentrantLock writeLock = new ReentrantLock();

    public SqliteMetadataStore(Path databaseFile) {
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
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        this.jdbi = Jdbi.create(dataSource);
    }

    @Override
    public List<Deployment> loadAll() {
        return jdbi.withHandle(handle -> {
            Map<String, Deployment> byName = new LinkedHashMap<>();
            handle.createQuery("SELECT name, created_at FROM deployments ORDER BY name")
                    .map((rs, ctx) -> Deployment.empty(new DeploymentName(rs.getString("name")),
                            Instant.ofEpochMilli(rs.getLong("created_at"))))
                    .forEach(deployment -> byName.put(deployment.name().value(), deployment));
            handle.createQuery("SELECT deployment, number, runtime, main, content_hash, created_at FROM versions")
                    .map((rs, ctx) -> new DeploymentVersion(new DeploymentName(rs.getString("deployment")),
                            rs.getInt("number"), rs.getString("runtime"), rs.getString("main"),
                            rs.getString("content_hash"), Instant.ofEpochMilli(rs.getLong("created_at"))))
                    .forEach(version -> byName.computeIfPresent(version.deployment().value(),
                            (name, deployment) -> deployment.withVersion(version)));
            handle.createQuery("SELECT deployment, alias, version FROM aliases")
                    .map((rs, ctx) -> Map.entry(rs.getString("deployment"),
                            Map.entry(rs.getString("alias"), rs.getInt("version"))))
                    .forEach(row -> byName.computeIfPresent(row.getKey(), (name, deployment) ->
                            deployment.withAlias(new AliasName(row.getValue().getKey()), row.getValue().getValue())));
            return new ArrayList<>(byName.values());
        });
    }

    @Override
    public DeploymentVersion addVersion(DeploymentName deployment, String runtime, String main,
                                        String contentHash, Instant createdAt) {
        return write(handle -> {
            handle.createUpdate("INSERT INTO deployments (name, created_at) VALUES (:name, :createdAt) ON CONFLICT (name) DO NOTHING")
                    .bind("name", deployment.value())
                    .bind("createdAt", createdAt.toEpochMilli())
                    .execute();
            int number = handle.createQuery("SELECT COALESCE(MAX(number), 0) + 1 FROM versions WHERE deployment = :name")
                    .bind("name", deployment.value())
                    .mapTo(Integer.class)
                    .one();
            handle.createUpdate("INSERT INTO versions (deployment, number, runtime, main, content_hash, created_at) "
                            + "VALUES (:deployment, :number, :runtime, :main, :contentHash, :createdAt)")
                    .bind("deployment", deployment.value())
                    .bind("number", number)
                    .bind("runtime", runtime)
                    .bind("main", main)
                    .bind("contentHash", contentHash)
                    .bind("createdAt", createdAt.toEpochMilli())
                    .execute();
            return new DeploymentVersion(deployment, number, runtime, main, contentHash, createdAt);
        });
    }

    @Override
    public void putAlias(DeploymentName deployment, AliasName alias, int version, Instant updatedAt) {
        write(handle -> handle.createUpdate("INSERT INTO aliases (deployment, alias, version, updated_at) "
                        + "VALUES (:deployment, :alias, :version, :updatedAt) "
                        + "ON CONFLICT (deployment, alias) DO UPDATE SET version = excluded.version, updated_at = excluded.updated_at")
                .bind("deployment", deployment.value())
                .bind("alias", alias.value())
                .bind("version", version)
                .bind("updatedAt", updatedAt.toEpochMilli())
                .execute());
    }

    @Override
    public boolean deleteAlias(DeploymentName deployment, AliasName alias) {
        return write(handle -> handle.createUpdate("DELETE FROM aliases WHERE deployment = :deployment AND alias = :alias")
                .bind("deployment", deployment.value())
                .bind("alias", alias.value())
                .execute()) > 0;
    }

    @Override
    public boolean deleteDeployment(DeploymentName deployment) {
        return write(handle -> {
            // Aliases reference versions, versions reference the deployment: delete leaves first.
            handle.createUpdate("DELETE FROM aliases WHERE deployment = :name").bind("name", deployment.value()).execute();
            handle.createUpdate("DELETE FROM versions WHERE deployment = :name").bind("name", deployment.value()).execute();
            return handle.createUpdate("DELETE FROM deployments WHERE name = :name").bind("name", deployment.value()).execute();
        }) > 0;
    }

    @Override
    public Set<String> referencedContentHashes() {
        return jdbi.withHandle(handle -> new HashSet<>(
                handle.createQuery("SELECT DISTINCT content_hash FROM versions").mapTo(String.class).list()));
    }

    @Override
    public void close() {
        dataSource.close();
    }

    private <T> T write(HandleCallback<T, RuntimeException> work) {
        writeLock.lock();
        try {
            return jdbi.inTransaction(work);
        } finally {
            writeLock.unlock();
        }
    }
}
