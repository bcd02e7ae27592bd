package dev.inferd.replicas;

import dev.inferd.testing.ChildServer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * {@code inferd serve} processes ({@link ChildServer}) on one database, each with a data directory
 * of its own under a common folder, numbered from 1 as the tests speak of them.
 */
final class Replicas implements AutoCloseable {
    /** Three JVMs starting at once on two cores take a while; a start that takes longer has hung. */
    private static final Duration LISTENING_WITHIN = Duration.ofSeconds(90);

    private final List<ChildServer> servers;

    private Replicas(List<ChildServer> servers) {
        this.servers = servers;
    }

    /**
     * Starts {@code count} replicas at once on {@code database} (as {@code serve --database} takes
     * it), replica N on the data directory {@code dataDirectories/replica-N}, each with {@code flags}.
     */
    static Replicas start(int count, String database, Path dataDirectories, String... flags) {
        List<CompletableFuture<ChildServer>> starting = new ArrayList<>();
        for (int number = 1; number <= count; number++) {
            List<String> arguments = new ArrayList<>(List.of("--database", database,
                    "--data-dir", dataDirectories.resolve("replica-" + number).toString()));
            arguments.addAll(List.of(flags));
            starting.add(CompletableFuture.supplyAsync(() -> ChildServer.start(LISTENING_WITHIN, arguments.toArray(String[]::new)),
                    task -> new Thread(task, "replica-start").start()));
        }
        List<ChildServer> started = new ArrayList<>();
        AssertionError failed = null;
        for (CompletableFuture<ChildServer> replica : starting) {
            try {
                started.add(replica.join());
            } catch (CompletionException e) {
                failed = e.getCause() instanceof AssertionError error ? error : new AssertionError(e.getCause());
            }
        }
        if (failed != null) {
            new Replicas(started).close();
            throw failed;
        }
        return new Replicas(started);
    }

    /** Replica {@code number}, counted from 1. */
    ChildServer replica(int number) {
        return servers.get(number - 1);
    }

    List<ChildServer> all() {
        return servers;
    }

    /** Every replica but {@code number}. */
    List<ChildServer> allBut(int number) {
        List<ChildServer> others = new ArrayList<>(servers);
        others.remove(number - 1);
        return others;
    }

    /**
     * SIGKILL to each replica still running: quicker than a clean stop, and nothing is left behind
     * that matters, since their Python workers exit on their own once their server is gone.
     */
    @Override
    public void close() {
        servers.forEach(ChildServer::close);
    }
}
