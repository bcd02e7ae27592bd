package dev.inferd.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.inferd.auth.ApiKey;
import dev.inferd.invoke.async.AsyncJob;
import dev.inferd.registry.AliasName;
import dev.inferd.registry.Deployment;
import dev.inferd.registry.DeploymentName;
import dev.inferd.registry.DeploymentVersion;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
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
 * Metadata in one SQLite file, migrated at open by {@link SchemaMigrations}. SQLite allows a single writer, so writes
 * take a lock here instead of failing with SQLITE_BUSY when two deploys race.
 */
public final class SqliteMetadataStore implements MetadataStore, JobStore {
    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final Path databaseFile;
    /** The file the pool opened: its file system key (device and inode on Unix), else its path. */
    private final Object openedFile;

    public SqliteMetadataStore(Path databaseFile) {
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
            SchemaMigrations.shipped(Clock.systemUTC()).migrate(connection);
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
            int number = nextVersionNumber(handle, deployment);
            handle.createUpdate("INSERT INTO version_counters (deployment, highest) VALUES (:name, :number) "
                            + "ON CONFLICT (deployment) DO UPDATE SET highest = excluded.highest")
                    .bind("name", deployment.value())
                    .bind("number", number)
                    .execute();
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
    public int nextVersionNumber(DeploymentName deployment) {
        return jdbi.withHandle(handle -> nextVersionNumber(handle, deployment));
    }

    /** The versions table as well as the counter, so a row the counter somehow missed is never reused either. */
    private static int nextVersionNumber(Handle handle, DeploymentName deployment) {
        return handle.createQuery("SELECT MAX(COALESCE((SELECT highest FROM version_counters WHERE deployment = :name), 0), "
                        + "COALESCE((SELECT MAX(number) FROM versions WHERE deployment = :name), 0)) + 1")
                .bind("name", deployment.value())
                .mapTo(Integer.class)
                .one();
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
    public boolean deleteVersion(DeploymentName deployment, int number) {
        // Aliases would cascade with the version; an alias that points at it keeps it instead.
        return write(handle -> handle.createUpdate("DELETE FROM versions WHERE deployment = :deployment AND number = :number "
                        + "AND NOT EXISTS (SELECT 1 FROM aliases WHERE deployment = :deployment AND version = :number)")
                .bind("deployment", deployment.value())
                .bind("number", number)
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

    private static final String JOB_COLUMNS = "id, deployment, version, request, webhook, ignore_webhook_timeout, link_base, "
            + "status, result, result_status, created_at, finished_at, deliveries, delivered_at, next_delivery_at, "
            + "deliver_until, last_delivery_error";

    @Override
    public void addJob(AsyncJob job) {
        write(handle -> handle.createUpdate("INSERT INTO jobs (" + JOB_COLUMNS + ") VALUES (:id, :deployment, :version, "
                        + ":request, :webhook, :ignoreTimeout, :linkBase, :status, NULL, NULL, :createdAt, NULL, 0, NULL, NULL, NULL, NULL)")
                .bind("id", job.id())
                .bind("deployment", job.deployment())
                .bind("version", job.version())
                .bind("request", job.request())
                .bind("webhook", job.webhook().toString())
                .bind("ignoreTimeout", job.ignoreWebhookTimeout() ? 1 : 0)
                .bind("linkBase", job.linkBase().orElse(null))
                .bind("status", job.status().name())
                .bind("createdAt", job.createdAt().toEpochMilli())
                .execute());
    }

    @Override
    public Optional<AsyncJob> job(String id) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + JOB_COLUMNS + " FROM jobs WHERE id = :id")
                .bind("id", id)
                .map((rs, ctx) -> job(rs))
                .findOne());
    }

    @Override
    public int queuedJobCount() {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT COUNT(*) FROM jobs WHERE status = 'QUEUED'")
                .mapTo(Integer.class)
                .one());
    }

    @Override
    public List<AsyncJob> claimQueuedJobs(int limit) {
        return write(handle -> {
            List<AsyncJob> queued = handle.createQuery("SELECT " + JOB_COLUMNS + " FROM jobs WHERE status = 'QUEUED' "
                            + "ORDER BY created_at LIMIT :limit")
                    .bind("limit", limit)
                    .map((rs, ctx) -> job(rs))
                    .list();
            for (AsyncJob job : queued) {
                handle.createUpdate("UPDATE jobs SET status = 'RUNNING' WHERE id = :id").bind("id", job.id()).execute();
            }
            return queued;
        });
    }

    @Override
    public int requeueRunningJobs() {
        return write(handle -> handle.createUpdate("UPDATE jobs SET status = 'QUEUED' WHERE status = 'RUNNING'").execute());
    }

