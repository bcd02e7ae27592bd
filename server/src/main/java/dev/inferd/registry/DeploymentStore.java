package dev.inferd.registry;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Durable deployments, their immutable versions and their aliases. Every method is one transaction.
 * The registry owns this contract; the store package implements it (SQLite for one process, and
 * PostgreSQL for replicas later), and only Main picks the implementation.
 * <p>
 * Several servers may share one store, so it keeps a change feed: every write that changes a
 * deployment (a version added or deleted, an alias put or deleted, the deployment deleted) gives
 * the deployment a new sequence, higher than every sequence before it, in the write's own
 * transaction. Sequences are given in the order writes commit, so a reader that has seen sequence
 * N never later finds a change at N or below: reading the changes since N misses nothing.
 */
public interface DeploymentStore {

    /** Every deployment, each read with its versions and aliases as they stood together. */
    List<Deployment> loadAll();

    /** One deployment with its versions and aliases as they stand together, or empty when there is none. */
    Optional<Deployment> load(DeploymentName deployment);

    /** The highest sequence of the change feed; 0 before the first change. */
    long latestChange();

    /** The deployments changed after sequence {@code sequence}, and the highest sequence among them. */
    Changes changesSince(long sequence);

    /**
     * What the change feed lists after a sequence.
     *
     * @param sequence    the highest sequence read, or the one asked about when nothing changed since
     * @param deployments each deployment changed since, once however often; a deleted one included
     */
    record Changes(long sequence, Set<DeploymentName> deployments) {
        public Changes {
            deployments = Set.copyOf(deployments);
        }
    }

    /**
     * Records a new version numbered one past the highest number the deployment's name has ever had,
     * deleted versions and deleted deployments of that name included, creating the deployment on its
     * first version. When the deployment's latest version has the draft's content already (the same
     * bundle deployed again, perhaps by another server at the same moment), it records nothing and
     * answers that version, not created.
     */
    DeployResult addVersion(DeploymentName deployment, VersionDraft draft, Instant createdAt);

    /** The number {@link #addVersion} would give the name's next version now. */
    int nextVersionNumber(DeploymentName deployment);

    /** What a new version is made of, before the store gives it a number. */
    record VersionDraft(String runtime, String main, String contentHash, OptionalInt rateLimitPerMinute) {
    }

    /** Creates or moves an alias; the version must exist. */
    void putAlias(DeploymentName deployment, AliasName alias, int version, Instant updatedAt);

    /** @return false when there was no such alias */
    boolean deleteAlias(DeploymentName deployment, AliasName alias);

    /**
     * Removes one version, unless an alias points at it.
     *
     * @return false when there was no such version or an alias points at it
     */
    boolean deleteVersion(DeploymentName deployment, int number);

    /** Removes the deployment with its versions and aliases. @return false when there was no such deployment */
    boolean deleteDeployment(DeploymentName deployment);

    /** Content hashes that some version still refers to; every other artifact may be removed. */
    Set<String> referencedContentHashes();
}
