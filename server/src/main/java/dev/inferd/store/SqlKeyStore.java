package dev.inferd.store;

import dev.inferd.auth.ApiKey;
import dev.inferd.auth.KeyStore;
import org.jdbi.v3.core.Handle;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/** API keys, as hashes, in SQLite or PostgreSQL; a change is announced to the other servers on the database. */
public final class SqlKeyStore implements KeyStore {
    private final StateDatabase database;

    public SqlKeyStore(StateDatabase database) {
        this.database = database;
    }

    @Override
    public boolean addKey(ApiKey key) {
        return database.write(handle -> announced(handle, handle.createUpdate("INSERT INTO api_keys (name, key_hash, deployments, admin, created_at) "
                        + "VALUES (:name, :hash, :deployments, :admin, :createdAt) ON CONFLICT (name) DO NOTHING")
                .bind("name", key.name())
                .bind("hash", key.secretHash())
                .bind("deployments", key.deployments().map(names -> String.join(",", names)).orElse(null))
                .bind("admin", key.admin() ? 1 : 0)
                .bind("createdAt", key.createdAt().toEpochMilli())
                .execute())) > 0;
    }

    @Override
    public List<ApiKey> keys() {
        return database.read(handle -> handle.createQuery(
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
        return database.write(handle -> announced(handle,
                handle.createUpdate("DELETE FROM api_keys WHERE name = :name").bind("name", name).execute())) > 0;
    }

    private int announced(Handle handle, int rowsWritten) {
        if (rowsWritten > 0) {
            database.announce(handle, StoreTopic.KEYS);
        }
        return rowsWritten;
    }
}