    @Override
    public void finishJob(String id, AsyncJob.Status status, byte[] result, int resultStatus, Instant finishedAt,
                          Instant firstDelivery, Instant deliverUntil) {
        write(handle -> handle.createUpdate("UPDATE jobs SET status = :status, result = :result, result_status = :resultStatus, "
                        + "finished_at = :finishedAt, next_delivery_at = :nextDelivery, deliver_until = :deliverUntil WHERE id = :id")
                .bind("id", id)
                .bind("status", status.name())
                .bind("result", result)
                .bind("resultStatus", resultStatus)
                .bind("finishedAt", finishedAt.toEpochMilli())
                .bind("nextDelivery", firstDelivery.toEpochMilli())
                .bind("deliverUntil", deliverUntil.toEpochMilli())
                .execute());
    }

    @Override
    public List<AsyncJob> dueDeliveries(Instant now, int limit) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + JOB_COLUMNS + " FROM jobs "
                        + "WHERE next_delivery_at IS NOT NULL AND next_delivery_at <= :now ORDER BY next_delivery_at LIMIT :limit")
                .bind("now", now.toEpochMilli())
                .bind("limit", limit)
                .map((rs, ctx) -> job(rs))
                .list());
    }

    @Override
    public void leaseDelivery(String id, Instant until) {
        write(handle -> handle.createUpdate("UPDATE jobs SET next_delivery_at = :until WHERE id = :id")
                .bind("id", id)
                .bind("until", until.toEpochMilli())
                .execute());
    }

    @Override
    public int resumeDeliveries(Instant now) {
        return write(handle -> handle.createUpdate("UPDATE jobs SET next_delivery_at = :now "
                        + "WHERE next_delivery_at IS NOT NULL AND next_delivery_at > :now")
                .bind("now", now.toEpochMilli())
                .execute());
    }

    @Override
    public void deliveryAccepted(String id, Instant at) {
        write(handle -> handle.createUpdate("UPDATE jobs SET deliveries = deliveries + 1, delivered_at = :at, "
                        + "next_delivery_at = NULL, last_delivery_error = NULL WHERE id = :id")
                .bind("id", id)
                .bind("at", at.toEpochMilli())
                .execute());
    }

    @Override
    public void deliveryFailed(String id, String error, Optional<Instant> retryAt) {
        write(handle -> handle.createUpdate("UPDATE jobs SET deliveries = deliveries + 1, last_delivery_error = :error, "
                        + "next_delivery_at = :retryAt WHERE id = :id")
                .bind("id", id)
                .bind("error", error.length() <= 2048 ? error : error.substring(0, 2048))
                .bind("retryAt", retryAt.map(Instant::toEpochMilli).orElse(null))
                .execute());
    }

    @Override
    public int deleteFinishedJobsBefore(Instant cutoff) {
        return write(handle -> handle.createUpdate("DELETE FROM jobs WHERE finished_at IS NOT NULL AND finished_at < :cutoff "
                        + "AND next_delivery_at IS NULL")
                .bind("cutoff", cutoff.toEpochMilli())
                .execute());
    }

    @Override
    public void addResultLink(String id, byte[] body, Instant expiresAt) {
        write(handle -> handle.createUpdate("INSERT INTO result_links (id, body, expires_at) VALUES (:id, :body, :expiresAt)")
                .bind("id", id)
                .bind("body", body)
                .bind("expiresAt", expiresAt.toEpochMilli())
                .execute());
    }

    @Override
    public Optional<byte[]> resultLink(String id, Instant now) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT body FROM result_links WHERE id = :id AND expires_at > :now")
                .bind("id", id)
                .bind("now", now.toEpochMilli())
                .map((rs, ctx) -> rs.getBytes("body"))
                .findOne());
    }

    @Override
    public int deleteExpiredResultLinks(Instant now) {
        return write(handle -> handle.createUpdate("DELETE FROM result_links WHERE expires_at <= :now")
                .bind("now", now.toEpochMilli())
                .execute());
    }

    private static AsyncJob job(ResultSet rs) throws SQLException {
        return new AsyncJob(
                rs.getString("id"),
                rs.getString("deployment"),
                rs.getInt("version"),
                rs.getBytes("request"),
                URI.create(rs.getString("webhook")),
                rs.getInt("ignore_webhook_timeout") != 0,
                Optional.ofNullable(rs.getString("link_base")),
                AsyncJob.Status.valueOf(rs.getString("status")),
                Optional.ofNullable(rs.getBytes("result")),
                optionalInt(rs, "result_status"),
                Instant.ofEpochMilli(rs.getLong("created_at")),
                optionalInstant(rs, "finished_at"),
                rs.getInt("deliveries"),
                optionalInstant(rs, "delivered_at"),
                optionalInstant(rs, "next_delivery_at"),
                optionalInstant(rs, "deliver_until"),
                Optional.ofNullable(rs.getString("last_delivery_error")));
    }

    private static Optional<Integer> optionalInt(ResultSet rs, String column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(value);
    }

    private static Optional<Instant> optionalInstant(ResultSet rs, String column) throws SQLException {
        long millis = rs.getLong(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(millis));
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

    private <T> T write(HandleCallback<T, RuntimeException> work) {
        writeLock.lock();
        try {
            return jdbi.inTransaction(work);
        } finally {
            writeLock.unlock();
        }
    }
}
