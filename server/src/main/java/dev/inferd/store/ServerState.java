package dev.inferd.store;

import dev.inferd.auth.KeyStore;
import dev.inferd.config.DatabaseUrl;
import dev.inferd.invoke.LiveReplicas;
import dev.inferd.invoke.async.JobStore;
import dev.inferd.metrics.CallLog;
import dev.inferd.metrics.SharedCallLog;
import dev.inferd.registry.ArtifactStore;
import dev.inferd.registry.DeploymentStore;

import org.jdbi.v3.core.Handle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Every store of one server, opened on its database: the SQLite file in its data directory, or a
 * PostgreSQL database that replicas share, with the data directory as this replica's cache of bundles.
 * Main picks one with {@link #open} and wires the stores; nothing else knows which it is.
 */
public final class ServerState implements AutoCloseable {
    /**
     * The node that runs async jobs on a SQLite database: the data directory's lock lets one server
     * at a time use it, so each start is a new run of the same node.
     */
    private static final String SQLITE_NODE = "local";
    private static final String NODE_FILE = "node-id";
    /** The name of the result links' secret among the {@code server_secrets} replicas share. */
    static final String LINK_SECRET = "result-links";
    private static final int SECRET_BYTES = 32;

    private final StateDatabase database;
    private final ArtifactStore artifacts;
    private final Supplier<byte[]> resultLinkSecret;
    private final String node;
    /** Present on a database that replicas share. */
    private final Optional<Replication> replication;

    /** What a replica does beside the others on their database: its heartbeats, and their shared call log. */
    private record Replication(ReplicaHeartbeats heartbeats, PostgresCallLog callLog) {
    }

    private ServerState(StateDatabase database, ArtifactStore artifacts, Supplier<byte[]> resultLinkSecret, String node,
                        Optional<Replication> replication) {
        this.database = database;
        this.artifacts = artifacts;
        this.resultLinkSecret = resultLinkSecret;
        this.node = node;
        this.replication = replication;
    }

    /**
     * Opens the state of a server whose data directory is {@code dataDirectory} (already locked):
     * in {@code database} when given, else in the data directory's SQLite file.
     */
    public static ServerState open(Path dataDirectory, Optional<DatabaseUrl> database, Clock clock, SecureRandom random) {
        FileArtifactStore files = new FileArtifactStore(dataDirectory.resolve("artifacts"));
        if (database.isEmpty()) {
            return new ServerState(SqliteDatabase.inDataDirectory(dataDirectory), files,
                    () -> ResultLinkSecret.in(dataDirectory, random), SQLITE_NODE, Optional.empty());
        }
        PostgresDatabase postgres = PostgresDatabase.open(database.get());
        String node = replicaNode(dataDirectory, random);
        Replication replication = new Replication(
                new ReplicaHeartbeats(postgres, node, ReplicaHeartbeats.BEAT_EVERY, ReplicaHeartbeats.PROMISE),
                new PostgresCallLog(postgres, node, CallLog.KEPT_PER_DEPLOYMENT, PostgresCallLog.WRITTEN_PER_DEPLOYMENT,
                        PostgresCallLog.QUEUED_CALLS,
                        PostgresCallLog.WRITE_EVERY));
        replication.heartbeats().start();
        replication.callLog().start();
        return new ServerState(postgres, new SharedArtifactStore(postgres, files, clock),
                () -> sharedSecret(postgres, LINK_SECRET, random), node, Optional.of(replication));
    }

    /** The key store alone, for {@code inferd keys}. */
    public static ServerState forKeys(Path dataDirectory, Optional<DatabaseUrl> database) {
        StateDatabase opened = database.<StateDatabase>map(PostgresDatabase::open)
                .orElseGet(() -> SqliteDatabase.inDataDirectory(dataDirectory));
        return new ServerState(opened, null, null, SQLITE_NODE, Optional.empty());
    }

    public DeploymentStore deployments() {
        return new SqlDeploymentStore(database);
    }

    public KeyStore keys() {
        return new SqlKeyStore(database);
    }

    public JobStore jobs() {
        return new SqlJobStore(database);
    }

    public ArtifactStore artifacts() {
        return artifacts;
    }

    /**
     * The secret that signs result links, read or made at each call (ResultLinks calls it once, when
     * first needed); it may throw until the database answers.
     */
    public Supplier<byte[]> resultLinkSecret() {
        return resultLinkSecret;
    }

    /** Who this server is when it holds async jobs' leases: one name per data directory. */
    public String node() {
        return node;
    }

    /**
     * The replicas that share the rate limits: those beating on the shared database, or this server
     * alone on SQLite.
     */
    public LiveReplicas liveReplicas() {
        return replication.<LiveReplicas>map(Replication::heartbeats).orElseGet(LiveReplicas::alone);
    }

    /** The call log of every replica on the shared database; none on SQLite, which no other server shares. */
    public Optional<SharedCallLog> sharedCallLog() {
        return replication.map(Replication::callLog);
    }

    /** Throws when the database cannot be used; the readiness check calls it. */
    public void ping() {
        database.ping();
    }

    public String description() {
        return database.description();
    }

    /**
     * Runs each reaction when another replica announces its topic; nothing on SQLite, which no
     * other server shares. Close what it returns to stop listening.
     */
    public AutoCloseable listen(Map<StoreTopic, Runnable> reactions) {
        if (!(database instanceof PostgresDatabase postgres)) {
            return () -> { };
        }
        Map<StoreTopic, Runnable> withReplicas = new EnumMap<>(StoreTopic.class);
        withReplicas.putAll(reactions);
        replication.ifPresent(replicas -> withReplicas.put(StoreTopic.REPLICAS, replicas.heartbeats()::recountSoon));
        StoreNotifications notifications = new StoreNotifications(postgres, withReplicas);
        notifications.start();
        return notifications;
    }

    /** Writes this replica's last calls and takes it off the live replicas before the database closes. */
    @Override
    public void close() {
        replication.ifPresent(replicas -> {
            replicas.callLog().close();
            replicas.heartbeats().close();
        });
        database.close();
    }

    /**
     * A replica's node name, kept in its data directory so that a restart on the same directory is
     * the same node and takes back at once the jobs it was running; the host name makes it readable.
     */
    private static String replicaNode(Path dataDirectory, SecureRandom random) {
        Path file = dataDirectory.resolve(NODE_FILE);
        try {
            if (Files.exists(file)) {
                String kept = Files.readString(file, StandardCharsets.UTF_8).strip();
                if (!kept.isEmpty() && kept.length() <= 128) {
                    return kept;
                }
            }
            byte[] suffix = new byte[4];
            random.nextBytes(suffix);
            String host;
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                host = "replica";
            }
            String node = (host.length() > 100 ? host.substring(0, 100) : host) + "-" + HexFormat.of().formatHex(suffix);
            DurableFiles.replace(file, node.getBytes(StandardCharsets.UTF_8));
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write " + file, e);
        }
    }

    /** A secret every replica reads alike: the first replica to ask creates it. */
    private static byte[] sharedSecret(PostgresDatabase database, String name, SecureRandom random) {
        byte[] fresh = new byte[SECRET_BYTES];
        random.nextBytes(fresh);
        return database.write(handle -> storedSecret(handle, name, fresh));
    }

    /**
     * Stores {@code candidate} as the secret {@code name} unless the database has one already, and
     * returns the one it has: the first value stored wins, so every replica and a copied data
     * directory end up signing with the same.
     */
    static byte[] storedSecret(Handle handle, String name, byte[] candidate) {
        handle.createUpdate("INSERT INTO server_secrets (name, value) VALUES (:name, :value) ON CONFLICT (name) DO NOTHING")
                .bind("name", name)
                .bind("value", candidate)
                .execute();
        return handle.createQuery("SELECT value FROM server_secrets WHERE name = :name")
                .bind("name", name)
                .mapTo(byte[].class)
                .one();
    }
}
