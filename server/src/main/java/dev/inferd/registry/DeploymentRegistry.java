package dev.inferd.registry;

import dev.inferd.bundle.Bundle;
import dev.inferd.bundle.BundleUpload;
import dev.inferd.error.ConflictException;
import dev.inferd.error.DeploymentNotFoundException;
import dev.inferd.error.RuntimeFailureException;
import dev.inferd.error.StoreUnavailableException;
import dev.inferd.error.VersionDeletedException;
import dev.inferd.error.VersionNotFoundException;
import dev.inferd.runtime.LoadedModel;
import dev.inferd.runtime.ModelSignature;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * Deployments, versions and aliases. Reads come from an in-memory snapshot per deployment, so
 * resolving a call never touches the database; writes go to the store first and then replace the
 * snapshot, one writer per deployment at a time.
 * <p>
 * Other servers may share the store. Each write here starts from the deployment as stored, so it
 * checks against their changes too, and {@link #followStore()}, called every second, applies what
 * they changed: versions they deployed load up front, versions and deployments they deleted unload
 * once the calls running on them end, aliases they moved take effect.
 */
public final class DeploymentRegistry {
    /** How long describing a version waits for a load already under way. */
    private static final Duration SIGNATURE_WAIT = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(DeploymentRegistry.class);
    /** How often the server calls {@link #followStore()}. */
    public static final Duration FOLLOW_STORE_EVERY = Duration.ofSeconds(1);

    private final DeploymentStore store;
    private final ArtifactStore artifacts;
    private final LoadedModels models;
    private final DeployTestRunner testRunner;
    private final Clock clock;
    private final Map<String, Deployment> deployments = new ConcurrentHashMap<>();
    private final Map<String, ReentrantLock> writeLocks = new ConcurrentHashMap<>();
    /** Deploys hold it shared from unpacking to commit; removing unreferenced files holds it alone. */
    private final ReadWriteLock artifactLock = new ReentrantReadWriteLock();
    /** The store's change feed as far as {@link #followStore()} has read it; guarded by this. */
    private long changesSeen;
    /** Deployments the feed listed that a write here held when they were to be reloaded; guarded by this. */
    private final Set<DeploymentName> changesToApply = new HashSet<>();
    /** Set when a version changed elsewhere was unloaded, so that its unpacked files are removed. */
    private final AtomicBoolean unloadedWorkToRemove = new AtomicBoolean();
    /** Calls routed by an earlier snapshot while a change another server made loads, by deployment name ({@link #followStored}). */
    private final Map<String, RouteHold> held = new ConcurrentHashMap<>();
    /** A hold ends after this even if its loads have not: calls then wait for them, as they would without one. */
    static final Duration LONGEST_HOLD = Duration.ofMinutes(10);

    public DeploymentRegistry(DeploymentStore store, ArtifactStore artifacts, LoadedModels models,
                              Duration deployTestTimeout, Clock clock) {
        this.store = store;
        this.artifacts = artifacts;
        this.models = models;
        this.testRunner = new DeployTestRunner(deployTestTimeout);
        this.clock = clock;
        try {
            // Before the load: a change between the two is loaded now and then reloaded once, harmlessly.
            long latest = store.latestChange();
            for (Deployment deployment : store.loadAll()) {
                deployments.put(deployment.name().value(), deployment);
            }
            this.changesSeen = latest;
            // Leftovers of deletes and of deploys a crash interrupted.
            removeUnreferencedFiles();
        } catch (StoreUnavailableException e) {
            // A shared database that is away at start: from sequence 0, the first look at the change
            // feed once it answers lists every deployment, which then loads.
            log.warn("starting without deployments until the database answers: {}", e.getMessage());
        }
    }

    /**
     * Unpacks, loads and tests the bundle, then records it as the next version. Content identical to
     * the latest version records nothing and answers that version.
     */
    public DeployResult deploy(DeploymentName name, BundleUpload upload) {
        return underWriteLock(name, () -> {
            artifactLock.readLock().lock();
            try {
                long started = System.nanoTime();
                Bundle bundle = models.unpack(upload);
                return deployLocked(name, bundle, started);
            } finally {
                artifactLock.readLock().unlock();
            }
        });
    }

    /** @param started when the deploy began, for the log's account of where its time went */
    private DeployResult deployLocked(DeploymentName name, Bundle bundle, long started) {
        Deployment current = applyStored(name);
        if (current != null && !current.versions().isEmpty()
                && current.latest().contentHash().equals(bundle.contentHash())) {
            return new DeployResult(current.latest(), false);
        }
        long unpacked = System.nanoTime();
        LoadedModel model = models.loadForDeploy(name, store.nextVersionNumber(name), bundle);
        DeploymentVersion version;
        long tested;
        try {
            testRunner.runAll(bundle.manifest(), model);
            tested = System.nanoTime();
            DeployResult committed = commit(name, bundle);
            if (!committed.created()) {
                // Another server committed the same bundle while this one tested it.
                model.close();
                applyStored(name);
                return committed;
            }
            version = committed.version();
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
        models.register(version, model);
        deployments.compute(name.value(), (key, existing) ->
                (existing == null ? Deployment.empty(name, version.createdAt()) : existing).withVersion(version));
        long stored = System.nanoTime();
        log.info("deployed {} ({} {}, content {}, {} bytes) in {} ms: unpacked in {}, loaded and tested in {}, stored in {}",
                version.label(), version.runtime(), version.main(), version.contentHash().substring(0, 12), bundle.totalBytes(),
                millis(stored - started), millis(unpacked - started), millis(tested - unpacked), millis(stored - tested));
        return new DeployResult(version, true);
    }

    private DeployResult commit(DeploymentName name, Bundle bundle) {
        artifacts.put(bundle.contentHash(), bundle::writeZip);
        return store.addVersion(name, new DeploymentStore.VersionDraft(bundle.manifest().runtime(), bundle.manifest().main(),
                bundle.contentHash(), bundle.manifest().rateLimitPerMinute()), now());
    }

    /**
     * The model of a version the caller resolved earlier. A version deleted since then is not
     * loaded again: nothing would ever unload it.
     */
    /**
     * What a loaded version's model declares it takes and gives (ONNX); empty for a version that is
     * not loaded, whose load this does not start, or whose runtime says nothing of it.
     */
    public Optional<ModelSignature> signatureIfLoaded(DeploymentVersion version) {
        return models.ifLoaded(version).flatMap(loading -> {
            try {
                return loading.get(SIGNATURE_WAIT.toMillis(), TimeUnit.MILLISECONDS).signature();
            } catch (ExecutionException | TimeoutException e) {
                return Optional.empty();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        });
    }

    public CompletableFuture<LoadedModel> loadedModel(DeploymentVersion version) {
        Deployment current = deployments.get(version.deployment().value());
        if (current == null || current.versions().isEmpty()) {
            return CompletableFuture.failedFuture(new VersionDeletedException(
                    "deployment " + version.deployment() + " was deleted before this call reached it"));
        }
        if (!current.hasVersion(version)) {
            return CompletableFuture.failedFuture(new VersionDeletedException(
                    "version " + version.label() + " was deleted before this call reached it"));
        }
        return models.get(version);
    }

    /**
     * The version a call was accepted for earlier (an async job), which must not have been deleted
     * since: such a call answers 410, not the 404 of a name that was never deployed.
     */
    public DeploymentVersion acceptedVersion(String deployment, int number) {
        Deployment current = deployments.get(deployment);
        if (current == null || !current.versions().containsKey(number)) {
            // A job runs on whichever server claims it first, which may not yet have followed the
            // store to the version that the accepting server had just deployed (or, started while
            // the database was away, not yet to any): the store, not this snapshot, says it is gone.
            DeploymentName name = new DeploymentName(deployment);
            current = underWriteLock(name, () -> applyStored(name));
        }
        if (current == null || !current.versions().containsKey(number)) {
            throw new VersionDeletedException("version " + deployment + "/" + number + " was deleted after this call was accepted");
        }
        return current.versions().get(number);
    }

    /** The file of the zipped bundle a version was deployed from, byte for byte as stored. */
    public Path bundle(DeploymentName name, int number) {
        DeploymentVersion version = get(name).version(number);
        return artifacts.file(version.contentHash()).orElseThrow(() -> new RuntimeFailureException(
                "the bundle of " + version.label() + " is missing from the artifact store"));
    }

    /**
     * The deployment of that name, looked up by the name as given: a name that is not valid is
     * simply not found, and the hot path pays for no pattern match.
     */
    public Optional<Deployment> find(String name) {
        Deployment deployment = deployments.get(name);
        return deployment == null || deployment.versions().isEmpty() ? Optional.empty() : Optional.of(deployment);
    }

    public Deployment get(DeploymentName name) {
        return existing(name, deployments.get(name.value()));
    }

    private static Deployment existing(DeploymentName name, Deployment deployment) {
        if (deployment == null || deployment.versions().isEmpty()) {
            throw new DeploymentNotFoundException("no deployment named '" + name + "'");
        }
        return deployment;
    }

    public List<Deployment> list() {
        List<Deployment> all = new ArrayList<>(deployments.values());
        all.removeIf(deployment -> deployment.versions().isEmpty());
        all.sort(Comparator.comparing(Deployment::name));
        return all;
    }

    /** Points an alias at a version, creating the alias or moving it in one step. */
    public void putAlias(DeploymentName name, AliasName alias, int versionNumber) {
        underWriteLock(name, () -> {
            Deployment deployment = stored(name);
            deployment.version(versionNumber);
            store.putAlias(name, alias, versionNumber, now());
            deployments.put(name.value(), deployment.withAlias(alias, versionNumber));
            log.info("alias {}/{} -> version {}", name, alias, versionNumber);
            return null;
        });
    }

    public void deleteAlias(DeploymentName name, AliasName alias) {
        underWriteLock(name, () -> {
            Deployment deployment = stored(name);
            if (!deployment.aliases().containsKey(alias.value()) || !store.deleteAlias(name, alias)) {
                throw new VersionNotFoundException("deployment " + name + " has no alias '" + alias + "'");
            }
            deployments.put(name.value(), deployment.withoutAlias(alias));
            log.info("alias {}/{} deleted", name, alias);
            return null;
        });
    }

    /**
     * Removes one version. Calls running on it finish; its number is never given out again. Refused
     * while an alias points at it (move or delete the alias first) and for the only version (delete
     * the deployment instead), so that no alias and no {@code latest} is left pointing at nothing.
     */
    public void deleteVersion(DeploymentName name, int number) {
        underWriteLock(name, () -> {
            Deployment deployment = stored(name);
            DeploymentVersion version = deployment.version(number);
            List<String> aliases = deployment.aliasesOf(number);
            if (!aliases.isEmpty()) {
                throw new ConflictException("version " + version.label() + " is the target of alias"
                        + (aliases.size() == 1 ? " " : "es ") + String.join(", ", aliases)
                        + "; move or delete " + (aliases.size() == 1 ? "it" : "them") + " first");
            }
            if (deployment.versions().size() == 1) {
                throw new ConflictException("version " + version.label() + " is the only version of " + name
                        + "; delete the deployment instead (DELETE /api/deployments/" + name + ")");
            }
            if (!store.deleteVersion(name, number)) {
                // Checked against the store a moment ago: another server got in between.
                throw new ConflictException("another server changed " + name + " while version " + version.label()
                        + " was being deleted; look at its versions and aliases again");
            }
            deployments.put(name.value(), deployment.withoutVersion(number));
            models.unloadVersion(version);
            log.info("version {} deleted", version.label());
            return null;
        });
        removeUnreferencedFiles();
    }

    /** Removes a deployment, its versions and aliases, unloads it and drops artifacts nothing refers to. */
    public void delete(DeploymentName name) {
        underWriteLock(name, () -> {
            stored(name);
            store.deleteDeployment(name);
            deployments.remove(name.value());
            models.unloadDeployment(name);
            log.info("deployment {} deleted", name);
            return null;
        });
        removeUnreferencedFiles();
    }

    /** Loaded versions that cannot serve right now, by "name/version", for the health report. */
    public SortedMap<String, String> problems() {
        return models.problems();
    }

    /** The versions loaded right now, by "name/version". */
    public SortedSet<String> loadedVersions() {
        return models.loadedVersions();
    }

    /**
     * Starts loading every latest and aliased version in the background, so first calls are fast.
     *
     * @return completes when every one has loaded or failed to (which its calls report)
     */
    public CompletableFuture<Void> warmUp() {
        return CompletableFuture.allOf(pinnedVersions().stream().map(models::get)
                .map(loading -> loading.handle((model, failure) -> null))
                .toArray(CompletableFuture[]::new));
    }

    /**
     * Unloads older versions (neither latest nor aliased) that had no call for {@code idleFor}; they
     * load again on their next call. Latest and aliased versions stay loaded, idle or not.
     */
    public int unloadIdleVersions(Duration idleFor) {
        Set<String> pinned = new HashSet<>();
        pinnedVersions().forEach(version -> pinned.add(version.deployment() + "/" + version.number()));
        return models.unloadIdleExcept(pinned, idleFor);
    }

    private List<DeploymentVersion> pinnedVersions() {
        return list().stream().flatMap(deployment -> pinnedVersionsOf(deployment).stream()).distinct().toList();
    }

    /** The latest version and the aliased ones: those that calls by name or alias go to. */
    private static List<DeploymentVersion> pinnedVersionsOf(Deployment deployment) {
        List<DeploymentVersion> pinned = new ArrayList<>();
        pinned.add(deployment.latest());
        deployment.aliases().values().forEach(number -> pinned.add(deployment.version(number)));
        return pinned;
    }

    /**
     * Applies what other servers sharing the store changed since the last call. Writes made here
     * are applied as they are made; the feed lists them too, and reloading them finds nothing new.
     * A deployment that a write here holds (a deploy holds it while its tests run) is not waited
     * for but applied on a later call, once the write has let go. A change that moves {@code latest}
     * or an alias to versions not loaded here yet applies at once, but calls by those names keep
     * going to the versions they went to until the loads end ({@link #followStored}).
     */
    public synchronized void followStore() {
        DeploymentStore.Changes changes = store.changesSince(changesSeen);
        changesSeen = changes.sequence();
        changesToApply.addAll(changes.deployments());
        for (Iterator<DeploymentName> pending = changesToApply.iterator(); pending.hasNext(); ) {
            DeploymentName name = pending.next();
            ReentrantLock lock = writeLock(name);
            if (lock.tryLock()) {
                try {
                    followStored(name);
                } finally {
                    lock.unlock();
                }
                pending.remove();
            }
        }
        if (unloadedWorkToRemove.get() && artifactLock.writeLock().tryLock()) {
            try {
                unloadedWorkToRemove.set(false);
                // The artifacts are the store's, which the server that deleted the versions cleans.
                models.removeWorkExcept(store.referencedContentHashes());
            } finally {
                artifactLock.writeLock().unlock();
            }
        }
    }

    /**
     * The deployment as the store holds it, made the snapshot: versions no longer stored are
     * unloaded (calls running on them finish), and the versions calls now go to load up front.
     * The caller holds the deployment's write lock. When the snapshot already matches, which is
     * always so unless another server changed the deployment, nothing happens.
     *
     * @return the deployment's snapshot, or null when the store has none of that name
     */
    private Deployment applyStored(DeploymentName name) {
        return apply(name, deployments.get(name.value()), store.load(name).orElse(null));
    }

    /**
     * {@link #applyStored} for a change another server made. The change applies at once (new
     * versions and aliases resolve, deleted ones are gone), but while it moves {@code latest} or an
     * alias from versions that still exist to versions not yet loaded here, calls by those names are
     * routed to the versions they went to until the loads have ended ({@link #resolveForCall}), so
     * that a load (for a large model, seconds of copying from the database) holds no call up. A load
     * that fails, or takes longer than {@link #LONGEST_HOLD}, ends the hold all the same. The caller
     * holds the deployment's write lock.
     */
    private void followStored(DeploymentName name) {
        Deployment routed = routesOf(name.value());
        Deployment stored = store.load(name).orElse(null);
        apply(name, deployments.get(name.value()), stored);
        List<CompletableFuture<LoadedModel>> loads = loadsBeforeSwitching(routed, stored);
        if (loads.isEmpty()) {
            held.remove(name.value());
            return;
        }
        RouteHold hold = new RouteHold(routed);
        held.put(name.value(), hold);
        CompletableFuture.allOf(loads.toArray(CompletableFuture[]::new))
                .orTimeout(LONGEST_HOLD.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((loaded, failure) -> held.remove(name.value(), hold));
    }

    /** Calls by {@code latest} or an alias still routed by an earlier snapshot of a deployment, while its new targets load. */
    private record RouteHold(Deployment routes) {
    }

    /**
     * The version a call by {@code ref} goes to now: as {@link Deployment#resolve}, except that calls
     * by {@code latest} or an alias keep going to the version they went to while a change another
     * server made loads the new one ({@link #followStored}).
     */
    public DeploymentVersion resolveForCall(Deployment deployment, VersionRef ref) {
        RouteHold hold = held.get(deployment.name().value());
        if (hold != null && !(ref instanceof VersionRef.Exact)) {
            try {
                DeploymentVersion routed = hold.routes().resolve(ref);
                if (deployment.hasVersion(routed)) {
                    return routed;
                }
            } catch (VersionNotFoundException newAlias) {
                // An alias the earlier snapshot did not have: it goes where it now points.
            }
        }
        return deployment.resolve(ref);
    }

    /** What calls to the deployment are routed by: the snapshot a hold keeps, else the current one. */
    private Deployment routesOf(String name) {
        RouteHold hold = held.get(name);
        return hold != null ? hold.routes() : deployments.get(name);
    }

    /**
     * The loads of versions that {@code stored} moves calls to from {@code routed}, not done yet;
     * none when a version calls go to now was deleted, since those calls cannot stay.
     */
    private List<CompletableFuture<LoadedModel>> loadsBeforeSwitching(Deployment routed, Deployment stored) {
        if (routed == null || stored == null || routed.versions().isEmpty() || stored.versions().isEmpty()) {
            return List.of();
        }
        List<DeploymentVersion> calledNow = pinnedVersionsOf(routed);
        if (!calledNow.stream().allMatch(stored::hasVersion)) {
            return List.of();
        }
        return pinnedVersionsOf(stored).stream()
                .filter(version -> !calledNow.contains(version))
                .distinct()
                .map(models::get)
                .filter(load -> !load.isDone())
                .toList();
    }

    private Deployment apply(DeploymentName name, Deployment known, Deployment stored) {
        if (Objects.equals(known, stored)) {
            return known;
        }
        if (stored == null) {
            deployments.remove(name.value());
            models.unloadDeployment(name);
            unloadedWorkToRemove.set(true);
            log.info("deployment {} was deleted by another server", name);
            return null;
        }
        deployments.put(name.value(), stored);
        if (known != null) {
            for (DeploymentVersion version : known.versionList()) {
                if (!stored.hasVersion(version)) {
                    models.unloadVersion(version);
                    unloadedWorkToRemove.set(true);
                }
            }
        }
        log.info("deployment {} was changed by another server: versions {}, aliases {}", name,
                stored.versions().keySet(), stored.aliases());
        if (!stored.versions().isEmpty()) {
            pinnedVersionsOf(stored).forEach(models::get);
        }
        return stored;
    }

    /** {@link #applyStored}, for writes that need the deployment to exist. */
    private Deployment stored(DeploymentName name) {
        return existing(name, applyStored(name));
    }

    /** Waits for deploys in flight, which hold the artifact lock shared from unpacking to commit. */
    private void removeUnreferencedFiles() {
        artifactLock.writeLock().lock();
        try {
            Set<String> referenced = store.referencedContentHashes();
            int artifactsRemoved = artifacts.retainOnly(referenced);
            int workRemoved = models.removeWorkExcept(referenced);
            if (artifactsRemoved + workRemoved > 0) {
                log.info("removed {} artifact(s) and {} work folder(s) no version refers to", artifactsRemoved, workRemoved);
            }
        } finally {
            artifactLock.writeLock().unlock();
        }
    }

    /** Milliseconds, the precision the store keeps, so a version reads the same before and after a restart. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private ReentrantLock writeLock(DeploymentName name) {
        return writeLocks.computeIfAbsent(name.value(), key -> new ReentrantLock());
    }

    private <T> T underWriteLock(DeploymentName name, Supplier<T> work) {
        ReentrantLock lock = writeLock(name);
        lock.lock();
        try {
            return work.get();
        } finally {
            // A write made here routes calls as it says at once; its own deploys load before they commit.
            held.remove(name.value());
            lock.unlock();
        }
    }

    private static long millis(long nanos) {
        return nanos / 1_000_000;
    }
}
