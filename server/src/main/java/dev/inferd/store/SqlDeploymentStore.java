package dev.inferd.store;

import dev.inferd.registry.AliasName;
import dev.inferd.registry.DeployResult;
import dev.inferd.registry.Deployment;
import dev.inferd.registry.DeploymentName;
import dev.inferd.registry.DeploymentStore;
import dev.inferd.registry.DeploymentVersion;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.statement.Query;

import java.sql.ResultSet;
import java.sql.SQLException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Deployments, versions and aliases in SQLite or PostgreSQL. Every write that changes a deployment
 * first takes the database's turn for deployment writes ({@link StateDatabase#serializeDeploymentWrites}),
 * so that numbers and the change feed's sequences are given in commit order even when several
 * servers write at once, and tells the other servers about it when it commits.
 */
public final class SqlDeploymentStore implements DeploymentStore {
    private final StateDatabase database;

    public SqlDeploymentStore(StateDatabase database) {
        this.database = database;
    }

    /** A transaction that changes deployments, in its turn; other servers hear of it once it commits. */
    private <T> T writeDeployments(HandleCallback<T, RuntimeException> work) {
        return database.write(handle -> {
            database.serializeDeploymentWrites(handle);
            T result = work.withHandle(handle);
            database.announce(handle, StoreTopic.DEPLOYMENTS);
            return result;
        });
    }

    @Override
    public List<Deployment> loadAll() {
        return database.readTogether(handle -> deployments(handle, null));
    }

    @Override
    public Optional<Deployment> load(DeploymentName deployment) {
        return database.readTogether(handle -> deployments(handle, deployment.value()).stream().findFirst());
    }

    /** The deployment named {@code only}, or every deployment when it is null. */
    private static List<Deployment> deployments(Handle handle, String only) {
        Map<String, Deployment> byName = new LinkedHashMap<>();
        only(handle, "SELECT name, created_at FROM deployments", "name", only, " ORDER BY name")
                .map((rs, ctx) -> Deployment.empty(new DeploymentName(rs.getString("name")),
                        Instant.ofEpochMilli(rs.getLong("created_at"))))
                .forEach(deployment -> byName.put(deployment.name().value(), deployment));
        only(handle, "SELECT deployment, number, runtime, main, content_hash, created_at, rate_limit_per_minute FROM versions",
                "deployment", only, "")
                .map((rs, ctx) -> version(rs))
                .forEach(version -> byName.computeIfPresent(version.deployment().value(),
                        (name, deployment) -> deployment.withVersion(version)));
        only(handle, "SELECT deployment, alias, version FROM aliases", "deployment", only, "")
                .map((rs, ctx) -> Map.entry(rs.getString("deployment"),
                        Map.entry(rs.getString("alias"), rs.getInt("version"))))
                .forEach(row -> byName.computeIfPresent(row.getKey(), (name, deployment) ->
                        deployment.withAlias(new AliasName(row.getValue().getKey()), row.getValue().getValue())));
        return new ArrayList<>(byName.values());
    }

    /**
     * {@code select}, of the rows whose {@code column} is {@code only}, or of every row when it is
     * null: a condition of its own rather than ":only IS NULL OR ...", whose null PostgreSQL cannot type.
     */
    private static Query only(Handle handle, String select, String column, String only, String order) {
        if (only == null) {
            return handle.createQuery(select + order);
        }
        return handle.createQuery(select + " WHERE " + column + " = :only" + order).bind("only", only);
    }

    @Override
    public long latestChange() {
        return database.read(handle -> handle.createQuery("SELECT COALESCE(MAX(sequence), 0) FROM deployment_changes")
                .mapTo(Long.class)
                .one());
    }

    @Override
    public Changes changesSince(long sequence) {
        return database.read(handle -> {
            Set<DeploymentName> changed = new HashSet<>();
            long highest = sequence;
            for (Map.Entry<String, Long> row : handle.createQuery(
                            "SELECT deployment, sequence FROM deployment_changes WHERE sequence > :since")
                    .bind("since", sequence)
                    .map((rs, ctx) -> Map.entry(rs.getString("deployment"), rs.getLong("sequence")))
                    .list()) {
                changed.add(new DeploymentName(row.getKey()));
                highest = Math.max(highest, row.getValue());
            }
            return new Changes(highest, changed);
        });
    }

    /**
     * Gives the deployment the next sequence of the change feed, in the transaction of the write it
     * records. Deployment writes take turns ({@link #writeDeployments}), so sequences are given in
     * commit order.
     */
    static void recordChange(Handle handle, DeploymentName deployment) {
        // "WHERE true" tells SQLite's parser that ON CONFLICT belongs to the INSERT, not to a join.
        handle.createUpdate("INSERT INTO deployment_changes (deployment, sequence) "
                        + "SELECT :name, COALESCE(MAX(sequence), 0) + 1 FROM deployment_changes WHERE true "
                        + "ON CONFLICT (deployment) DO UPDATE SET sequence = excluded.sequence")
                .bind("name", deployment.value())
                .execute();
    }

