package dev.inferd.invoke.async;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Who holds the lease of a running job: a server ({@code node}) in one of its runs ({@code run},
 * new at every start). At most one process may run as a node at a time; that is what lets a start
 * take back at once the jobs that its node's earlier runs held, as those runs have ended. With
 * SQLite, the data directory's lock makes every run of a server on it the same node.
 */
public record JobOwner(String node, String run) {
    public JobOwner {
        if (node == null || node.isBlank() || node.length() > 128) {
            throw new IllegalArgumentException("a node is named by 1 to 128 characters: " + node);
        }
        if (run == null || run.isBlank() || run.length() > 64) {
            throw new IllegalArgumentException("a run is named by 1 to 64 characters: " + run);
        }
    }

    /** This process's run of {@code node}. */
    public static JobOwner newRun(String node, SecureRandom random) {
        byte[] run = new byte[8];
        random.nextBytes(run);
        return new JobOwner(node, HexFormat.of().formatHex(run));
    }

    @Override
    public String toString() {
        return node + "/" + run;
    }
}
