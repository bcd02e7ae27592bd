package dev.inferd.store;

import dev.inferd.invoke.async.AsyncJob;
import dev.inferd.invoke.async.JobOwner;
import dev.inferd.invoke.async.JobStore;
import org.jdbi.v3.core.Handle;

import java.net.URI;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** Async jobs and result links in SQLite or PostgreSQL. */
public final class SqlJobStore implements JobStore {
    private static final String JOB_COLUMNS = "id, deployment, version, request, webhook, ignore_webhook_timeout, link_base, "
            + "status, result, result_status, created_at, finished_at, deliveries, delivered_at, next_delivery_at, "
            + "deliver_until, last_delivery_error";

    private final StateDatabase database;

    public SqlJobStore(StateDatabase database) {
        this.database = database;
    }

    @Override
    public void addJob(AsyncJob job) {
        database.write(handle -> {
            database.announce(handle, StoreTopic.JOBS);
            return handle.createUpdate("INSERT INTO jobs (" + JOB_COLUMNS + ") VALUES (:id, :deployment, :version, "
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
                .execute();
        });
    }

    @Override
    public Optional<AsyncJob> job(String id) {
        return database.read(handle -> job(handle, id));
    }

    private static Optional<AsyncJob> job(Handle handle, String id) {
        return handle.createQuery("SELECT " + JOB_COLUMNS + " FROM jobs WHERE id = :id")
                .bind("id", id)
                .map((rs, ctx) -> job(rs))
                .findOne();
    }

    @Override
    public int queuedJobCount() {
        return database.read(handle -> handle.createQuery("SELECT COUNT(*) FROM jobs WHERE status = 'QUEUED'")
                .mapTo(Integer.class)
                .one());
    }

    @Override
    public List<AsyncJob> claimJobs(JobOwner owner, Instant now, Instant leaseUntil, int limit) {
        return database.write(handle -> {
            // The status list lets SQLite read only queued and running rows, through jobs_by_status.
            List<String> ids = handle.createQuery("SELECT id FROM jobs WHERE status IN ('QUEUED', 'RUNNING') "
                            + "AND (status = 'QUEUED' OR lease_until <= :now) ORDER BY created_at LIMIT :limit" + database.claimClause())
                    .bind("now", now.toEpochMilli())
                    .bind("limit", limit)
                    .mapTo(String.class)
                    .list();
            List<AsyncJob> claimed = new ArrayList<>();
            for (String id : ids) {
                handle.createUpdate("UPDATE jobs SET status = 'RUNNING', owner_node = :node, owner_run = :run, "
                                + "lease_until = :until WHERE id = :id")
                        .bind("id", id)
                        .bindMethods(owner)
                        .bind("until", leaseUntil.toEpochMilli())
                        .execute();
                claimed.add(job(handle, id).orElseThrow());
            }
            return claimed;
        });
    }

    @Override
    public Set<String> renewLeases(JobOwner owner, Collection<String> jobIds, Instant until) {
        return database.write(handle -> {
            Set<String> renewed = new HashSet<>();
            for (String id : jobIds) {
                boolean held = handle.createUpdate("UPDATE jobs SET lease_until = :until "
                                + "WHERE id = :id AND status = 'RUNNING' AND owner_node = :node AND owner_run = :run")
                        .bind("id", id)
                        .bindMethods(owner)
                        .bind("until", until.toEpochMilli())
                        .execute() > 0;
                if (held) {
                    renewed.add(id);
                }
            }
            return renewed;
        });
    }

    @Override
    public int requeueJobsOfEarlierRuns(JobOwner owner) {
        return database.write(handle -> handle.createUpdate("UPDATE jobs SET status = 'QUEUED', owner_node = NULL, "
                        + "owner_run = NULL, lease_until = NULL WHERE status = 'RUNNING' AND owner_node = :node AND owner_run <> :run")
                .bindMethods(owner)
                .execute());
    }

    @Override
    public boolean finishJob(String id, AsyncJob.Status status, byte[] result, int resultStatus, Instant finishedAt,
                             Instant firstDelivery, Instant deliverUntil) {
        return database.write(handle -> handle.createUpdate("UPDATE jobs SET status = :status, result = :result, "
                        + "result_status = :resultStatus, finished_at = :finishedAt, next_delivery_at = :nextDelivery, "
                        + "deliver_until = :deliverUntil WHERE id = :id AND status = 'RUNNING'")
                .bind("id", id)
                .bind("status", status.name())
                .bind("result", result)
                .bind("resultStatus", resultStatus)
                .bind("finishedAt", finishedAt.toEpochMilli())
                .bind("nextDelivery", firstDelivery.toEpochMilli())
                .bind("deliverUntil", deliverUntil.toEpochMilli())
                .execute()) > 0;
    }

    @Override
    public List<AsyncJob> dueDeliveries(Instant now, int limit) {
        return database.read(handle -> handle.createQuery("SELECT " + JOB_COLUMNS + " FROM jobs "
                        + "WHERE next_delivery_at IS NOT NULL AND next_delivery_at <= :now ORDER BY next_delivery_at LIMIT :limit")
                .bind("now", now.toEpochMilli())
                .bind("limit", limit)
                .map((rs, ctx) -> job(rs))
                .list());
    }

    @Override
    public void leaseDelivery(String id, Instant until) {
        database.write(handle -> handle.createUpdate("UPDATE jobs SET next_delivery_at = :until WHERE id = :id")
                .bind("id", id)
                .bind("until", until.toEpochMilli())
                .execute());
    }

    @Override
    public List<AsyncJob> claimDeliveries(Instant now, int limit, Function<AsyncJob, Instant> leaseUntil) {
        return database.write(handle -> {
            List<AsyncJob> due = handle.createQuery("SELECT " + JOB_COLUMNS + " FROM jobs "
                            + "WHERE next_delivery_at IS NOT NULL AND next_delivery_at <= :now ORDER BY next_delivery_at LIMIT :limit"
                            + database.claimClause())
                    .bind("now", now.toEpochMilli())
                    .bind("limit", limit)
                    .map((rs, ctx) -> job(rs))
                    .list();
            for (AsyncJob job : due) {
                handle.createUpdate("UPDATE jobs SET next_delivery_at = :until WHERE id = :id")
                        .bind("id", job.id())
                        .bind("until", leaseUntil.apply(job).toEpochMilli())
                        .execute();
            }
            return due;
        });
    }

    @Override
    public int resumeDeliveries(Instant now) {
        if (database.shared()) {
            return 0;
        }
        return database.write(handle -> handle.createUpdate("UPDATE jobs SET next_delivery_at = :now "
                        + "WHERE next_delivery_at IS NOT NULL AND next_delivery_at > :now")
                .bind("now", now.toEpochMilli())
                .execute());
    }

    @Override
    public void deliveryAccepted(String id, Instant at) {
        database.write(handle -> handle.createUpdate("UPDATE jobs SET deliveries = deliveries + 1, delivered_at = :at, "
                        + "next_delivery_at = NULL, last_delivery_error = NULL WHERE id = :id")
                .bind("id", id)
                .bind("at", at.toEpochMilli())
                .execute());
    }

    @Override
    public void deliveryFailed(String id, String error, Optional<Instant> retryAt) {
        database.write(handle -> handle.createUpdate("UPDATE jobs SET deliveries = deliveries + 1, last_delivery_error = :error, "
                        + "next_delivery_at = :retryAt WHERE id = :id")
                .bind("id", id)
                .bind("error", error.length() <= 2048 ? error : error.substring(0, 2048))
                .bind("retryAt", retryAt.map(Instant::toEpochMilli).orElse(null))
                .execute());
    }

    @Override
    public int deleteFinishedJobsBefore(Instant cutoff) {
        return database.write(handle -> handle.createUpdate("DELETE FROM jobs WHERE finished_at IS NOT NULL AND finished_at < :cutoff "
                        + "AND next_delivery_at IS NULL")
                .bind("cutoff", cutoff.toEpochMilli())
                .execute());
    }

    @Override
    public void addResultLink(String id, byte[] body, Instant expiresAt) {
        database.write(handle -> handle.createUpdate("INSERT INTO result_links (id, body, expires_at) VALUES (:id, :body, :expiresAt)")
                .bind("id", id)
                .bind("body", body)
                .bind("expiresAt", expiresAt.toEpochMilli())
                .execute());
    }

    @Override
    public Optional<byte[]> resultLink(String id, Instant now) {
        return database.read(handle -> handle.createQuery("SELECT body FROM result_links WHERE id = :id AND expires_at > :now")
                .bind("id", id)
                .bind("now", now.toEpochMilli())
                .map((rs, ctx) -> rs.getBytes("body"))
                .findOne());
    }

    @Override
    public int deleteExpiredResultLinks(Instant now) {
        return database.write(handle -> handle.createUpdate("DELETE FROM result_links WHERE expires_at <= :now")
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
}
