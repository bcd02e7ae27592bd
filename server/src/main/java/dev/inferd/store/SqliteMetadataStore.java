package dev.inferd.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.inferd.auth.ApiKey;
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
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
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
            handle.createQuery("SELECT deployment, number, runtime, main, content_hash, created_at, rate_limit_per_minute FROM versions")
                    .map((rs, ctx) -> {
                        int rateLimit = rs.getInt("rate_limit_per_minute");
                        OptionalInt rateLimitPerMinute = rs.wasNull() ? OptionalInt.empty() : OptionalInt.of(rateLimit);
                        return new DeploymentVersion(new DeploymentName(rs.getString("deployment")),
                                rs.getInt("number"), rs.getString("runtime"), rs.getString("main"),
                                rs.getString("content_hash"), Instant.ofEpochMilli(rs.getLong("created_at")),
                                rateLimitPerMinute);
                    })
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
    public DeploymentVersion addVersion(DeploymentName deployment, VersionDraft draft, Instant createdAt) {
        return write(handle -> {
            handle.createUpdate("INSERT INTO deployments (name, created_at) VALUES (:name, :createdAt) ON CONFLICT (name) DO NOTHING")
                    .bind("name", deployment.value())
                    .bind("createdAt", createdAt.toEpochMilli())
                    .execute();
            int number = handle.createQuery("SELECT COALESCE(MAX(number), 0) + 1 FROM versions WHERE deployment = :name")
                    .bind("name", deployment.value())
                    .mapTo(Integer.class)
                    .one();
            handle.createUpdate("INSERT INTO versions (deployment, number, runtime, main, content_hash, created_at, rate_limit_per_minute) "
                            + "VALUES (:deployment, :number, :runtime, :main, :contentHash, :createdAt, :rateLimit)")
                    .bind("deployment", deployment.value())
                    .bind("number", number)
                    .bind("runtime", draft.runtime())
                    .bind("main", draft.main())
                    .bind("contentHash", draft.contentHash())
                    .bind("createdAt", createdAt.toEpochMilli())
                    .bind("rateLimit", draft.rateLimitPerMinute().isPresent() ? draft.rateLimitPerMinute().getAsInt() : null)
                    .execute();
            return new DeploymentVersion(deployment, number, draft.runtime(), draft.main(), draft.contentHash(), createdAt,
                    draft.rateLimitPerMinute());
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
    public boolean addKey(ApiKey key) {
        return write(handle -> handle.createUpdate("INSERT INTO api_keys (name, key_hash, deployments, admin, created_at) "
                        + "VALUES (:name, :hash, :deployments, :admin, :createdAt) ON CONFLICT (name) DO NOTHING")
                .bind("name", key.name())
                .bind("hash", key.secretHash())
                .bind("deployments", key.deployments().map(names -> String.join(",", names)).orElse(null))
                .bind("admin", key.admin() ? 1 : 0)
                .bind("createdAt", key.createdAt().toEpochMilli())
                .execute()) > 0;
    }

    @Override
    public List<ApiKey> keys() {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT name, key_hash, deployments, admin, created_at FROM api_keys ORDER BY name")
                .map((rs, ctx) -> {
                    String deployments = rs.getString("deployments");
                    return new ApiKey(rs.getString("name"), rs.getString("key_hash"),
                            deployments == null ? Optional.empty() : Optional.of(new TreeSet<>(List.of(deployments.split(",")))),
                            rs.getInt("admin") != 0, Instant.ofEpochMilli(rs.getLong("created_at")));
                })
                .list());
    }

    @Override
    public boolean deleteKey(String name) {
        return write(handle -> handle.createUpdate("DELETE FROM api_keys WHERE name = :name").bind("name", name).execute()) > 0;
    }

    @Override
    public void ping() {
        jdbi.withHandle(handle -> handle.createQuery("SELECT 1").mapTo(Integer.class).one());
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
