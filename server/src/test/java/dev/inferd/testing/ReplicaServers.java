package dev.inferd.testing;

import dev.inferd.config.DatabaseUrl;
import dev.inferd.config.ServerConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replicas: test servers that share one PostgreSQL database, each on a data directory of its own
 * under {@code parent}, as {@code serve --database} runs them behind a load balancer.
 */
public final class ReplicaServers implements AutoCloseable {
    private static final Pattern LIVE_REPLICAS = Pattern.compile("(?m)^inferd_live_replicas (\\S+)$");
    private static final Duration WITHIN = Duration.ofSeconds(20);

    private final Path parent;
    private final List<TestServer> started = new ArrayList<>();

    public ReplicaServers(Path parent) {
        this.parent = parent;
    }

    /** Starts one more replica on {@code database}. */
    public TestServer start(DatabaseUrl database) {
        Path dataDirectory = parent.resolve("replica-" + (started.size() + 1));
        TestServer server = TestServer.start(dataDirectory, settings -> settings.set(ServerConfig::database, Optional.of(database)));
        started.add(server);
        return server;
    }

    /** The name a replica gives itself, kept in its data directory, as the call log names it. */
    public static String node(TestServer server) {
        try {
            return Files.readString(server.dataDirectory().resolve("node-id"), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until every replica counts {@code count} live replicas, as its metrics say. */
    public void awaitLiveReplicas(int count) {
        for (TestServer server : started) {
            Eventually.holds(server.url() + " to count " + count + " live replicas", WITHIN, () -> liveReplicas(server) == count);
        }
    }

    /** Waits until {@code server} knows a deployment that another replica deployed. */
    public static void awaitDeployment(TestServer server, String name) {
        Eventually.holds(server.url() + " to know " + name, WITHIN, () -> server.get("/api/deployments/" + name).status() == 200);
    }

    private static int liveReplicas(TestServer server) {
        Matcher matcher = LIVE_REPLICAS.matcher(server.get("/metrics").body());
        return matcher.find() ? (int) Double.parseDouble(matcher.group(1)) : 0;
    }

    @Override
    public void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            started.get(i).close();
        }
    }
}