    /** Records a change when the write changed something; @return whether it did. */
    private static boolean recordChangeIf(Handle handle, DeploymentName deployment, int rowsWritten) {
        if (rowsWritten > 0) {
            recordChange(handle, deployment);
        }
        return rowsWritten > 0;
    }

    @Override
    public DeployResult addVersion(DeploymentName deployment, VersionDraft draft, Instant createdAt) {
        return writeDeployments(handle -> {
            Optional<DeploymentVersion> latest = latestVersion(handle, deployment);
            if (latest.isPresent() && latest.get().contentHash().equals(draft.contentHash())) {
                // The same bundle deployed again, perhaps through another server at the same moment.
                return new DeployResult(latest.get(), false);
            }
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
            recordChange(handle, deployment);
            return new DeployResult(new DeploymentVersion(deployment, number, draft.runtime(), draft.main(),
                    draft.contentHash(), createdAt, draft.rateLimitPerMinute()), true);
        });
    }

    private static Optional<DeploymentVersion> latestVersion(Handle handle, DeploymentName deployment) {
        return handle.createQuery("SELECT deployment, number, runtime, main, content_hash, created_at, rate_limit_per_minute "
                        + "FROM versions WHERE deployment = :name ORDER BY number DESC LIMIT 1")
                .bind("name", deployment.value())
                .map((rs, ctx) -> version(rs))
                .findOne();
    }

    private static DeploymentVersion version(ResultSet rs) throws SQLException {
        int rateLimit = rs.getInt("rate_limit_per_minute");
        OptionalInt rateLimitPerMinute = rs.wasNull() ? OptionalInt.empty() : OptionalInt.of(rateLimit);
        return new DeploymentVersion(new DeploymentName(rs.getString("deployment")),
                rs.getInt("number"), rs.getString("runtime"), rs.getString("main"),
                rs.getString("content_hash"), Instant.ofEpochMilli(rs.getLong("created_at")),
                rateLimitPerMinute);
    }

    @Override
    public int nextVersionNumber(DeploymentName deployment) {
        return database.read(handle -> nextVersionNumber(handle, deployment));
    }

    /**
     * The versions table as well as the counter, so a row the counter somehow missed is never reused
     * either. An aggregate over both rather than a two-argument MAX, which PostgreSQL spells GREATEST.
     */
    private static int nextVersionNumber(Handle handle, DeploymentName deployment) {
        return handle.createQuery("SELECT COALESCE(MAX(known.number), 0) + 1 FROM ("
                        + "SELECT highest AS number FROM version_counters WHERE deployment = :name "
                        + "UNION ALL SELECT number FROM versions WHERE deployment = :name) AS known")
                .bind("name", deployment.value())
                .mapTo(Integer.class)
                .one();
    }

    @Override
    public void putAlias(DeploymentName deployment, AliasName alias, int version, Instant updatedAt) {
        writeDeployments(handle -> recordChangeIf(handle, deployment,
                handle.createUpdate("INSERT INTO aliases (deployment, alias, version, updated_at) "
                                + "VALUES (:deployment, :alias, :version, :updatedAt) "
                                + "ON CONFLICT (deployment, alias) DO UPDATE SET version = excluded.version, updated_at = excluded.updated_at")
                        .bind("deployment", deployment.value())
                        .bind("alias", alias.value())
                        .bind("version", version)
                        .bind("updatedAt", updatedAt.toEpochMilli())
                        .execute()));
    }

    @Override
    public boolean deleteAlias(DeploymentName deployment, AliasName alias) {
        return writeDeployments(handle -> recordChangeIf(handle, deployment,
                handle.createUpdate("DELETE FROM aliases WHERE deployment = :deployment AND alias = :alias")
                        .bind("deployment", deployment.value())
                        .bind("alias", alias.value())
                        .execute()));
    }

    @Override
    public boolean deleteVersion(DeploymentName deployment, int number) {
        // Aliases would cascade with the version; an alias that points at it keeps it instead.
        return writeDeployments(handle -> recordChangeIf(handle, deployment,
                handle.createUpdate("DELETE FROM versions WHERE deployment = :deployment AND number = :number "
                                + "AND NOT EXISTS (SELECT 1 FROM aliases WHERE deployment = :deployment AND version = :number)")
                        .bind("deployment", deployment.value())
                        .bind("number", number)
                        .execute()));
    }

    @Override
    public boolean deleteDeployment(DeploymentName deployment) {
        return writeDeployments(handle -> {
            // Aliases reference versions, versions reference the deployment: delete leaves first.
            handle.createUpdate("DELETE FROM aliases WHERE deployment = :name").bind("name", deployment.value()).execute();
            handle.createUpdate("DELETE FROM versions WHERE deployment = :name").bind("name", deployment.value()).execute();
            return recordChangeIf(handle, deployment,
                    handle.createUpdate("DELETE FROM deployments WHERE name = :name").bind("name", deployment.value()).execute());
        });
    }

    @Override
    public Set<String> referencedContentHashes() {
        return database.read(handle -> new HashSet<>(
                handle.createQuery("SELECT DISTINCT content_hash FROM versions").mapTo(String.class).list()));
    }
}
